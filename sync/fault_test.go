package sync_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/internal/faultproxy"
)

// TestBadNetwork syncs stations through a proxy that drops, delays and
// duplicates requests and cuts connections in the middle of requests and
// answers, one fault at a time and all together.
func TestBadNetwork(t *testing.T) {
	cases := []struct {
		name   string
		faults faultproxy.Faults
		check  func(s faultproxy.Stats) int64
	}{
		{"drop", faultproxy.Faults{Drop: 0.4}, func(s faultproxy.Stats) int64 { return s.Dropped }},
		{"delay", faultproxy.Faults{Delay: 15 * time.Millisecond}, func(s faultproxy.Stats) int64 { return s.Connections }},
		{"duplicate", faultproxy.Faults{Duplicate: 0.7}, func(s faultproxy.Stats) int64 { return s.Duplicated }},
		{"cut request", faultproxy.Faults{CutRequest: 0.4}, func(s faultproxy.Stats) int64 { return s.CutRequests }},
		{"cut response", faultproxy.Faults{CutResponse: 0.5}, func(s faultproxy.Stats) int64 { return s.CutResponses }},
		{"everything", faultproxy.Faults{Drop: 0.15, Delay: 5 * time.Millisecond, Duplicate: 0.3, CutRequest: 0.25, CutResponse: 0.25},
			func(s faultproxy.Stats) int64 { // at least three kinds of fault met the same rounds
				kinds := int64(0)
				for _, n := range []int64{s.Dropped, s.Duplicated, s.CutRequests, s.CutResponses} {
					if n > 0 {
						kinds++
					}
				}
				return max(kinds-2, 0)
			}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := startHub(t, hubtest.SQLiteDSN(t))
			hubtest.Seed(t, h.db, "L1", 30)
			proxy, err := faultproxy.New(strings.TrimPrefix(h.url, "http://"), uint64(i+1))
			if err != nil {
				t.Fatal(err)
			}
			defer proxy.Close()
			a := newTerminal(t, h.db, proxy.URL(), "L1", "A")
			b := newTerminal(t, h.db, proxy.URL(), "L1", "B")
			// A connection per request, so that each request meets the
			// proxy's dice (a kept-alive connection meets them once).
			for _, tm := range []*terminal{a, b} {
				tm.connectWith(proxy.URL(), &http.Transport{DisableKeepAlives: true})
			}
			a.syncUntilDone(20 * time.Second) // a clean first pull
			b.syncUntilDone(20 * time.Second)

			proxy.SetFaults(c.faults)
			failures := 0
			rounds := 8
			if raceEnabled {
				rounds = 5
			}
			for round := 0; round < rounds; round++ {
				a.note(7)
				b.note(5)
				if round%3 == 0 {
					a.pick(hubtest.Order("L1", round).ExternalID)
					b.pick(hubtest.Order("L1", 15+round).ExternalID)
				}
				for _, tm := range []*terminal{a, b} {
					if _, err := tm.sync(); err != nil {
						failures++
					}
				}
			}
			stats := proxy.Stats()
			if c.check(stats) == 0 {
				t.Fatalf("the proxy made no %s fault: %+v", c.name, stats)
			}
			proxy.SetFaults(faultproxy.Faults{})
			a.syncUntilDone(20 * time.Second)
			b.syncUntilDone(20 * time.Second)
			checkConverged(t, h.db, a, b)
			t.Logf("%+v; %d failed rounds", stats, failures)
		})
	}
}

// TestRandomizedOutagesAndRestarts interleaves many stations at two
// locations doing work, network faults and outages, hub restarts and
// station restarts, from a seed, for a bounded number of steps; then heals
// everything and checks the invariants.
func TestRandomizedOutagesAndRestarts(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d (set STATIONHAND_SYNC_SEED to replay)", seed)
	if s := envSeed(); s != 0 {
		seed = s
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 40)
	hubtest.Seed(t, h.db, "L2", 40)
	proxy, err := faultproxy.New(strings.TrimPrefix(h.url, "http://"), seed)
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	var terms []*terminal
	for i := 0; i < 8; i++ {
		loc := []string{"L1", "L2"}[i%2]
		tm := newTerminal(t, h.db, proxy.URL(), loc, fmt.Sprintf("S%d", i))
		tm.syncUntilDone(20 * time.Second)
		terms = append(terms, tm)
	}
	next := map[string]int{"L1": 0, "L2": 0}
	deadline := time.Now().Add(4 * time.Second)
	steps := 0
	for ; steps < 400 && time.Now().Before(deadline); steps++ {
		tm := terms[rng.IntN(len(terms))]
		switch r := rng.IntN(100); {
		case r < 30:
			tm.note(1 + rng.IntN(6))
		case r < 42:
			// Two stations may pick the same order while apart.
			n := next[tm.term.Location] - rng.IntN(2)
			next[tm.term.Location]++
			if n >= 0 && n < 40 {
				_ = tm.tryPick(hubtest.Order(tm.term.Location, n).ExternalID)
			}
		case r < 75:
			tm.sync()
		case r < 82:
			proxy.SetFaults(faultproxy.Faults{Drop: rng.Float64() * 0.3, Duplicate: rng.Float64() * 0.5,
				CutRequest: rng.Float64() * 0.3, CutResponse: rng.Float64() * 0.3, Delay: time.Duration(rng.IntN(3)) * time.Millisecond})
		case r < 86:
			proxy.SetFaults(faultproxy.Faults{Down: true})
		case r < 90:
			proxy.SetFaults(faultproxy.Faults{})
		case r < 94:
			h.restart()
			proxy.SetTarget(strings.TrimPrefix(h.url, "http://"))
		default:
			tm.restart()
		}
	}
	proxy.SetFaults(faultproxy.Faults{})
	for pass := 0; pass < 2; pass++ { // the second pass brings everyone the others' last changes
		for _, tm := range terms {
			tm.syncUntilDone(20 * time.Second)
		}
	}
	checkConverged(t, h.db, terms...)
	total, rejected, _ := h.db.EventCount(ctx)
	t.Logf("%d steps; hub holds %d events (%d refused); proxy %+v", steps, total, rejected, proxy.Stats())
}

func envSeed() uint64 {
	var s uint64
	fmt.Sscan(os.Getenv("STATIONHAND_SYNC_SEED"), &s)
	return s
}
