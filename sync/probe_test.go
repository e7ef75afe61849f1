package sync_test

import (
	"context"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/internal/faultproxy"
)

// TestSyncerIsBackWithinSecondsOfTheHub: while the hub is unreachable the
// Syncer probes its health every ProbeEvery, so it syncs within seconds of
// the hub's return rather than at the end of a long backoff (about 50 s
// after a 3-minute outage, issue 12); SyncNow does not wait either.
func TestSyncerIsBackWithinSecondsOfTheHub(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 5)
	proxy, err := faultproxy.New(strings.TrimPrefix(h.url, "http://"), 3)
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	tm := newTerminal(t, h.db, proxy.URL(), "L1", "Pack 1")
	// A backoff of a minute: only the probe can bring it back in time.
	s := sync.NewSyncer(tm.db, tm.client, sync.Config{Interval: time.Hour, MinBackoff: time.Minute, MaxBackoff: time.Minute,
		ProbeEvery: 100 * time.Millisecond})
	updates, stop := s.Subscribe()
	defer stop()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.Run(runCtx)
	waitFor := func(what string, within time.Duration, ok func(sync.Status) bool) {
		t.Helper()
		deadline := time.After(within)
		for {
			select {
			case st := <-updates:
				if ok(st) {
					return
				}
			case <-deadline:
				t.Fatalf("%s: not within %s; status %+v", what, within, s.Status())
			}
		}
	}
	waitFor("first sync", 10*time.Second, func(st sync.Status) bool { return st.Online && !st.LastSync.IsZero() })

	down := time.Now()
	proxy.SetFaults(faultproxy.Faults{Down: true})
	tm.note(2)
	s.Notify()
	// The failed round is published before the backoff that follows it:
	// wait for a next try planned after the hub went down.
	waitFor("offline, with its backoff", 10*time.Second, func(st sync.Status) bool {
		return !st.Online && st.LastError != "" && st.NextAttempt.After(down)
	})
	if next := s.Status().NextAttempt; time.Until(next) < 20*time.Second {
		t.Fatalf("the backoff is not a long one: next try %s", time.Until(next))
	}
	proxy.SetFaults(faultproxy.Faults{})
	back := time.Now()
	waitFor("back online", 3*time.Second, func(st sync.Status) bool { return st.Online && st.Pending == 0 })
	t.Logf("back online %s after the hub", time.Since(back).Round(time.Millisecond))

	// SyncNow runs a round at once even with nothing to probe.
	var mu gosync.Mutex
	var attempts []time.Time
	s2 := sync.NewSyncer(tm.db, countingHub{tm.client, &mu, &attempts}, sync.Config{Interval: time.Hour, MinBackoff: time.Minute, MaxBackoff: time.Minute})
	ctx2, cancel2 := context.WithCancel(ctx)
	defer cancel2()
	proxy.SetFaults(faultproxy.Faults{Down: true})
	go s2.Run(ctx2)
	for deadline := time.Now().Add(10 * time.Second); s2.Status().LastError == ""; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("s2 never failed")
		}
	}
	proxy.SetFaults(faultproxy.Faults{})
	tm.note(1)
	s2.SyncNow()
	for deadline := time.Now().Add(3 * time.Second); !s2.Status().Online || s2.Status().Pending != 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("SyncNow did not sync: %+v", s2.Status())
		}
	}
}
