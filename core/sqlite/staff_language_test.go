package sqlite_test

import (
	"context"
	"testing"

	"github.com/stationhand/stationhand/core"
)

// The language the hub sets for a member of staff is kept with them and
// comes back at sign-in, and a change from the hub replaces it.
func TestStaffLanguageComesFromTheHub(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	rec := core.StaffRecord{Staff: core.Staff{ID: 40, Name: "Somchai", Roles: []core.Role{core.RolePicker}, Language: "th"}, PINHash: pinHash, Active: true}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Cursor: "c2", Staff: []core.StaffRecord{rec}}); err != nil {
		t.Fatal(err)
	}
	who, err := db.SignInPIN(ctx, 40, testPIN)
	if err != nil || who.Language != "th" {
		t.Fatalf("signed in as %+v, %v: want the Thai language", who, err)
	}
	rec.Language = "es"
	if err := db.ApplyChanges(ctx, core.ChangeSet{Cursor: "c3", Staff: []core.StaffRecord{rec}}); err != nil {
		t.Fatal(err)
	}
	list, err := db.StaffList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.ID == 40 && s.Language != "es" {
			t.Errorf("after the hub's change: %+v", s)
		}
		if s.ID != 40 && s.Language != "" {
			t.Errorf("%s has language %q, set nowhere", s.Name, s.Language)
		}
	}
}
