package sqlite_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
)

// TestChangeShortSupervisorPIN: a supervisor whose PIN is too short sets a
// new one with the old; the new hash is stored and goes out as an event,
// the PIN itself nowhere.
func TestChangeShortSupervisorPIN(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	h, err := core.HashPINCost("4321", 4)
	if err != nil {
		t.Fatal(err)
	}
	err = db.ApplyChanges(ctx, core.ChangeSet{Staff: []core.StaffRecord{
		{Staff: core.Staff{ID: 77, Name: "Old Boss", Roles: []core.Role{core.RoleSupervisor}}, PINHash: h, Active: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ old, new, reason string }{
		{"9999", "24681357", core.ErrBadCredentials.Reason},
		{"4321", "24680", "pin_too_short"},
		{"4321", "24a813", "bad_pin"},
	} {
		if _, err := db.ChangePIN(ctx, 77, tt.old, tt.new); core.ErrorReason(err) != tt.reason {
			t.Errorf("change %s to %s: %v, want %s", tt.old, tt.new, err, tt.reason)
		}
	}
	before, _ := db.Events(ctx, 0, 1000)
	s, err := db.ChangePIN(ctx, 77, "4321", "24681357")
	if err != nil || s.ID != 77 {
		t.Fatalf("change: %+v, %v", s, err)
	}
	if _, err := db.SignInPIN(ctx, 77, "4321"); core.ErrorReason(err) != core.ErrBadCredentials.Reason {
		t.Fatalf("the old PIN after the change: %v", err)
	}
	if _, err := db.SignInPIN(ctx, 77, "24681357"); err != nil {
		t.Fatalf("the new PIN: %v", err)
	}
	evs, _ := db.Events(ctx, 0, 1000)
	var changed []core.Event
	for _, e := range evs[len(before):] {
		if e.Type == core.EventStaffPINChanged {
			changed = append(changed, e)
		}
	}
	if len(changed) != 1 || changed[0].StaffID != 77 {
		t.Fatalf("pin_changed events: %+v", changed)
	}
	var p core.PINChangedPayload
	if err := json.Unmarshal(changed[0].Payload, &p); err != nil || !core.CheckPIN(p.PINHash, "24681357") {
		t.Fatalf("payload %s: %v", changed[0].Payload, err)
	}
	if strings.Contains(string(changed[0].Payload), "24681357") {
		t.Fatalf("the PIN itself is in the event: %s", changed[0].Payload)
	}
}
