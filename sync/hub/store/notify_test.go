package store_test

import (
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// TestChangeSignal: a commit wakes the waiters of its location by the time
// it returns, and no others; products wake every location; the progress of
// orders wakes a location within a gap, at most once per gap, unless
// something else changes there meanwhile.
func TestChangeSignal(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 3)
		hubtest.Seed(t, db, "L2", 3)
		term, _ := enroll(t, db, "L1", "T1")

		l1 := db.ChangeSignal("L1")
		if _, err := db.ImportOrders(ctx, hubtest.Orders("L2", 10, 1)); err != nil {
			t.Fatal(err)
		}
		if closed(l1) {
			t.Fatal("an order at L2 woke L1")
		}
		if _, err := db.ImportOrders(ctx, hubtest.Orders("L1", 10, 1)); err != nil {
			t.Fatal(err)
		}
		if !closed(l1) {
			t.Fatal("an order at L1 did not wake L1 by the time its import returned")
		}
		l1, l2 := db.ChangeSignal("L1"), db.ChangeSignal("L2")
		if _, err := db.PutProducts(ctx, []core.Product{{SKU: "NEW-1", Name: "New", Codes: []string{hubtest.GTIN(900)}}}); err != nil {
			t.Fatal(err)
		}
		if !closed(l1) || !closed(l2) {
			t.Fatal("a product did not wake every location")
		}

		const gap = 2 * time.Second
		db.SetProgressGap(gap)
		time.Sleep(gap) // the last wake of L1 is a gap ago
		staff, err := db.Staff(ctx, "L1")
		if err != nil {
			t.Fatal(err)
		}
		claim := func(seq int64, n int) []core.Event {
			ev := event(seq, core.EventPickClaimed, hubtest.Order("L1", n).ExternalID)
			ev.StaffID = staff[0].ID
			return []core.Event{ev}
		}
		first := db.ChangeSignal("L1")
		if res, err := db.Push(ctx, term, claim(1, 0)); err != nil || len(res.Rejections) != 0 {
			t.Fatal(res, err)
		}
		pushed := time.Now()
		select {
		case <-first:
		case <-time.After(gap + 5*time.Second):
			t.Fatal("progress a gap after the last wake never woke L1")
		}
		woken := time.Now()
		if d := woken.Sub(pushed); d > gap+250*time.Millisecond {
			t.Fatalf("progress woke L1 %s after its commit, more than a gap", d)
		}
		second := db.ChangeSignal("L1")
		if res, err := db.Push(ctx, term, claim(2, 1)); err != nil || len(res.Rejections) != 0 {
			t.Fatal(res, err)
		}
		if closed(second) && time.Since(woken) < gap {
			t.Fatal("progress within the gap woke L1 at once")
		}
		select {
		case <-second:
			if d := time.Since(woken); d < gap-50*time.Millisecond {
				t.Fatalf("progress within the gap woke L1 after %s", d)
			}
		case <-time.After(gap + 5*time.Second):
			t.Fatal("progress within the gap never woke L1")
		}

		third := db.ChangeSignal("L1")
		if res, err := db.Push(ctx, term, claim(3, 2)); err != nil || len(res.Rejections) != 0 {
			t.Fatal(res, err)
		}
		if _, err := db.ImportOrders(ctx, hubtest.Orders("L1", 11, 1)); err != nil {
			t.Fatal(err)
		}
		if !closed(third) {
			t.Fatal("a new order did not wake L1 at once while progress waited for its gap")
		}
	})
}

// TestTerminalsOfALocationShareNoStalePage: two terminals pull the same
// page from the same cursor; one pulled before an order was imported, the
// other after, and the other has the order (the shared page is never older
// than its own heads).
func TestTerminalsOfALocationShareNoStalePage(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 3)
		a, _ := enroll(t, db, "L1", "A")
		bt, _ := enroll(t, db, "L1", "B")
		pa, err := db.Pull(ctx, a, "", 5000)
		if err != nil || len(pa.Changes.Orders) != 3 {
			t.Fatalf("A's first pull: %d orders, %v", len(pa.Changes.Orders), err)
		}
		pb, err := db.Pull(ctx, bt, "", 5000)
		if err != nil || pb.Changes.Cursor != pa.Changes.Cursor || len(pb.Changes.Orders) != 3 {
			t.Fatalf("B's first pull at the same heads: %d orders, same cursor %v, %v", len(pb.Changes.Orders), pb.Changes.Cursor == pa.Changes.Cursor, err)
		}
		if _, err := db.ImportOrders(ctx, hubtest.Orders("L1", 20, 1)); err != nil {
			t.Fatal(err)
		}
		again, err := db.Pull(ctx, bt, "", 5000)
		if err != nil || len(again.Changes.Orders) != 4 {
			t.Fatalf("B's pull after the import: %d orders, %v", len(again.Changes.Orders), err)
		}
		next, err := db.Pull(ctx, a, pa.Changes.Cursor, 5000)
		if err != nil || len(next.Changes.Orders) != 1 || next.Changes.Orders[0].ExternalID != hubtest.Order("L1", 20).ExternalID {
			t.Fatalf("A's next pull: %+v, %v", next.Changes.Orders, err)
		}
	})
}
