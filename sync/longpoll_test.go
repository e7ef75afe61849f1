package sync_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

// countingTransport counts a station's requests to the hub: started, and
// long-polls in flight.
type countingTransport struct {
	mu       gosync.Mutex
	started  []string // method and path of every request, in order
	waiting  int      // long-polls in flight
	rt       http.RoundTripper
	stripped bool // strip the wait parameter: the hub behaves as one without long-poll
}

func (c *countingTransport) setStripped(v bool) {
	c.mu.Lock()
	c.stripped = v
	c.mu.Unlock()
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	wait := r.URL.Query().Has("wait")
	c.mu.Lock()
	c.started = append(c.started, r.Method+" "+r.URL.Path+map[bool]string{true: " wait"}[wait])
	if wait {
		c.waiting++
	}
	stripped := c.stripped
	c.mu.Unlock()
	if stripped && wait {
		r = r.Clone(r.Context())
		q := r.URL.Query()
		q.Del("wait")
		r.URL.RawQuery = q.Encode()
	}
	resp, err := c.rt.RoundTrip(r)
	if wait {
		c.mu.Lock()
		c.waiting--
		c.mu.Unlock()
	}
	return resp, err
}

func (c *countingTransport) snapshot() (started []string, waiting int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.started), c.waiting
}

// runSyncer runs tm's Syncer with cfg until the test ends.
func runSyncer(t *testing.T, tm *terminal, cfg sync.Config) *sync.Syncer {
	t.Helper()
	s := sync.NewSyncer(tm.db, tm.client, cfg)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return s
}

// runIdleStation connects tm to url through a counting transport and runs
// its Syncer with a timer that never fires in a test (an hour): whatever
// reaches the station comes by long-poll. It returns once the station is
// idle, holding one long-poll.
func runIdleStation(t *testing.T, tm *terminal, url string, stripWait bool) (*sync.Syncer, *countingTransport) {
	t.Helper()
	ct := &countingTransport{rt: http.DefaultTransport.(*http.Transport).Clone(), stripped: stripWait}
	tm.connectWith(url, ct)
	interval := time.Hour
	if stripWait {
		interval = 100 * time.Millisecond
	}
	s := runSyncer(t, tm, sync.Config{Interval: interval})
	if stripWait {
		return s, ct
	}
	waitFor(t, 10*time.Second, "the station holds a long-poll", func() bool {
		_, waiting := ct.snapshot()
		return waiting == 1 && !s.Status().LastSync.IsZero()
	})
	return s, ct
}

// waitFor polls cond every millisecond until it holds, and returns how
// long that took; it fails the test after limit, a generous bound for
// correctness, not a performance target.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			t.Fatalf("%s: not after %s", what, limit)
		}
		time.Sleep(time.Millisecond)
	}
	return time.Since(start)
}

// orderArrives ingests a new order at hubDB and then cancels it, and
// returns how long each took to reach tm's local store.
func orderArrives(t *testing.T, hubDB *store.DB, tm *terminal, n int) (created, cancelled time.Duration) {
	t.Helper()
	o := hubtest.Order(tm.term.Location, n)
	if _, err := hubDB.ImportOrders(ctx, []wire.IngestOrder{o}); err != nil {
		t.Fatal(err)
	}
	created = waitFor(t, 5*time.Second, "new order "+o.ExternalID+" at the idle station", func() bool {
		_, err := tm.db.Order(ctx, o.ExternalID)
		return err == nil
	})
	o.Status = core.OrderCancelled
	if _, err := hubDB.ImportOrders(ctx, []wire.IngestOrder{o}); err != nil {
		t.Fatal(err)
	}
	cancelled = waitFor(t, 5*time.Second, "cancellation of "+o.ExternalID+" at the idle station", func() bool {
		return tm.status(o.ExternalID) == core.OrderCancelled
	})
	return created, cancelled
}

