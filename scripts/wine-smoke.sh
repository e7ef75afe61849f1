#!/usr/bin/env bash
# Smoke-tests the Windows build under Wine: `stationhand.exe --version`
# prints the version it was built as (dist/VERSION), and `parse` explains an
# SSCC. Needs Debian's wine64 and the mingw cross-compiler
# (scripts/apt-packages.txt). Usage: scripts/wine-smoke.sh dist/stationhand.exe
set -euo pipefail
cd "$(dirname "$0")/.."
exe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
wine=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
[ -x "$wine" ] || { echo "wine-smoke: Wine is not installed (apt-get install wine64)" >&2; exit 1; }
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
prefix=$(mktemp -d /tmp/stationhand-wine.XXXXXX)
export WINEPREFIX=$prefix WINEDEBUG=-all DISPLAY=
trap '"$wineserver" -k 2>/dev/null || true; rm -rf "$prefix"' EXIT

"$wine" wineboot -i >/dev/null 2>&1 || true
# Wine 8.0 has no bcryptprimitives.dll, which every Go 1.24+ program needs.
x86_64-w64-mingw32-gcc -shared -O2 -o "$prefix/drive_c/windows/system32/bcryptprimitives.dll" \
  scripts/wine/bcryptprimitives.c -ladvapi32

want="stationhand $(cat "$(dirname "$exe")/VERSION")"
got=$("$wine" "$exe" --version 2>/dev/null | tr -d '\r') || true
if [ "$got" != "$want" ]; then
  echo "wine-smoke: stationhand.exe --version printed '$got', want '$want'" >&2
  exit 1
fi
out=$("$wine" "$exe" parse '(00)106141411234567897' 2>/dev/null | tr -d '\r') || true
case $out in
  *SSCC*106141411234567897*) ;;
  *) echo "wine-smoke: stationhand.exe parse printed: $out" >&2; exit 1 ;;
esac
echo "wine-smoke: $got under Wine; parse works"
