# The two commands a newcomer needs (see README.md):
#   make run    starts a local hub with the demo store and opens a station enrolled with it
#   make test   runs every test, as CI does

GO ?= go
DB ?= $(HOME)/.local/share/stationhand/demo.db

.PHONY: run run-offline test build bench deps screenshots torture dist wine-smoke loadtest

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

# The README's pictures: the size test (every screen, the four sizes) and
# the workflow tests that snap a screen, written to docs/screenshots.
screenshots:
	STATIONHAND_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 ./ui/ \
		-run 'TestEveryScreenAtEverySize|TestScreenshots|TestPackTwoPackagesByScans|TestPickupStageAndHandOverByQR|TestPickupLockOutAndNoHandoffWithoutVerification|TestInspectTwoItemReturnByScansAndKeys|TestSettingsScreen|TestFirstStartSetup'

# The long fault-injection run (sync/torture): 1,000 seeds of kill -9,
# database rollbacks, bad network and clock skew against a hub and stations,
# every fault kind on (CI leaves out the kinds whose fixes are not merged yet).
SEEDS ?= 1000
torture:
	$(GO) test -count=1 -timeout 8h ./sync/torture/ -run 'TestTorture$$' -torture.seeds=$(SEEDS) -torture.unfixed -v

# Release files in dist/: stationhand.exe (Windows), the Linux .tar.xz, the
# hub for linux/amd64 and arm64 (scripts/dist.sh says more).
dist:
	@scripts/deps.sh dist
	@scripts/dist.sh

# The Windows binary's parse and --version under Wine (CI runs it too).
wine-smoke: dist
	@scripts/wine-smoke.sh dist/stationhand.exe

# The hub under the issue's load (scripts/loadtest.sh): 5,000 terminals at one
# event per second each, polling and then on long-poll, SQLite and
# PostgreSQL, with push latency and how soon an ingested order or
# cancellation is at every terminal of its location. Not part of `make test`
# (TestSmallLoad is its smoke run). TERMINALS, RATE, DURATION, BACKENDS and
# MODES override the defaults.
loadtest:
	@scripts/loadtest.sh
