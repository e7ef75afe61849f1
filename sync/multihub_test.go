package sync_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// bothHubs sends every push to two hub processes at once, as a load
// balancer retrying on another node does, and pulls from either.
type bothHubs struct {
	a, b       *sync.Client
	rng        *rand.Rand
	duplicates *int // events a hub answered were already applied by the other
}

func (h bothHubs) Push(ctx context.Context, req wire.PushRequest) (wire.PushResponse, error) {
	type answer struct {
		res wire.PushResponse
		err error
	}
	answers := make(chan answer, 2)
	for _, c := range []*sync.Client{h.a, h.b} {
		go func() {
			res, err := c.Push(ctx, req)
			answers <- answer{res, err}
		}()
	}
	first, second := <-answers, <-answers
	*h.duplicates += first.res.Duplicates + second.res.Duplicates
	if first.err != nil {
		return second.res, second.err
	}
	return first.res, first.err
}

func (h bothHubs) Pull(ctx context.Context, cursor string, limit int) (wire.PullResponse, error) {
	if h.rng.IntN(2) == 0 {
		return h.a.Pull(ctx, cursor, limit)
	}
	return h.b.Pull(ctx, cursor, limit)
}

// TestTwoHubsShareOnePostgres runs two hubs on one PostgreSQL: stations
// push every batch to both at the same time and pull from either, and
// each event is still applied exactly once, in order.
func TestTwoHubsShareOnePostgres(t *testing.T) {
	dsn := hubtest.PostgresDSN(t)
	h1 := startHub(t, dsn)
	h2 := startHub(t, dsn)
	hubtest.Seed(t, h1.db, "L1", 30)
	rng := rand.New(rand.NewPCG(11, 12))
	duplicates := 0
	var terms []*terminal
	for i := 0; i < 3; i++ {
		tm := newTerminal(t, h1.db, h1.url, "L1", "S"+string(rune('A'+i)))
		c2, err := sync.NewClient(h2.url, tm.token, sync.ClientOptions{Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		both := bothHubs{a: tm.client, b: c2, rng: rng, duplicates: &duplicates}
		if _, err := sync.Round(ctx, tm.db, both, sync.RoundOptions{PushBatch: 7}); err != nil {
			t.Fatal(err)
		}
		terms = append(terms, tm)
	}
	for round := 0; round < 10; round++ {
		for i, tm := range terms {
			tm.note(3 + rng.IntN(5))
			if round%3 == i {
				_ = tm.tryPick(hubtest.Order("L1", round*3+i).ExternalID)
			}
			c2, _ := sync.NewClient(h2.url, tm.token, sync.ClientOptions{Timeout: 5 * time.Second})
			if _, err := sync.Round(ctx, tm.db, bothHubs{a: tm.client, b: c2, rng: rng, duplicates: &duplicates}, sync.RoundOptions{PushBatch: 7}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tm := range terms {
		tm.mustSync()
	}
	checkConverged(t, h2.db, terms...)
	if duplicates == 0 {
		t.Fatal("no push reached a hub after the other had applied it: the test proved nothing")
	}
	t.Logf("%d events arrived twice and were applied once", duplicates)
}
