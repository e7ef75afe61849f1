# The two commands a newcomer needs (see README.md):
#   make run    builds and opens the station window with a demo store
#   make test   runs every test, as CI does

GO ?= go
DB ?= $(HOME)/.local/share/stationhand/demo.db

.PHONY: run test build bench deps screenshots

run:
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
