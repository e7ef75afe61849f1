package main

// version is this build's version: `git describe` of its commit, set by
// `make dist` (scripts/dist.sh) with -ldflags "-X main.version=…". The
// health check reports it and `hub --version` prints it.
var version = "dev"
