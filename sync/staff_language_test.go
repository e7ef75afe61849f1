package sync_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestStaffLanguageReachesTheStation: a member of staff's language, set at
// the hub on adding them and changed later (hub staff language), reaches
// the location's station over HTTP with its next sync and comes back with
// the person at sign-in, which is what the screens switch on.
func TestStaffLanguageReachesTheStation(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 1)
		hash, err := core.HashPINCost("4321", 4)
		if err != nil {
			t.Fatal(err)
		}
		som, err := h.db.AddStaffHashed(ctx, "L1", core.Staff{Name: "Somchai", Roles: []core.Role{core.RolePicker}, Language: "th"}, hash)
		if err != nil {
			t.Fatal(err)
		}
		st := newTerminal(t, h.db, h.url, "L1", "Pick 1")
		st.mustSync()
		who, err := st.db.SignInPIN(ctx, som.ID, "4321")
		if err != nil || who.Language != "th" {
			t.Fatalf("signed in at the station as %+v, %v: want Thai", who, err)
		}
		if err := h.db.SetStaffLanguage(ctx, som.ID, "es"); err != nil {
			t.Fatal(err)
		}
		st.mustSync()
		if who, err := st.db.SignInPIN(ctx, som.ID, "4321"); err != nil || who.Language != "es" {
			t.Fatalf("after the hub's change: %+v, %v: want Spanish", who, err)
		}
	})
}
