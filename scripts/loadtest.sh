#!/usr/bin/env bash
# The hub's load test at the issue's scale (`make loadtest`): TERMINALS
# simulated terminals (default 5000) recording RATE events a second each
# (default 1), on SQLite and on PostgreSQL (a throw-away cluster unless
# STATIONHAND_TEST_PG is set), first pulling after every push as before
# long-poll, then holding a long-poll on /v1/changes. Each run also ingests
# an order or a cancellation every half second and times it until every
# terminal of its location has it. The load generator runs in the hub's
# process: on a busy machine every figure is pessimistic, so each run
# prints the load average before and after it.
#
#   make loadtest                              # both backends, both modes
#   make loadtest BACKENDS=sqlite MODES=long-poll DURATION=60s
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build >/dev/null

TERMINALS=${TERMINALS:-5000}
LOCATIONS=${LOCATIONS:-50}
RATE=${RATE:-1}
DURATION=${DURATION:-30s}
BACKENDS=${BACKENDS:-sqlite postgres}
MODES=${MODES:-poll long-poll}

mkdir -p bin
go build -o bin/hub ./cmd/hub

cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c" || true; done' EXIT
pg=${STATIONHAND_TEST_PG:-}
if [[ " $BACKENDS " == *" postgres "* ]] && [ -z "$pg" ]; then
  pgdir=$(mktemp -d /tmp/stationhand-pg.XXXXXX)
  pg=$(scripts/postgres-start.sh "$pgdir")
  cleanup+=("scripts/postgres-stop.sh $pgdir")
fi

echo "machine: $(nproc) cores; $TERMINALS terminals at $LOCATIONS locations, $RATE events/s each, for $DURATION"
for backend in $BACKENDS; do
  db=""
  [ "$backend" = postgres ] && db=$pg
  for mode in $MODES; do
    flags=()
    [ "$mode" = long-poll ] && flags+=(--long-poll)
    echo "== $backend, $mode; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    bin/hub loadtest --db "$db" --terminals "$TERMINALS" --locations "$LOCATIONS" --rate "$RATE" \
      --duration "$DURATION" --first-pull 0 --probe-every 500ms "${flags[@]}"
    echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
