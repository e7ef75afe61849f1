package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

func testReturn(loc, rma, orderRef string) store.IngestReturn {
	return store.IngestReturn{Location: loc, Return: core.Return{
		RMA: rma, OrderRef: orderRef,
		Customer:    core.Customer{Name: "Rita Returner", Email: "rita@example.com"},
		CreatedAt:   time.Date(2030, 1, 5, 10, 0, 0, 0, time.UTC),
		DeliveredAt: time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC),
		Lines: []core.ReturnLine{
			{SKU: "SKU-001", Qty: 1, Reason: core.ReasonDefective, Serials: []string{"SN-1"}},
			{SKU: "SKU-002", Qty: 2, Reason: core.ReasonChangedMind},
		},
	}}
}

// TestReturnsReachTheirLocation imports a return, pulls it at a terminal
// of its location and not at another's; a re-import is a no-op, a change
// an update, a withdrawal a cancelled return.
func TestReturnsReachTheirLocation(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 1)
		hubtest.Seed(t, db, "L2", 1)
		t1, _ := enroll(t, db, "L1", "Returns desk")
		t2, _ := enroll(t, db, "L2", "Returns desk")
		start1, _ := pullAll(t, db, t1, "", 1000)
		start2, _ := pullAll(t, db, t2, "", 1000)

		imp := func(want wire.IngestResponse, rs ...store.IngestReturn) {
			t.Helper()
			res, err := db.ImportReturns(ctx, rs)
			if err != nil || res != want {
				t.Fatalf("import returns: %+v, %v; want %+v", res, err, want)
			}
		}
		ret := testReturn("L1", " rma-1 ", "L1-000000")
		imp(wire.IngestResponse{Created: 1}, ret)
		cs, _ := pullAll(t, db, t1, start1.Cursor, 1000)
		if len(cs.Returns) != 1 || len(cs.Orders) != 0 {
			t.Fatalf("L1 pulled returns %+v and orders %+v; want the one return", cs.Returns, cs.Orders)
		}
		got := cs.Returns[0]
		if got.RMA != "RMA-1" || got.Status != core.ReturnExpected || got.OrderRef != "L1-000000" || len(got.Lines) != 2 ||
			got.Lines[0].LineNo != 1 || got.Lines[0].Serials[0] != "SN-1" || got.Lines[1].Qty != 2 || !got.CreatedAt.Equal(ret.CreatedAt) {
			t.Fatalf("return pulled as %+v", got)
		}
		if other, _ := pullAll(t, db, t2, start2.Cursor, 1000); len(other.Returns) != 0 {
			t.Fatalf("L2 pulled L1's returns: %+v", other.Returns)
		}
		if _, err := db.Return(ctx, "L2", "RMA-1"); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("L2 reads L1's return: %v", err)
		}

		imp(wire.IngestResponse{Unchanged: 1}, testReturn("L1", "RMA-1", "L1-000000"))
		if again, _ := pullAll(t, db, t1, cs.Cursor, 1000); len(again.Returns) != 0 {
			t.Fatalf("re-import pulled again: %+v", again.Returns)
		}

		changed := testReturn("L1", "RMA-1", "L1-000000")
		changed.CustomerReturns = 4
		changed.Lines[1].Comment = "Too small."
		imp(wire.IngestResponse{Updated: 1}, changed)
		upd, _ := pullAll(t, db, t1, cs.Cursor, 1000)
		if len(upd.Returns) != 1 || upd.Returns[0].CustomerReturns != 4 || upd.Returns[0].Lines[1].Comment != "Too small." {
			t.Fatalf("change pulled as %+v", upd.Returns)
		}

		withdraw := store.IngestReturn{Location: "L1", Return: core.Return{RMA: "RMA-1", Status: core.ReturnCancelled}}
		imp(wire.IngestResponse{Cancelled: 1}, withdraw)
		imp(wire.IngestResponse{Unchanged: 1}, withdraw)
		wd, _ := pullAll(t, db, t1, upd.Cursor, 1000)
		if len(wd.Returns) != 1 || wd.Returns[0].Status != core.ReturnCancelled || wd.Returns[0].OrderRef != "L1-000000" {
			t.Fatalf("withdrawal pulled as %+v", wd.Returns)
		}

		// A bad batch is refused whole.
		noLines := testReturn("L1", "RMA-2", "L1-000000")
		noLines.Lines = nil
		zero := testReturn("L1", "RMA-3", "L1-000000")
		zero.Lines[0].Qty = 0
		_, err := db.ImportReturns(ctx, []store.IngestReturn{testReturn("L1", "RMA-4", ""), testReturn("NOWHERE", "RMA-5", ""), noLines, zero})
		if core.ErrorCode(err) != core.EINVALID || !strings.Contains(core.ErrorMessage(err), "unknown location") ||
			!strings.Contains(core.ErrorMessage(err), "RMA-2 has no lines") || !strings.Contains(core.ErrorMessage(err), "RMA-3 line 1") {
			t.Fatalf("bad batch: %v", err)
		}
		if _, err := db.Return(ctx, "L1", "RMA-4"); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("part of a refused batch was taken: %v", err)
		}
	})
}

// TestReturnsComeAfterOrders: a return is pulled after the orders of its
// location, even when it reached the hub first; a cursor from before the
// returns stream (and the epochs) is refused.
func TestReturnsComeAfterOrders(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		term, _ := enroll(t, db, "L1", "Returns desk")
		start, _ := pullAll(t, db, term, "", 1000)
		if _, err := db.ImportReturns(ctx, []store.IngestReturn{testReturn("L1", "RMA-9", "L1-000009")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportOrders(ctx, hubtest.Orders("L1", 9, 1)); err != nil {
			t.Fatal(err)
		}
		first, err := db.Pull(ctx, term, start.Cursor, 1)
		if err != nil || len(first.Changes.Orders) != 1 || len(first.Changes.Returns) != 0 || !first.More || first.Remaining != 1 {
			t.Fatalf("first page: %+v, %v; want the order alone", first, err)
		}
		second, err := db.Pull(ctx, term, first.Changes.Cursor, 1)
		if err != nil || len(second.Changes.Returns) != 1 || second.More {
			t.Fatalf("second page: %+v, %v; want the return", second, err)
		}

		// The same position in the c2 form (before epochs) is refused: the
		// hub cannot tell whose it is, and the station pulls again in full.
		parts := strings.Split(second.Changes.Cursor, ".")
		if len(parts) != 11 || parts[0] != "c4" {
			t.Fatalf("cursor %q", second.Changes.Cursor)
		}
		old := strings.Join(append([]string{"c2"}, append(parts[3:9], parts[10])...), ".")
		if _, err := db.Pull(ctx, term, old, 100); core.ErrorReason(err) != wire.ReasonCursorEpoch {
			t.Fatalf("c2 cursor %q: %v, want refused with %s", old, err, wire.ReasonCursorEpoch)
		}
	})
}
