package main

import (
	"context"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/sync/hub/loadtest"
)

func init() {
	register(command{name: "loadtest", summary: "simulate hundreds of terminals pushing and pulling on loopback", run: runLoadtest})
}

func runLoadtest(ctx context.Context, args []string) int {
	fs, dsn := newFlags("loadtest", `[--db DSN] [--terminals 500] [--duration 10s] [--rate 10] [--first-pull 10000]

Serves the hub on a loopback port and lets simulated terminals claim and pick
orders, pushing their events and pulling changes, then reports events applied
per second and push latency (p50, p99), and how long a new terminal takes to
pull a location of --first-pull orders into a real station database.
It adds its own locations (LT-…) to the database: use a scratch one.
--db "" (the default here) uses a temporary SQLite file.`)
	fs.Lookup("db").DefValue, *dsn = "", ""
	terminals := fs.Int("terminals", 500, "simulated terminals")
	locations := fs.Int("locations", 50, "locations they are spread over")
	orders := fs.Int("orders", 100, "open orders per location")
	duration := fs.Duration("duration", 10*time.Second, "how long the terminals work")
	rate := fs.Float64("rate", 10, "events per second per terminal; 0 pushes back to back to find the ceiling")
	pushEvery := fs.Duration("push-every", time.Second, "with --rate: how often each terminal pushes")
	batch := fs.Int("batch", 20, "with --rate 0: events per push")
	pullEvery := fs.Int("pull-every", 1, "a terminal pulls after every N pushes (1: every round, as a Syncer does)")
	firstPull := fs.Int("first-pull", 10000, "orders of a new terminal's first pull (0: skip)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	res, err := loadtest.Run(ctx, loadtest.Config{DSN: *dsn, Terminals: *terminals, Locations: *locations, Orders: *orders,
		Duration: *duration, Rate: *rate, PushEvery: *pushEvery, Batch: *batch, PullEvery: *pullEvery, FirstPull: *firstPull, Log: stderr})
	if err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, res)
	return 0
}
