package sqlite_test

import (
	"context"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/sqlite"
)

// Units refused at the counter one at a time add up in the store (each
// step reloads the handoff from it) and never past what was handed out:
// the refund due and the return-to-stock tasks are exactly what was
// refused. P1: 2 mugs and 1 pair of socks.
func TestRefusalsAddUpAndNeverPastWhatWasHandedOut(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	pickAndStage(t, db, "P1", "HOLD-01")
	c := counter{t, db, "P1"}
	h, err := db.Handoff(ctx, "P1")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]pickup.Line{}
	for _, l := range h.Lines {
		lines[l.SKU] = l
	}
	mug, socks := lines["MUG"], lines["SOCKS"]
	if mug.Picked != 2 || socks.Picked != 1 {
		t.Fatalf("picked %d mugs and %d socks, want 2 and 1", mug.Picked, socks.Picked)
	}
	refuse := func(l pickup.Line, qty int) func() (sqlite.HandoffResult, error) {
		return func() (sqlite.HandoffResult, error) {
			return db.RefuseItem(ctx, "P1", associateID, l.ID, qty, "damaged")
		}
	}
	c.ok(c.code(codeP1))
	c.ok(refuse(mug, 1)())
	c.refused(core.ErrBadQuantity, refuse(mug, 2)) // 1 + 2 > 2
	c.ok(refuse(mug, 1)())
	c.refused(core.ErrBadQuantity, refuse(mug, 1)) // a third of two
	c.ok(refuse(socks, 1)())
	c.refused(core.ErrBadQuantity, refuse(socks, 1))
	if h, _ := db.Handoff(ctx, "P1"); len(h.Refusals()) != 2 {
		t.Fatalf("refusals after reload: %+v", h.Refusals())
	}
	c.ok(c.bag(1))
	c.ok(c.complete())

	refunds := pickupEvents(t, db, "P1", core.EventPickupRefundDue)
	if len(refunds) != 1 {
		t.Fatalf("%d refund events", len(refunds))
	}
	due := map[string]float64{}
	for _, it := range pickupPayload(t, refunds[0])["items"].([]any) {
		m := it.(map[string]any)
		due[m["sku"].(string)] += m["qty"].(float64)
	}
	if due["MUG"] != 2 || due["SOCKS"] != 1 || len(due) != 2 {
		t.Fatalf("refund due %v, want exactly what was refused: 2 MUG, 1 SOCKS", due)
	}
	todo, err := db.RestockOrders(ctx)
	if err != nil || len(todo) != 1 || todo[0].Units != 3 {
		t.Fatalf("return-to-stock tasks %+v (%v), want the 3 refused units", todo, err)
	}
}
