#!/usr/bin/env bash
# Stops the PostgreSQL cluster scripts/postgres-start.sh started in DIR and
# removes DIR.
set -euo pipefail
dir=${1:?usage: scripts/postgres-stop.sh DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -f "$dir/data/postmaster.pid" ] && [ -n "$bindir" ]; then
  as_owner=()
  [ "$(id -u)" = 0 ] && as_owner=(runuser -u postgres --)
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
fi
rm -rf "$dir"
