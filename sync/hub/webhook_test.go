package hub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	gosync "sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

// pushSignIns pushes n sign-in events of a new terminal at loc.
func pushSignIns(t *testing.T, db *store.DB, term core.Terminal, staff int64, from, n int) {
	t.Helper()
	var evs []core.Event
	for i := range n {
		payload, _ := json.Marshal(core.StaffSignedIn{Method: fmt.Sprintf("pin-%d", from+i)})
		evs = append(evs, core.Event{Seq: int64(from + i), ID: uuid.NewString(), Type: core.EventStaffSignedIn, StaffID: staff,
			Terminal: term.ID, At: time.Now().UTC().Truncate(time.Millisecond), Payload: payload})
	}
	if _, err := db.Push(context.Background(), term, evs); err != nil {
		t.Fatal(err)
	}
}

// receiver is an order system's webhook endpoint: it checks the signature,
// fails the first failFirst deliveries with 503, and applies a page only
// past the last position it applied (a page sent again is skipped).
type receiver struct {
	secret    string
	failFirst int
	mu        gosync.Mutex
	calls     int
	badSigs   int
	last      int64
	applied   []wire.FeedEvent
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.calls++
	if err := wire.VerifyWebhook(rc.secret, r.Header.Get(wire.HeaderSignature), body, time.Now(), 5*time.Minute); err != nil {
		rc.badSigs++
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	if rc.calls <= rc.failFirst {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	var page wire.FeedPage
	if err := json.Unmarshal(body, &page); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, e := range page.Events {
		if e.Position > rc.last {
			rc.applied = append(rc.applied, e)
			rc.last = e.Position
		}
	}
}

// TestWebhookDeliversInOrderWithRetries: a webhook gets every event once,
// in order, signed; a receiver that fails is retried after a backoff that
// grows; a new deliverer (a restarted hub) resumes from the stored cursor;
// a wrong secret is refused by the receiver's check.
func TestWebhookDeliversInOrderWithRetries(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		ctx := context.Background()
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		hubtest.Seed(t, db, "L2", 0)
		staff1, _ := db.Staff(ctx, "L1")
		staff2, _ := db.Staff(ctx, "L2")
		t1, _, err := db.Enroll(ctx, "L1", "A")
		if err != nil {
			t.Fatal(err)
		}
		t2, _, _ := db.Enroll(ctx, "L2", "B")
		rc := &receiver{secret: "s3cret-s3cret-s3cret", failFirst: 3}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		in, _, err := db.CreateIntegration(ctx, "oms", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetWebhook(ctx, in.ID, srv.URL, "short", ""); core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("a short secret was taken: %v", err)
		}
		if err := db.SetWebhook(ctx, in.ID, srv.URL, rc.secret, ""); err != nil {
			t.Fatal(err)
		}
		clock := time.Now()
		w := hub.NewWebhooks(db, nil)
		w.Now = func() time.Time { return clock }
		w.PageLen = 7
		pushSignIns(t, db, t1, staff1[0].ID, 1, 20)
		pushSignIns(t, db, t2, staff2[0].ID, 1, 15)

		// Three failures: each waits longer before the next try.
		var waits []time.Duration
		for range 3 {
			if n, err := w.DeliverDue(ctx); err != nil || n != 0 {
				t.Fatalf("delivered %d pages to a failing receiver (%v)", n, err)
			}
			if n, _ := w.DeliverDue(ctx); n != 0 || rc.calls != len(waits)+1 {
				t.Fatalf("retried before the backoff: %d calls", rc.calls)
			}
			list, _ := db.Integrations(ctx)
			if list[0].WebhookFailures != len(waits)+1 || list[0].WebhookError == "" {
				t.Fatalf("after %d failures the integration says %+v", len(waits)+1, list[0])
			}
			wait := time.Duration(0)
			for step := 250 * time.Millisecond; ; wait += step {
				clock = clock.Add(step)
				if n, _ := w.DeliverDue(ctx); rc.calls > len(waits)+1 || n > 0 {
					break
				}
			}
			waits = append(waits, wait)
		}
		if !(waits[0] < waits[1] && waits[1] < waits[2]) {
			t.Fatalf("backoff did not grow: %v", waits)
		}
		// The receiver is up: everything arrives, in pages of 7.
		for n := 1; n > 0; {
			n, err = w.DeliverDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
		}
		// A restarted hub (a new deliverer) resumes from the stored cursor.
		pushSignIns(t, db, t1, staff1[0].ID, 21, 5)
		w2 := hub.NewWebhooks(db, nil)
		clock2 := clock.Add(2 * time.Second) // past the poll interval
		w2.Now = func() time.Time { return clock2 }
		if _, err := w2.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		if len(rc.applied) != 40 {
			t.Fatalf("the receiver applied %d events, want 40", len(rc.applied))
		}
		seen := map[string]bool{}
		var last int64
		for _, e := range rc.applied {
			key := fmt.Sprintf("%s/%d", e.Terminal, e.Seq)
			if seen[key] || e.Position <= last {
				t.Fatalf("%s at position %d (after %d) twice or out of order", key, e.Position, last)
			}
			seen[key], last = true, e.Position
		}
		// A receiver with another secret refuses the signature.
		rc.mu.Lock()
		rc.secret = "another-secret-entirely"
		rc.mu.Unlock()
		pushSignIns(t, db, t1, staff1[0].ID, 26, 1)
		clock2 = clock2.Add(2 * time.Second)
		w2.DeliverDue(ctx)
		if rc.badSigs != 1 {
			t.Fatalf("a delivery signed with another secret was accepted (%d refused)", rc.badSigs)
		}
		t.Logf("backoff waits %v; %d calls", waits, rc.calls)
	})
}
