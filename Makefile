# The two commands a newcomer needs (see README.md):
#   make run    starts a local hub with the demo store and opens a station enrolled with it
#   make test   runs every test, as CI does

GO ?= go
DB ?= $(HOME)/.local/share/stationhand/demo.db

.PHONY: run run-offline test build bench deps screenshots dist wine-smoke

run:
	@scripts/run.sh

# The station alone, offline, on its own demo data (no hub).
run-offline:
	@scripts/deps.sh build
	$(GO) run ./cmd/stationhand --demo --db "$(DB)"

test:
	@scripts/test.sh

build:
	@scripts/deps.sh build
	$(GO) build -o bin/ ./cmd/...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

deps:
	@scripts/deps.sh test

screenshots:
	STATIONHAND_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 ./ui/

# Release files in dist/: stationhand.exe (Windows), the Linux .tar.xz, the
# hub for linux/amd64 and arm64 (scripts/dist.sh says more).
dist:
	@scripts/deps.sh dist
	@scripts/dist.sh

# The Windows binary's parse and --version under Wine (CI runs it too).
wine-smoke: dist
	@scripts/wine-smoke.sh dist/stationhand.exe
