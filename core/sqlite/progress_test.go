package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestProgressFromOtherStationsOnlyMovesOrdersOn(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	claim(t, db, pickerID, "W1").finish() // picked here
	if err := db.ApplyChanges(ctx, core.ChangeSet{CancelledOrders: []string{"W4"}}); err != nil {
		t.Fatal(err)
	}
	err := db.ApplyChanges(ctx, core.ChangeSet{Progress: []core.OrderProgress{
		{ExternalID: "W2", Status: core.OrderPicking, ClaimedBy: "t-other"}, // claimed at another station
		{ExternalID: "W1", Status: core.OrderPacked},                        // packed at another pack station
		{ExternalID: "W3", Status: core.OrderOpen},                          // nothing new
		{ExternalID: "W4", Status: core.OrderPicked},                        // cancelled stays cancelled
		{ExternalID: "W9", Status: core.OrderPicked},                        // never reached this station
	}})
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]core.OrderStatus{"W1": core.OrderPacked, "W2": core.OrderPicking, "W3": core.OrderOpen, "W4": core.OrderCancelled} {
		if got := orderStatus(t, db, ref); got != want {
			t.Errorf("%s is %s, want %s", ref, got, want)
		}
	}
	if _, err := db.ClaimOrders(ctx, picker2ID, "W2"); !errors.Is(err, core.ErrOrderClaimed) {
		t.Fatalf("an order claimed at another station can be claimed here: %v", err)
	}
	// The hub repeating an older state moves nothing back.
	if err := db.ApplyChanges(ctx, core.ChangeSet{Progress: []core.OrderProgress{{ExternalID: "W1", Status: core.OrderPicking}}}); err != nil {
		t.Fatal(err)
	}
	if got := orderStatus(t, db, "W1"); got != core.OrderPacked {
		t.Fatalf("W1 moved back to %s", got)
	}
}
