package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
)

// TestPackerScanOnHomeFollowsRoles is trap 2 of issue 12: a packer's scan
// of an order on home claimed it for picking and dropped them into that
// pick at the next sign-in. Now it opens packing when the order is picked
// and explains otherwise; home's words match the role.
func TestPackerScanOnHomeFollowsRoles(t *testing.T) {
	app, db, _ := newPackStation(t, nil)
	ctx := context.Background()
	open := twoUnitShipOrder(t, db)
	ref := open.ExternalID

	signInAs(t, app, "Ben Packer", "2222")
	h := app.home
	if strings.Contains(h.Banner.Text(), "F1") || !strings.Contains(h.Banner.Text(), "F3") || strings.Contains(h.Field.PlaceHolder, "pick") {
		t.Fatalf("a packer's home says %q, field %q", h.Banner.Text(), h.Field.PlaceHolder)
	}
	if h.PickNext.Visible() && containsObject(app.Window().Content(), h.PickNext) {
		t.Fatal("a packer is offered picking")
	}
	press(h.Field, fyne.KeyF1)
	if app.pick != nil {
		t.Fatal("F1 started a pick for a packer")
	}

	// An order not picked yet: explained, and not claimed.
	scanInto(h.Field, "ORD-"+ref)
	if app.pick != nil || h.Banner.Title() != "NOT PICKED YET" || !strings.Contains(h.Banner.Text(), ref) {
		t.Fatalf("packer scans an open order: pick %v, %s / %s", app.pick != nil, h.Banner.Title(), h.Banner.Text())
	}
	if o, _ := db.Order(ctx, ref); o.Status != core.OrderOpen {
		t.Fatalf("the packer's scan made order %s %s", ref, o.Status)
	}
	scanInto(h.Field, "")
	app.SignOut()
	signInAs(t, app, "Ben Packer", "2222")
	if app.pick != nil || app.home == nil {
		t.Fatal("the packer was dropped into a pick at sign-in")
	}

	// Once picked, the same scan opens packing with the order.
	pickForPacking(t, db, ref)
	scanInto(app.home.Field, "ORD-"+ref)
	p := packScreenOf(t, app)
	if p.Order() != ref || p.Banner.Tone() != ToneGood {
		t.Fatalf("packer scans a picked order: pack shows %q, %s / %s", p.Order(), p.Banner.Title(), p.Banner.Text())
	}
}

// TestOpenPicksAreNeverOrphaned is trap 3: leaving a pick and pressing F1
// claimed the next one, leaving the first "being picked" by nobody. Now F1
// goes back to the oldest open pick, a re-scan of an order of one's own
// pick reopens it, and a supervisor releases or reassigns any open pick.
func TestOpenPicksAreNeverOrphaned(t *testing.T) {
	app, db := newTestStation(t, Options{})
	ctx := context.Background()
	signInAs(t, app, "Ana Picker", "1111")
	press(app.home.Field, fyne.KeyF2) // a batch pick
	first := app.pick.batchID
	refs := app.pick.batch.Orders
	press(app.pick.Field, fyne.KeyEscape) // leave it

	h := app.home
	if len(h.open) != 1 || len(h.OpenPicks.Objects) != 1 || !strings.Contains(h.Banner.Text(), "open pick") {
		t.Fatalf("home lists %d open picks: %s", len(h.open), h.Banner.Text())
	}
	press(h.Field, fyne.KeyF1)
	if app.pick == nil || app.pick.batchID != first {
		t.Fatal("F1 with an open pick did not go back to it")
	}
	if open, _ := db.OpenPicks(ctx, 1); len(open) != 1 {
		t.Fatalf("F1 claimed another pick: %d open", len(open))
	}
	press(app.pick.Field, fyne.KeyEscape)
	// A re-scan of an order of the pick goes back to it, not "already being picked".
	scanInto(app.home.Field, "ORD-"+refs[1].Ref)
	if app.pick == nil || app.pick.batchID != first {
		t.Fatalf("re-scanning an own order: %s / %s", app.home.Banner.Title(), app.home.Banner.Text())
	}
	press(app.pick.Field, fyne.KeyEscape)
	app.SignOut()

	// The supervisor gives it to Chloé, then releases another.
	signInAs(t, app, "Sam Supervisor", "999999")
	press(app.home.Field, fyne.KeyF7)
	s := pickupShown[*OpenPicksScreen](app)
	if s == nil || len(s.picks) != 1 || s.picks[0].StaffName != "Ana Picker" {
		t.Fatal("the supervisor does not see Ana's open pick")
	}
	s.Reassign[0].SetSelected("Chloé Store")
	if s.Panel.Banner.Tone() != ToneGood {
		t.Fatalf("reassign: %s / %s", s.Panel.Banner.Title(), s.Panel.Banner.Text())
	}
	if open, _ := db.OpenPicks(ctx, 3); len(open) != 1 || open[0].ID != first {
		t.Fatalf("Chloé's open picks: %+v", open)
	}
	scanInto(s.Panel.Field, "1") // release row 1 by keyboard
	if s.Panel.Banner.Title() != "RELEASED" || len(s.picks) != 0 {
		t.Fatalf("release: %s / %s", s.Panel.Banner.Title(), s.Panel.Banner.Text())
	}
	for _, o := range refs {
		if got, _ := db.Order(ctx, o.Ref); got.Status != core.OrderOpen {
			t.Fatalf("order %s is %s after release", o.Ref, got.Status)
		}
	}
}

// containsObject reports whether o is in the tree under root.
func containsObject(root, o fyne.CanvasObject) bool {
	if root == o {
		return true
	}
	if c, ok := root.(*fyne.Container); ok {
		for _, x := range c.Objects {
			if containsObject(x, o) {
				return true
			}
		}
	}
	return false
}