// TestIdleStationHearsOfOrdersAtOnce: a station idle on long-poll, with a
// timer of an hour, gets a new order and a cancellation ingested at the
// hub within moments; while nothing happens it makes no request beyond the
// one held; and what it records is pushed at once beside the long-poll.
func TestIdleStationHearsOfOrdersAtOnce(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 3)
		tm := newTerminal(t, h.db, h.url, "L1", "Idle 1")
		s, ct := runIdleStation(t, tm, h.url, false)

		before, _ := ct.snapshot()
		time.Sleep(1500 * time.Millisecond) // an idle spell
		after, waiting := ct.snapshot()
		if len(after) != len(before) || waiting != 1 {
			t.Fatalf("an idle station made requests %q beyond the long-poll it holds (%d held)", after[len(before):], waiting)
		}

		var lat []time.Duration
		for n := 0; n < 5; n++ {
			created, cancelled := orderArrives(t, h.db, tm, 100+n)
			lat = append(lat, created, cancelled)
		}
		slices.Sort(lat)
		t.Logf("%s: order or cancellation at an idle station after %s (median %s, max %s)", b.Name, lat, lat[len(lat)/2], lat[len(lat)-1])

		last, err := h.db.LastSeq(ctx, tm.term.ID)
		if err != nil {
			t.Fatal(err)
		}
		tm.note(1)
		s.Notify()
		took := waitFor(t, 5*time.Second, "the event pushed while the station long-polls", func() bool {
			n, err := h.db.LastSeq(ctx, tm.term.ID)
			return err == nil && n == last+1
		})
		t.Logf("%s: an event recorded while idle reached the hub after %s", b.Name, took)
		waitFor(t, 5*time.Second, "the station long-polls again", func() bool {
			_, waiting := ct.snapshot()
			return waiting == 1
		})
	})
}

// TestChangeOnOneHubWakesAStationWaitingOnAnother: two hub processes on
// one PostgreSQL; an order committed through one reaches a station whose
// long-poll waits on the other (LISTEN/NOTIFY).
func TestChangeOnOneHubWakesAStationWaitingOnAnother(t *testing.T) {
	dsn := hubtest.PostgresDSN(t)
	h1 := startHub(t, dsn)
	h2 := startHub(t, dsn)
	hubtest.Seed(t, h1.db, "L1", 3)
	tm := newTerminal(t, h1.db, h2.url, "L1", "On hub 2")
	runIdleStation(t, tm, h2.url, false)
	waitFor(t, 5*time.Second, "hub 2 listens", h2.db.Listening)
	var lat []time.Duration
	for n := 0; n < 3; n++ {
		created, cancelled := orderArrives(t, h1.db, tm, 200+n)
		lat = append(lat, created, cancelled)
	}
	t.Logf("committed on hub 1, at the station waiting on hub 2 after %s", lat)
}

// TestStationPollsAHubWithoutLongPoll: a hub that ignores the wait (one
// older than long-poll answers at once, without wait_ms) makes the station
// fall back to pulling on its timer after one try, and changes still
// arrive.
func TestStationPollsAHubWithoutLongPoll(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 3)
	tm := newTerminal(t, h.db, h.url, "L1", "Old hub")
	_, ct := runIdleStation(t, tm, h.url, true)
	orderArrives(t, h.db, tm, 300)
	started, waiting := ct.snapshot()
	waits, pulls := 0, 0
	for _, r := range started {
		if strings.HasPrefix(r, "GET "+wire.RoutePull.Path) {
			pulls++
			if strings.HasSuffix(r, " wait") {
				waits++
			}
		}
	}
	if waits != 1 || waiting != 0 || pulls < 3 {
		t.Fatalf("against a hub without long-poll: %d pulls, %d of them asking to wait (want 1), %d held: %q", pulls, waits, waiting, started)
	}
}

// TestStationLongPollsAgainOnceTheHubCan: a station that found its hub
// without long-poll offers a long-poll again after LongPollRetry, so a hub
// upgraded meanwhile gets idle stations that cost it nothing without
// restarting them.
func TestStationLongPollsAgainOnceTheHubCan(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 3)
	tm := newTerminal(t, h.db, h.url, "L1", "Upgraded hub")
	ct := &countingTransport{rt: http.DefaultTransport.(*http.Transport).Clone(), stripped: true}
	tm.connectWith(h.url, ct)
	runSyncer(t, tm, sync.Config{Interval: 50 * time.Millisecond, LongPollRetry: 400 * time.Millisecond})
	// The old hub: one long-poll offered, answered at once, then polls.
	waitFor(t, 5*time.Second, "a long-poll offered and refused", func() bool {
		started, _ := ct.snapshot()
		return slices.Contains(started, "GET "+wire.RoutePull.Path+" wait")
	})
	ct.setStripped(false) // the hub is upgraded
	waitFor(t, 5*time.Second, "a long-poll held", func() bool {
		_, waiting := ct.snapshot()
		return waiting == 1
	})
}
