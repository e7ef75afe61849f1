package sync_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestShortSupervisorPINChangedAtOneStationReachesTheOthers: a supervisor
// whose PIN predates the six-digit rule must change it at sign-in; the new
// hash goes to the real hub over HTTP as staff.pin_changed, the hub stores
// it on the staff record, and the location's other station pulls it: the
// new PIN signs in there, the old one no longer does. A forged change
// with a cheap hash is refused and changes nothing.
func TestShortSupervisorPINChangedAtOneStationReachesTheOthers(t *testing.T) {
	defer func(c int) { core.PINCost = c }(core.PINCost)
	core.PINCost = 6 // hashes at the station and the hub's floor alike: a test need not wait for cost 12
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 1)
		oldHash, err := core.HashPINCost("4321", 4)
		if err != nil {
			t.Fatal(err)
		}
		boss, err := h.db.AddStaffHashed(ctx, "L1", core.Staff{Name: "Old Boss", Roles: []core.Role{core.RoleSupervisor}}, oldHash)
		if err != nil {
			t.Fatal(err)
		}
		counter := newTerminal(t, h.db, h.url, "L1", "Counter")
		back := newTerminal(t, h.db, h.url, "L1", "Back office")
		counter.mustSync()
		back.mustSync()

		if _, err := counter.db.SignInPIN(ctx, boss.ID, "4321"); core.ErrorReason(err) != core.ReasonPINChangeRequired {
			t.Fatalf("sign in with the short PIN: %v", err)
		}
		if _, err := counter.db.ChangePIN(ctx, boss.ID, "4321", "24681357"); err != nil {
			t.Fatal(err)
		}
		counter.mustSync()
		hubHash := func() string {
			t.Helper()
			staff, err := h.db.Staff(ctx, "L1")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range staff {
				if s.ID == boss.ID {
					return s.PINHash
				}
			}
			t.Fatalf("the hub lost staff %d", boss.ID)
			return ""
		}
		if !core.CheckPIN(hubHash(), "24681357") {
			t.Fatal("the hub's staff record does not have the new PIN")
		}
		if res := back.mustSync(); res.Pulled == 0 {
			t.Fatal("the other station pulled nothing")
		}
		if _, err := back.db.SignInPIN(ctx, boss.ID, "24681357"); err != nil {
			t.Fatalf("the new PIN at the other station: %v", err)
		}
		if _, err := back.db.SignInPIN(ctx, boss.ID, "4321"); core.ErrorReason(err) != core.ErrBadCredentials.Reason {
			t.Fatalf("the old PIN at the other station: %v", err)
		}

		// A station sending a cheap hash (a PIN cracked in seconds) is refused.
		cheap, _ := core.HashPINCost("11112222", 4)
		if _, err := back.db.RecordEvent(ctx, core.EventStaffPINChanged, "", boss.ID, core.PINChangedPayload{PINHash: cheap}); err != nil {
			t.Fatal(err)
		}
		back.mustSync()
		if !core.CheckPIN(hubHash(), "24681357") {
			t.Fatal("a cheap hash replaced the PIN at the hub")
		}
	})
}
