#!/usr/bin/env bash
# The whole system on one machine: a local order hub with the demo store,
# a station enrolled with it, and the station's window. Orders come from the
# hub; work done at the station syncs back; stop the hub to work offline and
# watch the queue drain when it comes back.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build

data=${STATIONHAND_HOME:-$HOME/.local/share/stationhand}
addr=${HUB_ADDR:-127.0.0.1:8765}
hubdb=$data/demo-hub.db
station=$data/demo-station.db
mkdir -p "$data" bin
go build -o bin/ ./cmd/hub ./cmd/stationhand

bin/hub demo --db "$hubdb" >/dev/null
bin/hub serve --db "$hubdb" --addr "$addr" >"$data/hub.log" 2>&1 &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/${addr%:*}/${addr#*:}") 2>/dev/null && break
  kill -0 $hub_pid 2>/dev/null || { echo "run: the hub did not start (is $addr in use? set HUB_ADDR):" >&2; cat "$data/hub.log" >&2; exit 1; }
  sleep 0.1
done

# Enrol the station once; again only if the hub no longer knows it.
if ! bin/stationhand sync --db "$station" --once -q 2>/dev/null; then
  token=$(bin/hub enroll --db "$hubdb" --location STORE-001 --name "Demo station" --token-only)
  printf %s "$token" | bin/stationhand sync --db "$station" --hub "http://$addr" --token-file - --once -q
fi

cat <<MSG
Hub:     http://$addr (pid $hub_pid, log $data/hub.log)
Station: $station — demo staff and PINs are in the README (Ana Picker 1111, …).
To work offline, stop the hub:   kill $hub_pid
Start it again:                  bin/hub serve --db "$hubdb" --addr $addr
MSG
bin/stationhand --db "$station" --demo
