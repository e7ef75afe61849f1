package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestKPIsFollowLatePushes: KPIs of past days are kept once computed, and
// computed again when a station pushes events of those days late.
func TestKPIsFollowLatePushes(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 4)
		term, _ := enroll(t, db, "L1", "Bench")
		now := time.Now().UTC()
		threeDaysAgo := now.Add(-72 * time.Hour)
		ev := func(seq int64, typ string, n int, at time.Time, payload string) core.Event {
			return core.Event{Seq: seq, ID: uuid.NewString(), Type: typ, OrderID: hubtest.Order("L1", n).ExternalID, StaffID: 1, At: at, Payload: json.RawMessage(payload)}
		}
		if _, err := db.Push(ctx, term, []core.Event{
			ev(1, core.EventPickItemPicked, 0, threeDaysAgo, `{"sku":"SKU-001","bin":"A01-01-1","qty":2}`),
			ev(2, core.EventOrderShipped, 0, threeDaysAgo.Add(time.Minute), `{}`),
		}); err != nil {
			t.Fatal(err)
		}
		kpis := func() []int {
			days, err := db.KPIs(ctx, "L1", now.Add(-6*24*time.Hour), now)
			if err != nil {
				t.Fatal(err)
			}
			out := make([]int, len(days))
			for i, d := range days {
				out[i] = d.Completed*100 + d.Units
			}
			return out
		}
		first := kpis()
		if first[3] != 102 {
			t.Fatalf("three days ago: completed*100+units = %d, want 102 (%v)", first[3], first)
		}
		if again := kpis(); again[3] != 102 {
			t.Fatalf("from the cache: %v", again)
		}
		// A station that was offline pushes a shipment of that day now.
		if _, err := db.Push(ctx, term, []core.Event{ev(3, core.EventOrderShipped, 1, threeDaysAgo.Add(time.Hour), `{}`)}); err != nil {
			t.Fatal(err)
		}
		if late := kpis(); late[3] != 202 {
			t.Fatalf("after a late push: three days ago %d, want 202 (%v)", late[3], late)
		}
	})
}
