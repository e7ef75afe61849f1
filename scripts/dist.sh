#!/usr/bin/env bash
# Builds the release files into dist/ (or $DIST_DIR):
#   stationhand.exe                   Windows x86-64, cgo + Fyne's Windows driver, icon and
#                                     version metadata from cmd/stationhand/FyneApp.toml
#   stationhand-linux-amd64.tar.xz    Linux: the binary, a .desktop file and the icon
#                                     (`fyne package`; `sudo make install` inside it)
#   hub-linux-amd64, hub-linux-arm64  the hub, static (no cgo: pure-Go SQLite and pgx)
#   VERSION, SHA256SUMS
# Usage: scripts/dist.sh [windows|linux|hub]...   (no argument: all of them)
# The version is `git describe` of the commit ($VERSION overrides it); both
# commands print it with --version. The first Windows build compiles all of
# Fyne with mingw (minutes); later ones come from the Go build cache.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${DIST_DIR:-$root/dist}
version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# fyne package rewrites FyneApp.toml after each package (Build+1, comments
# dropped): keep the file as committed.
meta=$(mktemp)
cp cmd/stationhand/FyneApp.toml "$meta"
trap 'cp "$meta" cmd/stationhand/FyneApp.toml; rm -f "$meta"' EXIT

# The fyne packaging tool, pinned, built once into the Go bin directory.
fyne_tool=fyne.io/tools/cmd/fyne@v1.7.4
fyne_bin=$(go env GOPATH)/bin/fyne-v1.7.4
if [ ! -x "$fyne_bin" ]; then
  tmp=$(mktemp -d)
  GOBIN=$tmp GOFLAGS= go install "$fyne_tool"
  mv "$tmp/fyne" "$fyne_bin"
  rmdir "$tmp"
fi

# `fyne package` wants x.y.z: a tag like v1.2.3 gives it, else FyneApp.toml's.
app_version=()
if [[ $version =~ ^v?([0-9]+\.[0-9]+\.[0-9]+) ]]; then
  app_version=(--app-version "${BASH_REMATCH[1]}")
fi
ldflags="-s -w -X main.version=$version"

build_windows() {
  command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "dist: x86_64-w64-mingw32-gcc missing (apt-get install gcc-mingw-w64-x86-64)" >&2; exit 1; }
  # fyne builds in the source directory (it adds a resource file there for
  # the icon and version info) and leaves Stationhand.exe there.
  # An existing --executable makes it build once, with the icon resource;
  # building first as well would lose the -ldflags (it drops them from
  # GOFLAGS after one build) and the version with them.
  rm -f cmd/stationhand/Stationhand.exe
  : > cmd/stationhand/stationhand.exe
  GOFLAGS="${GOFLAGS:-} -ldflags=-X=main.version=$version" CC=x86_64-w64-mingw32-gcc GOARCH=amd64 \
    "$fyne_bin" package --os windows --release --src cmd/stationhand --executable "$root/cmd/stationhand/stationhand.exe" "${app_version[@]}"
  mv cmd/stationhand/Stationhand.exe "$out/stationhand.exe"
}

build_linux() {
  local tmp
  tmp=$(mktemp -d)
  # No -trimpath: the compiled packages are shared with `go build` and the tests.
  go build -ldflags "$ldflags" -o "$tmp/stationhand" ./cmd/stationhand
  (cd "$tmp" && "$fyne_bin" package --os linux --release --src "$root/cmd/stationhand" --executable "$tmp/stationhand" "${app_version[@]}")
  mv "$tmp/Stationhand.tar.xz" "$out/stationhand-linux-amd64.tar.xz"
  rm -rf "$tmp"
}

build_hub() {
  for arch in amd64 arm64; do
    CGO_ENABLED=0 GOOS=linux GOARCH=$arch go build -trimpath -ldflags "$ldflags" -o "$out/hub-linux-$arch" ./cmd/hub
  done
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(hub linux windows)
for t in "${targets[@]}"; do
  case $t in
    windows | linux | hub) echo "dist: $t ($version)" >&2; "build_$t" ;;
    *) echo "dist: unknown target $t (windows, linux, hub)" >&2; exit 2 ;;
  esac
done
echo "$version" > "$out/VERSION"
(cd "$out" && sha256sum -- $(ls | grep -v -e '^SHA256SUMS$' -e '^VERSION$') > SHA256SUMS)
ls -l "$out" >&2
