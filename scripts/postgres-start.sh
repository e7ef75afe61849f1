#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster in DIR (a new temporary directory if
# none is given) and prints its DSN on stdout, e.g. for the hub's tests:
#
#   dir=$(mktemp -d); export STATIONHAND_TEST_PG=$(scripts/postgres-start.sh "$dir")
#   go test ./sync/...
#   scripts/postgres-stop.sh "$dir"
#
# The server listens only on a Unix socket inside DIR, so it never clashes
# with another PostgreSQL. PostgreSQL refuses to run as root: as root the
# cluster is created and run as the 'postgres' user (Debian's postgresql
# package creates it). Needs Debian's postgresql (see scripts/apt-packages.txt).
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "postgres-start: initdb not found under /usr/lib/postgresql/*/bin; install the 'postgresql' package" >&2
  exit 1
fi

dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/stationhand-pg.XXXXXX")}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

as_owner=()
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "postgres-start: running as root but there is no 'postgres' user to run the server as" >&2
    exit 1
  fi
  chown postgres "$dir"
  chmod 755 "$dir"
  as_owner=(runuser -u postgres --)
fi

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 1
}
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=300 -c shared_buffers=128MB" \
  start >/dev/null || {
  cat "$dir/server.log" >&2
  exit 1
}
echo "postgres://postgres@localhost/postgres?host=$dir&sslmode=disable"
