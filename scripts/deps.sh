#!/usr/bin/env bash
# Installs the Debian packages Stationhand needs to build and test
# (scripts/apt-packages.txt), and only those that are missing.
# Usage: scripts/deps.sh [build|dist|test]   (build: only what compiling the app needs;
# dist: that and the Windows cross-compiler and xz for make dist)
# test also installs the ZPL renderer the label tests use (scripts/zpl-render).
set -euo pipefail
cd "$(dirname "$0")/.."

want=()
while read -r pkg; do
  [ -z "$pkg" ] || [[ "$pkg" == \#* ]] && continue
  want+=("$pkg")
done < scripts/apt-packages.txt
mode=${1:-test}
if [ "$mode" = build ]; then
  want=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
fi
if [ "$mode" = dist ]; then
  want=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
    gcc-mingw-w64-x86-64 xz-utils)
fi

if ! command -v go >/dev/null; then
  echo "deps: Go is not installed (or not on PATH). Install Go 1.26 or newer from your usual source first." >&2
  exit 1
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Node.js and npm for the ZPL renderer: Debian's packages only when the
# commands are missing (a NodeSource nodejs ships its own npm and conflicts
# with Debian's npm package).
if [ "$mode" = test ]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi

install_zpl_renderer() {
  # zpl-renderer-js (zebrash as WebAssembly) at the version package-lock.json
  # pins, into the git-ignored scripts/zpl-render/node_modules; from npm's
  # cache when it holds it, so later runs work offline.
  [ "$mode" = test ] || return 0
  local dir=scripts/zpl-render
  if [ -f "$dir/node_modules/zpl-renderer-js/package.json" ] &&
    [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  echo "deps: installing the ZPL renderer in $dir (npm ci)" >&2
  (cd "$dir" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2)
}

if [ ${#missing[@]} -eq 0 ]; then
  install_zpl_renderer
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "deps: these packages are missing and this is not a Debian-like system: ${missing[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "deps: these Debian packages are missing: ${missing[*]}" >&2
    echo "deps: install them as root:  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
install_zpl_renderer
