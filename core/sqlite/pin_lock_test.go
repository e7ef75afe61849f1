package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

// TestWrongPINsLock: four wrong PINs are just wrong; the fifth locks the
// person for 30 seconds (an event for the hub, an exception supervisors
// see), during which even the right PIN is not checked; each further wrong
// PIN doubles the wait; the right PIN after the wait clears it all.
func TestWrongPINsLock(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	clock := time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return clock }
	for i := 1; i <= 4; i++ {
		if _, err := db.SignInPIN(ctx, pickerID, "0000"); !errors.Is(err, core.ErrBadCredentials) {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	_, err := db.SignInPIN(ctx, pickerID, "0000")
	if core.ErrorReason(err) != "pin_locked" || !strings.Contains(core.ErrorMessage(err), "30 seconds") {
		t.Fatalf("fifth wrong PIN: %v", err)
	}
	if _, err := db.SignInPIN(ctx, pickerID, testPIN); core.ErrorReason(err) != "pin_locked" {
		t.Fatalf("the right PIN while locked: %v", err)
	}
	ex, _ := db.OpenExceptions(ctx)
	if len(ex) != 1 || ex[0].Kind != "pin_locked" || !strings.Contains(ex[0].Message, "Pia Picker") {
		t.Fatalf("exceptions %+v", ex)
	}
	if types := eventTypes(t, db); len(types) != 1 || types[0] != sqlite.EventStaffPINLocked {
		t.Fatalf("events %v", types)
	}

	clock = clock.Add(31 * time.Second)
	if _, err := db.SignInPIN(ctx, pickerID, "0000"); core.ErrorReason(err) != "pin_locked" || !strings.Contains(core.ErrorMessage(err), "1 minutes") {
		t.Fatalf("sixth wrong PIN: %v", err)
	}
	clock = clock.Add(61 * time.Second)
	if s, err := db.SignInPIN(ctx, pickerID, testPIN); err != nil || s.ID != pickerID {
		t.Fatalf("the right PIN after the wait: %v", err)
	}
	// Cleared: the next wrong PIN is only wrong.
	if _, err := db.SignInPIN(ctx, pickerID, "0000"); !errors.Is(err, core.ErrBadCredentials) {
		t.Fatalf("after a good sign-in: %v", err)
	}
}

// TestApproverPINRules: a supervisor cannot sign in by badge alone, and a
// supervisor PIN shorter than six digits (set before the rule) must be
// changed: it neither signs in nor approves.
func TestApproverPINRules(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	h, err := core.HashPINCost("4321", 4)
	if err != nil {
		t.Fatal(err)
	}
	err = db.ApplyChanges(ctx, core.ChangeSet{Staff: []core.StaffRecord{
		{Staff: core.Staff{ID: 77, Name: "Old Boss", Badge: "B900", Roles: []core.Role{core.RoleSupervisor}}, PINHash: h, Active: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignInBadge(ctx, "B900"); !errors.Is(err, core.ErrBadgeNeedsPIN) {
		t.Fatalf("supervisor by badge: %v", err)
	}
	if _, err := db.SignInPIN(ctx, 77, "4321"); core.ErrorReason(err) != "pin_change_required" {
		t.Fatalf("short supervisor PIN: %v", err)
	}
	if _, err := db.CheckSupervisor(ctx, 77, "4321"); core.ErrorReason(err) != "pin_change_required" {
		t.Fatalf("approving with a short PIN: %v", err)
	}
	// Pickers still sign in by badge.
	if _, err := db.SignInBadge(ctx, "b77"); err != nil {
		t.Fatal(err)
	}
}
