package sync_test

import (
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestRevokedTerminalsClaimsGoBackToTheQueueAtOtherStations: a terminal
// revoked mid-pick leaves its order claimed for ever unless the hub takes
// the claim back; the other stations of the location then see the order in
// their queue again, and what was picked for it as a put-back task.
func TestRevokedTerminalsClaimsGoBackToTheQueueAtOtherStations(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 2)
	a := newTerminal(t, h.db, h.url, "L1", "Pick A")
	b := newTerminal(t, h.db, h.url, "L1", "Pick B")
	a.mustSync()
	b.mustSync()
	ref := hubtest.Order("L1", 0).ExternalID
	id, err := a.db.ClaimOrders(ctx, a.staff, ref)
	if err != nil {
		t.Fatal(err)
	}
	// A picks one unit, then breaks.
	for picked := false; !picked; {
		batch, err := a.db.Batch(ctx, id)
		if err != nil {
			t.Fatal(err)
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
			t.Fatalf("step %v", s.Kind)
		}
		c, err := scan.Parse(code)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.db.PickScan(ctx, id, c); err != nil {
			t.Fatal(err)
		}
	}
	a.mustSync()
	b.mustSync()
	if s := b.status(ref); s != core.OrderPicking {
		t.Fatalf("at B the order A picks is %s", s)
	}
	if err := h.db.Revoke(ctx, a.term.ID); err != nil {
		t.Fatal(err)
	}
	b.mustSync()
	if s := b.status(ref); s != core.OrderOpen {
		t.Fatalf("at B the revoked terminal's order is %s, want open", s)
	}
	ex := b.exceptions()
	if len(ex) != 1 || ex[0].Kind != "put_back" || ex[0].OrderRef != ref || !strings.Contains(ex[0].Message, "Put 1 ×") {
		t.Fatalf("exceptions at B: %+v, want one put-back of the unit A picked", ex)
	}
	// B can now pick it, and the hub takes B's claim.
	b.pick(ref)
	b.mustSync()
	states, _ := h.db.OrderStates(ctx, "L1")
	for _, s := range states {
		if s.ExternalID == ref && (s.ClaimedBy != b.term.ID || s.Status != core.OrderPicked) {
			t.Fatalf("after B picked it: %+v", s)
		}
	}
}
