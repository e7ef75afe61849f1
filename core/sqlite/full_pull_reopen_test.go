package sqlite_test

import (
	"context"
	"testing"

	"github.com/stationhand/stationhand/core"
)

// TestOrderMovedBackToOpenKeepsTheLinesItsPicksNeed: a full re-pull after
// the hub lost this station's pick gives the picked order the hub's status,
// open. The order was started here all the same: its pick tasks refer to
// its lines, so when the hub sends the order again (the next re-pull, an
// address change) its lines stay as they are instead of being replaced,
// which the foreign keys of the pick tasks refused and stopped every pull.
func TestOrderMovedBackToOpenKeepsTheLinesItsPicksNeed(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	claim(t, db, pickerID, "W1").finish() // picked here
	_, last, err := db.OutboxStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	events, err := db.PendingEvents(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		last = max(last, e.Seq)
	}
	if err := db.MarkPushed(ctx, last); err != nil { // sent, then lost by the hub
		t.Fatal(err)
	}

	fx := fixture(t)
	for pass := 1; pass <= 2; pass++ {
		if err := db.StartFullPull(ctx, "restored"); err != nil {
			t.Fatal(err)
		}
		if err := db.ApplyFinalChanges(ctx, fx); err != nil {
			t.Fatalf("re-pull %d: %v", pass, err)
		}
		if got := orderStatus(t, db, "W1"); got != core.OrderOpen {
			t.Fatalf("after re-pull %d W1 is %s, want the hub's open", pass, got)
		}
	}
	moved := fx.Orders[0]
	moved.ShipTo.Line1 = "14 rue de la Paix"
	if err := db.ApplyChanges(ctx, core.ChangeSet{Cursor: "c9", Orders: []core.Order{moved}}); err != nil {
		t.Fatalf("an ordinary pull of the reopened order: %v", err)
	}
	got := column(t, db, `SELECT p.sku || ':' || l.qty FROM order_lines l JOIN orders o ON o.id = l.order_id
		JOIN products p ON p.id = l.product_id WHERE o.external_id = 'W1' ORDER BY l.line_no`)
	if len(got) != 2 || got[0] != "MUG:2" || got[1] != "BUDS:1" {
		t.Fatalf("W1's lines are %v", got)
	}
	if bad := column(t, db, "SELECT \"table\" FROM pragma_foreign_key_check"); len(bad) > 0 {
		t.Fatalf("rows refer to rows that are gone: %v", bad)
	}
}
