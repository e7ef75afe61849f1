#!/usr/bin/env bash
# Runs every test, the way CI does: installs what the tests need, starts the
# services they use (an X server for the real-window test, PostgreSQL for the
# hub suite), runs `go test -race` over the whole module, and stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test

cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c" || true; done' EXIT

# A virtual display for the test that drives the real window with xdotool.
if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:$((90 + RANDOM % 100))
  Xvfb "$DISPLAY" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  cleanup+=("kill $xvfb_pid")
fi

# PostgreSQL for the hub's contract suite, in a throw-away directory.
if [ -x scripts/postgres-start.sh ] && [ -z "${STATIONHAND_TEST_PG:-}" ]; then
  pgdir=$(mktemp -d /tmp/stationhand-pg.XXXXXX)
  STATIONHAND_TEST_PG=$(scripts/postgres-start.sh "$pgdir")
  export STATIONHAND_TEST_PG
  cleanup+=("scripts/postgres-stop.sh $pgdir")
fi

export CGO_ENABLED=1
go vet ./...
go test -race -count=1 -timeout 30m "$@" ./...
