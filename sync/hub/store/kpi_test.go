package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
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

// TestKPIUnitsFromOddPayloads: the units picked come from the events' qty
// column (migration 0053), which the database fills at insert. A pick
// whose quantity is not a whole number, or far too large, counts 0 and
// never fails the push; other event types count nothing.
func TestKPIUnitsFromOddPayloads(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 2)
		term, _ := enroll(t, db, "L1", "Bench")
		at := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Second)
		// Order 1 ships at 'at': created two hours before, promised one
		// hour before (late). Its times come from the order's document.
		late := hubtest.Order("L1", 1)
		late.CreatedAt, late.PromisedAt = at.Add(-2*time.Hour), at.Add(-time.Hour)
		if _, err := db.ImportOrders(ctx, []wire.IngestOrder{late}); err != nil {
			t.Fatal(err)
		}
		payloads := []string{
			`{"sku":"SKU-001","bin":"A01-01-1","qty":3}`,
			`{"sku":"SKU-001","bin":"A01-01-1","qty":"4"}`,
			`{"sku":"SKU-001","bin":"A01-01-1","qty":1e300}`,
			`{"sku":"SKU-001","bin":"A01-01-1","qty":123456789012345678901234567890}`,
			`{"sku":"SKU-001","bin":"A01-01-1","qty":2.5}`,
			`{"sku":"SKU-001","bin":"A01-01-1"}`,
			``,
			`{"sku":"SKU-001","bin":"A01-01-1","qty":{"n":1}}`,
			`{"sku":"SKU-001","bin":"A01-01-1","qty":7}`,
		}
		var evs []core.Event
		for i, p := range payloads {
			evs = append(evs, core.Event{Seq: int64(i + 1), ID: uuid.NewString(), Type: core.EventPickItemPicked,
				OrderID: hubtest.Order("L1", 0).ExternalID, StaffID: 1, At: at.Add(time.Duration(i) * time.Second), Payload: json.RawMessage(p)})
		}
		evs = append(evs, core.Event{Seq: int64(len(evs) + 1), ID: uuid.NewString(), Type: core.EventPickShort,
			OrderID: hubtest.Order("L1", 0).ExternalID, StaffID: 1, At: at, Payload: json.RawMessage(`{"qty":50}`)})
		// Short-picked the day before it shipped (before the range): not
		// picked in full.
		evs = append(evs, core.Event{Seq: int64(len(evs) + 1), ID: uuid.NewString(), Type: core.EventPickShort,
			OrderID: late.ExternalID, StaffID: 1, At: at.Add(-25 * time.Hour), Payload: json.RawMessage(`{}`)})
		evs = append(evs, core.Event{Seq: int64(len(evs) + 1), ID: uuid.NewString(), Type: core.EventOrderShipped,
			OrderID: late.ExternalID, StaffID: 1, At: at, Payload: json.RawMessage(`{}`)})
		if _, err := db.Push(ctx, term, evs); err != nil {
			t.Fatalf("push of odd payloads: %v", err)
		}
		days, err := db.KPIs(ctx, "L1", at, at)
		if err != nil {
			t.Fatal(err)
		}
		if len(days) != 1 || days[0].Units != 10 || days[0].PickerHours != 1 {
			t.Fatalf("units %+v, want 10 (3 + 7) in 1 picker-hour", days)
		}
		if d := days[0]; d.Completed != 1 || d.Accurate != 0 || d.CycleTime() != 2*time.Hour || d.Promised != 1 || d.OnTime != 0 {
			t.Fatalf("completion %+v: want 1 completed, not accurate (short-picked the day before), cycle 2h, promised 1, on time 0", d)
		}
	})
}
