package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core/pickup"
)

// TestSupervisorApprovalTakesBadgeAndIgnoresStrayEnter is trap 4 of issue
// 12: after the fifth wrong pickup code the habitual Enter landed in the
// supervisor PIN field and said "wrong PIN", and the supervisor's badge
// was refused there.
func TestSupervisorApprovalTakesBadgeAndIgnoresStrayEnter(t *testing.T) {
	app, db := newTestStation(t, Options{})
	t.Cleanup(app.Stop)
	o := pickupOrderOf(t, db, 1)
	stageByStore(t, db, o.ExternalID)
	signInAs(t, app, "Chloé Store", "3333")
	press(app.home.Field, fyne.KeyF5)
	queue := pickupShown[*PickupScreen](app)
	scanInto(queue.Field, o.ExternalID)
	scanInto(queue.Field, "1")
	h := pickupShown[*HandoffScreen](app)
	for i := 1; i < pickup.MaxWrongCodes; i++ {
		scanInto(h.Field, "000000")
		scanInto(h.Field, "")
	}
	scanInto(h.Field, "000000")
	lock := pickupShown[*LockScreen](app)
	if lock == nil {
		t.Fatal("no lock-out screen")
	}
	// The habitual Enter after the refusal: nothing happens.
	scanInto(lock.Field, "")
	mustBanner(t, lock.Banner, ToneWarn, "LOCKED")
	// Someone who is not a supervisor: refused, the same gate as everywhere.
	scanInto(lock.Field, "BADGE-1001")
	mustBanner(t, lock.Banner, ToneBad, "NOT A SUPERVISOR")
	if !lock.Panel.OK.Visible() {
		t.Fatal("no OK on the lock screen's refusal")
	}
	scanInto(lock.Field, "")
	mustBanner(t, lock.Banner, ToneWarn, "LOCKED")
	// The supervisor's badge releases it, no name or PIN needed.
	scanInto(lock.Field, "BADGE-1005")
	released := pickupShown[*HandoffScreen](app)
	if released == nil {
		t.Fatalf("the supervisor's badge did not release it: %s / %s", lock.Banner.Title(), lock.Banner.Text())
	}
	mustBanner(t, released.Banner, ToneGood, "RELEASED")
}
