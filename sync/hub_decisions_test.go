package sync_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// pickOneUnit claims ref at tm and picks one unit of it, then stops (the
// terminal breaks mid-pick).
func (tm *terminal) pickOneUnit(ref string) {
	tm.t.Helper()
	id, err := tm.db.ClaimOrders(ctx, tm.staff, ref)
	if err != nil {
		tm.t.Fatal(err)
	}
	for picked := false; !picked; {
		batch, err := tm.db.Batch(ctx, id)
		if err != nil {
			tm.t.Fatal(err)
		}
		s := batch.Next()
		code := ""
		switch s.Kind {
		case pick.StepTote:
			code = "TOTE-" + ref
			if !s.ToteToAssign {
				code = s.Expect[0]
			}
		case pick.StepBin:
			code = s.Expect[0]
		case pick.StepItem:
			code, picked = s.Task.GTIN, true
		default:
			tm.t.Fatalf("step %v", s.Kind)
		}
		c, err := scan.Parse(code)
		if err != nil {
			tm.t.Fatal(err)
		}
		if _, err := tm.db.PickScan(ctx, id, c); err != nil {
			tm.t.Fatal(err)
		}
	}
}

// TestHubDecisionsCloseStationExceptions: a supervisor resolves a put-back
// and accepts a relabel at the hub (the console's actions), and the
// station holding each exception closes it on its next pull.
func TestHubDecisionsCloseStationExceptions(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, be hubtest.Backend) {
		h := startHub(t, be.DSN(t))
		hubtest.Seed(t, h.db, "L1", 2)
		a := newTerminal(t, h.db, h.url, "L1", "Pick A")
		b := newTerminal(t, h.db, h.url, "L1", "Pack B")
		a.mustSync()
		b.mustSync()

		// Put-back: A picks a unit of order 0, a supervisor releases A's claim.
		ref := hubtest.Order("L1", 0).ExternalID
		a.pickOneUnit(ref)
		a.mustSync()
		b.mustSync()
		if _, err := h.db.ReleaseClaim(ctx, ref); err != nil {
			t.Fatal(err)
		}
		b.mustSync()
		if ex := b.exceptions(); len(ex) != 1 || ex[0].Kind != "put_back" || ex[0].OrderRef != ref {
			t.Fatalf("exceptions at B after the release: %+v, want the put-back of %s", ex, ref)
		}
		if _, err := h.db.AcceptRelabel(ctx, ref, "sup"); core.ErrorCode(err) != core.ECONFLICT {
			t.Fatalf("accept a relabel of an order with none waiting: %v, want a conflict", err)
		}
		loc, err := h.db.ResolvePutBack(ctx, ref, "sup")
		if err != nil || loc != "L1" {
			t.Fatalf("resolve put-back: %q, %v", loc, err)
		}
		if pb, err := h.db.PutBacks(ctx, "L1"); err != nil || len(pb) != 0 {
			t.Fatalf("put-backs waiting after the decision: %+v, %v", pb, err)
		}
		if _, err := h.db.ResolvePutBack(ctx, ref, "sup"); core.ErrorCode(err) != core.ECONFLICT {
			t.Fatalf("resolve the same put-back twice: %v, want a conflict", err)
		}
		b.mustSync()
		if ex := b.exceptions(); len(ex) != 0 {
			t.Fatalf("exceptions at B after the hub's decision: %+v, want none", ex)
		}

		// Relabel: B picks and packs order 1 (its label printed), then
		// the order system changes the address.
		b.setUpPacking()
		ref = hubtest.Order("L1", 1).ExternalID
		b.pickAndPack(ref)
		b.mustSync()
		moved := hubtest.Order("L1", 1)
		moved.ShipTo.Line1 = "99 New Street"
		if _, err := h.db.ImportOrders(ctx, []wire.IngestOrder{moved}); err != nil {
			t.Fatal(err)
		}
		if rl, err := h.db.Relabels(ctx, "L1"); err != nil || len(rl) != 1 || rl[0].ExternalID != ref {
			t.Fatalf("relabels at the hub: %+v, %v; want %s", rl, err, ref)
		}
		b.mustSync()
		if ex := b.exceptions(); len(ex) != 1 || ex[0].Kind != "relabel" || ex[0].OrderRef != ref {
			t.Fatalf("exceptions at B after the address change: %+v, want the relabel of %s", ex, ref)
		}
		if _, err := h.db.AcceptRelabel(ctx, ref, "sup"); err != nil {
			t.Fatal(err)
		}
		if rl, err := h.db.Relabels(ctx, "L1"); err != nil || len(rl) != 0 {
			t.Fatalf("relabels after the decision: %+v, %v", rl, err)
		}
		b.mustSync()
		if ex := b.exceptions(); len(ex) != 0 {
			t.Fatalf("exceptions at B after accepting the relabel: %+v, want none", ex)
		}
	})
}
