package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
)

// TestShortSupervisorPINMustBeChangedAtSignIn is issue 14's "existing
// short PINs must be changed at the next sign-in": the right short PIN
// leads to a new PIN, typed twice, six digits or more; then the person is
// signed in, and only the new PIN works.
func TestShortSupervisorPINMustBeChangedAtSignIn(t *testing.T) {
	defer func(c int) { core.PINCost = c }(core.PINCost)
	core.PINCost = 6 // a test need not wait a quarter of a second per hash
	app, db := newTestStation(t, Options{})
	defer app.Stop()
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
	app.ShowSignIn()
	app.signIn.Names.SetSelected("Old Boss")
	scanInto(app.signIn.Field, "4321")
	c := app.pinChange
	if app.User() != nil || c == nil {
		t.Fatalf("a short supervisor PIN: user %v, PIN change screen %v", app.User(), c)
	}
	if c.Banner.Title() != "NEW PIN NEEDED" || !c.Field.Password {
		t.Fatalf("asks %s: %s", c.Banner.Title(), c.Banner.Text())
	}
	scanInto(c.Field, "24680") // five digits: too short for a supervisor
	if !c.Panel.Refused() || c.Banner.Title() != "PIN NOT CHANGED" {
		t.Fatalf("five digits: %s %s", c.Banner.Title(), c.Banner.Text())
	}
	scanInto(c.Field, "") // acknowledged
	scanInto(c.Field, "24681357")
	if c.Banner.Title() != "AGAIN" {
		t.Fatalf("after the first entry: %s %s", c.Banner.Title(), c.Banner.Text())
	}
	scanInto(c.Field, "24681358") // a slip: both entries again
	if !c.Panel.Refused() || c.Banner.Text() != "The two PINs differ. Type the new PIN again, twice." {
		t.Fatalf("different entries: %s %s", c.Banner.Title(), c.Banner.Text())
	}
	scanInto(c.Field, "")
	scanInto(c.Field, "24681357")
	scanInto(c.Field, "24681357")
	if app.User() == nil || app.User().ID != 77 || app.home == nil || app.home.Banner.Title() != "PIN CHANGED" {
		t.Fatalf("after the new PIN twice: user %v, home %v", app.User(), app.home != nil)
	}
	if _, err := db.SignInPIN(ctx, 77, "4321"); core.ErrorReason(err) != core.ErrBadCredentials.Reason {
		t.Fatalf("the old PIN still: %v", err)
	}
	if _, err := db.SignInPIN(ctx, 77, "24681357"); err != nil {
		t.Fatalf("the new PIN: %v", err)
	}

	// Esc on the new-PIN screen goes back to sign-in, signed in as nobody.
	app.SignOut()
	if err := db.ApplyChanges(ctx, core.ChangeSet{Staff: []core.StaffRecord{
		{Staff: core.Staff{ID: 77, Name: "Old Boss", Roles: []core.Role{core.RoleSupervisor}}, PINHash: h, Active: true},
	}}); err != nil {
		t.Fatal(err)
	}
	app.ShowSignIn()
	app.signIn.Names.SetSelected("Old Boss")
	scanInto(app.signIn.Field, "4321")
	press(app.pinChange.Field, fyne.KeyEscape)
	if app.signIn == nil || app.User() != nil {
		t.Fatal("Esc did not go back to sign-in")
	}
}
