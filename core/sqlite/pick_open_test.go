package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stationhand/stationhand/core"
)

const (
	onlyPackerID = 30
	bossID       = 31
)

// withPackerAndBoss adds a packer and a supervisor to the fixture's staff.
func withPackerAndBoss(t *testing.T, db interface {
	ApplyChanges(context.Context, core.ChangeSet) error
}) {
	t.Helper()
	err := db.ApplyChanges(context.Background(), core.ChangeSet{Cursor: "c2", Staff: []core.StaffRecord{
		{Staff: core.Staff{ID: onlyPackerID, Name: "Paco Packer", Roles: []core.Role{core.RolePacker}}, PINHash: pinHash, Active: true},
		{Staff: core.Staff{ID: bossID, Name: "Sue Supervisor", Badge: "7007", Roles: []core.Role{core.RoleSupervisor}}, PINHash: pinHash, Active: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenPicksReleaseReassignAndRoles(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	withPackerAndBoss(t, db)

	// A packer cannot claim orders for picking.
	if _, err := db.ClaimOrders(ctx, onlyPackerID, "W1"); !errors.Is(err, core.ErrNotAllowed) {
		t.Fatalf("a packer claimed an order: %v", err)
	}
	if _, err := db.ClaimNext(ctx, onlyPackerID, 1); !errors.Is(err, core.ErrNotAllowed) {
		t.Fatalf("a packer claimed the next order: %v", err)
	}

	first, err := db.ClaimOrders(ctx, pickerID, "W1")
	if err != nil {
		t.Fatal(err)
	}
	second, err := db.ClaimNext(ctx, pickerID, 1)
	if err != nil {
		t.Fatal(err)
	}
	open, err := db.OpenPicks(ctx, pickerID)
	if err != nil || len(open) != 2 || open[0].ID != first || open[1].ID != second || open[0].Orders[0] != "W1" || open[0].Total == 0 {
		t.Fatalf("open picks: %+v, %v", open, err)
	}
	// Scanning an order of one's own open pick goes back to it.
	if again, err := db.ClaimOrders(ctx, pickerID, "W1"); err != nil || again != first {
		t.Fatalf("re-scan of own order: %s, %v", again, err)
	}
	// Someone else is told who has it.
	if _, err := db.ClaimOrders(ctx, picker2ID, "W1"); !errors.Is(err, core.ErrOrderClaimed) || core.ErrorMessage(err) != "Order W1 is being picked by Pia Picker. A supervisor can release or reassign the pick from the home screen." {
		t.Fatalf("another picker: %v", err)
	}
	// Only the picker or a supervisor releases; only a supervisor reassigns.
	if err := db.ReleasePick(ctx, first, picker2ID); !errors.Is(err, core.ErrNotAllowed) {
		t.Fatalf("another picker released it: %v", err)
	}
	if err := db.ReassignPick(ctx, first, picker2ID, pickerID); !errors.Is(err, core.ErrNotAllowed) {
		t.Fatalf("a picker reassigned: %v", err)
	}
	if err := db.ReassignPick(ctx, first, onlyPackerID, bossID); !errors.Is(err, core.ErrNotAllowed) {
		t.Fatalf("reassigned to a packer: %v", err)
	}
	if err := db.ReassignPick(ctx, first, picker2ID, bossID); err != nil {
		t.Fatal(err)
	}
	if mine, _ := db.OpenPicks(ctx, picker2ID); len(mine) != 1 || mine[0].ID != first || mine[0].StaffName != "Quinn Picker" {
		t.Fatalf("after reassigning: %+v", mine)
	}
	all, _ := db.OpenPicks(ctx, 0)
	if len(all) != 2 {
		t.Fatalf("all open picks: %+v", all)
	}
	if err := db.ReleasePick(ctx, second, bossID); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleasePick(ctx, second, bossID); err == nil {
		t.Fatal("released twice")
	}
	o, err := db.Order(ctx, all[1].Orders[0])
	if err != nil || o.Status != core.OrderOpen {
		t.Fatalf("released order is %s (%v)", o.Status, err)
	}
	// The released order can be claimed by anyone again.
	if _, err := db.ClaimOrders(ctx, pickerID, o.ExternalID); err != nil {
		t.Fatalf("claim after release: %v", err)
	}
}
