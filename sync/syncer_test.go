package sync_test

import (
	"context"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/internal/faultproxy"
)

func TestBackoffGrowsWithJitterUpToTheCap(t *testing.T) {
	cases := []struct {
		n        int
		rand     float64
		min, max time.Duration
	}{
		{1, 0, 500 * time.Millisecond, 500 * time.Millisecond},
		{1, 0.999, 999 * time.Millisecond, time.Second},
		{2, 0, time.Second, time.Second},
		{3, 0.5, 3 * time.Second, 3 * time.Second},
		{7, 0.999, 63 * time.Second, 64 * time.Second},
		{8, 0, 60 * time.Second, 60 * time.Second}, // capped at 2 min, half of it jitter
		{50, 0.999, 119 * time.Second, 120 * time.Second},
	}
	for _, c := range cases {
		cfg := sync.Config{MinBackoff: time.Second, MaxBackoff: 2 * time.Minute, Rand: func() float64 { return c.rand }}
		if d := cfg.Backoff(c.n); d < c.min || d > c.max {
			t.Errorf("Backoff(%d) with rand %v = %s, want %s..%s", c.n, c.rand, d, c.min, c.max)
		}
	}
}

// TestSyncerRunsOnChangeBacksOffAndRecovers runs the Syncer loop against a
// real hub behind a proxy that goes down and comes back, while other
// goroutines read its status (run with -race).
func TestSyncerRunsOnChangeBacksOffAndRecovers(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 5)
	proxy, err := faultproxy.New(strings.TrimPrefix(h.url, "http://"), 3)
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	tm := newTerminal(t, h.db, proxy.URL(), "L1", "Pack 1")
	var attempts []time.Time
	var mu gosync.Mutex
	s := sync.NewSyncer(tm.db, countingHub{tm.client, &mu, &attempts}, sync.Config{
		Interval: time.Hour, MinBackoff: 20 * time.Millisecond, MaxBackoff: 160 * time.Millisecond})
	updates, stop := s.Subscribe()
	defer stop()
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()

	// Readers on other goroutines, as the UI polls.
	var readers gosync.WaitGroup
	for i := 0; i < 3; i++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for runCtx.Err() == nil {
				_ = s.Status()
				time.Sleep(time.Millisecond)
			}
		}()
	}
	waitFor := func(what string, ok func(sync.Status) bool) sync.Status {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case st := <-updates:
				if ok(st) {
					return st
				}
			case <-deadline:
				t.Fatalf("timed out waiting for %s; status %+v", what, s.Status())
			}
		}
	}
	first := waitFor("the first sync", func(st sync.Status) bool { return !st.LastSync.IsZero() })
	if !first.Online || first.LastError != "" {
		t.Fatalf("after the first round: %+v", first)
	}

	// A local change is pushed at once, not after the hour-long interval.
	tm.note(2)
	s.Notify()
	waitFor("the kicked push", func(st sync.Status) bool { return st.LastSync.After(first.LastSync) && st.Pending == 0 })

	// The hub becomes unreachable: the Syncer says so and backs off.
	proxy.SetFaults(faultproxy.Faults{Down: true})
	tm.note(3)
	s.Notify()
	off := waitFor("offline", func(st sync.Status) bool { return !st.Online && st.LastError != "" })
	if off.Pending != 3 {
		t.Fatalf("offline status %+v, want 3 pending", off)
	}
	mu.Lock()
	before := len(attempts)
	mu.Unlock()
	// Kicks while offline refresh the count without hammering the hub.
	for i := 0; i < 20; i++ {
		tm.note(1)
		s.Notify()
		time.Sleep(30 * time.Millisecond)
	}
	waitFor("pending count refresh", func(st sync.Status) bool { return st.Pending == 23 })
	mu.Lock()
	tries := append([]time.Time(nil), attempts[before:]...)
	mu.Unlock()
	// 600 ms with a 20 ms floor doubling to a 160 ms cap: a handful of
	// tries, not one per kick.
	if len(tries) < 2 || len(tries) > 12 {
		t.Fatalf("%d attempts in 600 ms of kicks while offline", len(tries))
	}
	for i := 2; i < len(tries); i++ {
		if gap := tries[i].Sub(tries[i-1]); gap < 10*time.Millisecond {
			t.Fatalf("attempts %s apart while offline: no backoff", gap)
		}
	}

	// The hub is back: the queue drains by itself.
	proxy.SetFaults(faultproxy.Faults{})
	back := waitFor("the queue to drain", func(st sync.Status) bool { return st.Online && st.Pending == 0 && st.LastError == "" })
	if back.LastSync.Before(off.LastAttempt) {
		t.Fatalf("status after recovery: %+v", back)
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Run returned %v", err)
	}
	readers.Wait()
	checkConverged(t, h.db, tm)
}

// countingHub records when each push is attempted.
type countingHub struct {
	sync.Hub
	mu       *gosync.Mutex
	attempts *[]time.Time
}

func (c countingHub) Push(ctx context.Context, req wire.PushRequest) (wire.PushResponse, error) {
	c.mu.Lock()
	*c.attempts = append(*c.attempts, time.Now())
	c.mu.Unlock()
	return c.Hub.Push(ctx, req)
}
