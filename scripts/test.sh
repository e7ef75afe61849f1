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

# The release files must build on every run: the Windows binary (cgo with
# mingw; the first build compiles Fyne for Windows, later runs hit the Go
# build cache) and the Linux package, which TestLinuxPackage unpacks and
# runs. The Windows binary then gets a smoke test under Wine.
if [ -z "${STATIONHAND_DIST:-}" ]; then
  STATIONHAND_DIST=$(mktemp -d /tmp/stationhand-dist.XXXXXX)
  export STATIONHAND_DIST
  cleanup+=("rm -rf $STATIONHAND_DIST")
  DIST_DIR=$STATIONHAND_DIST scripts/dist.sh linux windows
  scripts/wine-smoke.sh "$STATIONHAND_DIST/stationhand.exe"
fi

go vet ./...
# The tests that time the real window's answers to a scanner's burst run
# after the rest, alone: next to the other packages' tests the machine,
# not the station, is what they would measure.
latency='TestRealWindowFifty'
go test -race -count=1 -timeout 30m -skip "$latency" "$@" ./...
# The other tests' processes are gone, but their load lingers (a go test
# tree takes a while to exit): give the machine up to 90 s to settle below
# one runnable process per CPU.
for _ in $(seq 1 18); do
  awk -v cpus="$(nproc)" '{ exit !($1 < cpus) }' /proc/loadavg && break
  sleep 5
done
# Their files may linger too: temporary databases the kernel is still
# writing back, behind which a scan's fsync can wait (right after the other
# tests one pick answer took 168 ms and one pack store write 38 ms; five
# runs on a quiet machine stayed under 33 ms). Write them back before timing.
sync
go test -race -count=1 -timeout 5m -run "$latency" -v "$@" ./cmd/stationhand/

