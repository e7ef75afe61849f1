package store_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// A member of staff's language is set at the hub, on adding them or later,
// checked against the languages the stations speak, and pulled by the
// location's terminals with the rest of their record.
func TestStaffLanguageIsSetAtTheHubAndPulled(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		term, _ := enroll(t, db, "L1", "Pack 1")
		start, _ := pullAll(t, db, term, "", 1000)
		som, err := db.AddStaff(ctx, "L1", core.Staff{Name: "Somchai", Roles: []core.Role{core.RolePicker}, Language: "TH"}, "4321")
		if err != nil || som.Language != "th" {
			t.Fatalf("add with language: %+v, %v", som, err)
		}
		if _, err := db.AddStaff(ctx, "L1", core.Staff{Name: "X", Roles: []core.Role{core.RolePicker}, Language: "klingon"}, "4321"); core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("a language the stations do not speak: %v", err)
		}
		cs, _ := pullAll(t, db, term, start.Cursor, 1000)
		if len(cs.Staff) != 1 || cs.Staff[0].Language != "th" {
			t.Fatalf("pulled %+v, want Somchai in Thai", cs.Staff)
		}
		if err := db.SetStaffLanguage(ctx, som.ID, "es"); err != nil {
			t.Fatal(err)
		}
		if err := db.SetStaffLanguage(ctx, 99999, "es"); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("unknown staff: %v", err)
		}
		cs2, _ := pullAll(t, db, term, cs.Cursor, 1000)
		if len(cs2.Staff) != 1 || cs2.Staff[0].Language != "es" {
			t.Fatalf("after the change pulled %+v, want Spanish", cs2.Staff)
		}
		all, err := db.Staff(ctx, "L1")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range all {
			if m.ID == som.ID && m.Language != "es" {
				t.Errorf("hub lists %+v", m)
			}
		}
	})
}
