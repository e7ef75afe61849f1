package hub_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// TestPullWait: a pull with wait answers at once when there is something
// new, holds an up-to-date terminal until a change of its location
// commits (and not for a change elsewhere), answers an empty page with the
// cursor unchanged when the wait ends, and refuses a bad wait.
func TestPullWait(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		var first wire.PullResponse
		if st, e := f.call(t, "GET", wire.RoutePull.Path+"?wait=20s&limit=5000", f.token, "", nil, &first); st != http.StatusOK {
			t.Fatalf("first pull with wait: %d %+v", st, e)
		}
		if first.Records == 0 || first.WaitMS != 20000 {
			t.Fatalf("first pull with wait: %d records, wait_ms %d", first.Records, first.WaitMS)
		}
		cursor := first.Changes.Cursor

		start := time.Now()
		var empty wire.PullResponse
		if st, e := f.call(t, "GET", wire.RoutePull.Path+"?wait=300ms&cursor="+cursor, f.token, "", nil, &empty); st != http.StatusOK {
			t.Fatalf("pull with wait: %d %+v", st, e)
		}
		if took := time.Since(start); took < 300*time.Millisecond || empty.Records != 0 || empty.Changes.Cursor != cursor || empty.WaitMS != 300 {
			t.Fatalf("nothing new: answered after %s with %d records, cursor moved %v, wait_ms %d", took, empty.Records, empty.Changes.Cursor != cursor, empty.WaitMS)
		}

		answered := make(chan wire.PullResponse, 1)
		go func() {
			var res wire.PullResponse
			f.call(t, "GET", wire.RoutePull.Path+"?wait=1m&cursor="+cursor, f.token, "", nil, &res)
			answered <- res
		}()
		time.Sleep(200 * time.Millisecond) // the pull waits meanwhile
		if _, err := f.db.ImportOrders(ctx, hubtest.Orders(f.otherLoc, 50, 1)); err != nil {
			t.Fatal(err)
		}
		select {
		case res := <-answered:
			t.Fatalf("a change at %s answered a pull of L1: %+v", f.otherLoc, res)
		case <-time.After(300 * time.Millisecond):
		}
		if _, err := f.db.ImportOrders(ctx, hubtest.Orders("L1", 50, 1)); err != nil {
			t.Fatal(err)
		}
		select {
		case res := <-answered:
			if len(res.Changes.Orders) != 1 || res.Changes.Orders[0].ExternalID != hubtest.Order("L1", 50).ExternalID || res.WaitMS != wire.MaxPullWait.Milliseconds() {
				t.Fatalf("woken pull brought %+v (wait_ms %d)", res.Changes.Orders, res.WaitMS)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a new order did not answer the waiting pull")
		}

		for _, bad := range []string{"soon", "-3s"} {
			if st, e := f.call(t, "GET", wire.RoutePull.Path+"?wait="+bad, f.token, "", nil, nil); st != http.StatusBadRequest || e.Reason != "bad_wait" {
				t.Errorf("wait=%s: %d %+v", bad, st, e)
			}
		}
	})
}
