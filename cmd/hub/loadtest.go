package main

import (
	"context"
	"fmt"
	"io"
	"os"
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
With --probe-every it also times changes ingested at the hub until every
terminal of their location has them; with --long-poll the terminals hold a
long-poll instead of pulling after each push.
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
	longPoll := fs.Bool("long-poll", false, "terminals hold a long-poll on /v1/changes instead of pulling after their pushes")
	linger := fs.Duration("linger", 0, "the hub's linger of a woken long-poll (0: its default)")
	probeEvery := fs.Duration("probe-every", 0, "ingest an order or a cancellation this often and time it to every terminal of its location (0: none)")
	nullHub := fs.Bool("null-hub", false, "answer pushes at once without applying them, and no long-poll ever: what the simulated terminals and HTTP alone cost (the floor of the figures)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the working window to this file")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	var profile io.Writer
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		profile = f
	}
	res, err := loadtest.Run(ctx, loadtest.Config{DSN: *dsn, Terminals: *terminals, Locations: *locations, Orders: *orders,
		Duration: *duration, Rate: *rate, PushEvery: *pushEvery, Batch: *batch, PullEvery: *pullEvery, FirstPull: *firstPull, Log: stderr,
		LongPoll: *longPoll, Linger: *linger, ProbeEvery: *probeEvery, CPUProfile: profile, NullHub: *nullHub})
	if err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, res)
	return 0
}
