#!/usr/bin/env bash
# Smoke-tests the Windows build under Wine: `stationhand.exe --version`
# prints the version it was built as, and `parse` explains an SSCC. Needs
# Debian's wine64 (scripts/apt-packages.txt). Usage:
#   scripts/wine-smoke.sh dist/stationhand.exe
set -euo pipefail
exe=${1:?usage: wine-smoke.sh STATIONHAND.EXE}
dir=$(cd "$(dirname "$exe")" && pwd)
wine=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
[ -x "$wine" ] || { echo "wine-smoke: Wine is not installed (apt-get install wine64)" >&2; exit 1; }
prefix=$(mktemp -d /tmp/stationhand-wine.XXXXXX)
trap 'WINEPREFIX=$prefix wineserver_kill; rm -rf "$prefix"' EXIT
wineserver_kill() { "$(dirname "$wine")/wineserver64" -k 2>/dev/null || "$(dirname "$wine")/wineserver" -k 2>/dev/null || true; }
export WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=

want="stationhand $(cat "$dir/VERSION" 2>/dev/null || echo '')"
got=$("$wine" "$exe" --version 2>/dev/null | tr -d '\r')
if [ "$got" != "$want" ]; then
  echo "wine-smoke: stationhand.exe --version printed '$got', want '$want'" >&2
  exit 1
fi
out=$("$wine" "$exe" parse '(00)106141411234567897' 2>/dev/null | tr -d '\r')
case $out in
  *SSCC*106141411234567897*) ;;
  *) echo "wine-smoke: stationhand.exe parse printed: $out" >&2; exit 1 ;;
esac
echo "wine-smoke: $got; parse works"
