package main

// version is this build's version: `git describe` of its commit, set by
// `make dist` (scripts/dist.sh) with -ldflags "-X main.version=…".
// `stationhand --version` prints it and the station tells the hub, which
// lists it with the station (`hub terminals`).
var version = "dev"
