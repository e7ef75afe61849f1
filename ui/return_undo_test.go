package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
)

// TestReturnUndoAndBannerMeanings is trap 6 of issue 12: a serial that
// does not match was recorded and flagged with no undo, and "held for
// supervisor" was green. Now the last scan can be taken back, a flag or a
// hold is amber with a triangle (recorded, look at it), and unticked
// checklist items are "not checked".
func TestReturnUndoAndBannerMeanings(t *testing.T) {
	app, db := newTestStation(t, Options{})
	ctx := context.Background()
	buds := defectiveBudsReturn(t, db, "RUI3", "W099998", "James Miller")
	signInAs(t, app, "Dariusz Returns", "4444")
	app.ShowReturn("RUI3", "")
	s := retFind[*ReturnScreen](app)

	before := len(retEventTypes(t, db))
	retScanInto(s.Field, fmt.Sprintf("(01)%s(21)SN-FAKE", buds.Codes[0]))
	retMustBanner(t, s.Banner, ToneWarn, "FLAGGED: SERIAL NUMBER DOES NOT MATCH WHAT WAS SHIPPED", "F2 takes the scan back")
	if s.Banner.icon.Resource != toneIcons[ToneWarn] || s.Panel.Refused() {
		t.Fatal("a flag is not amber with a triangle, or gates like a refusal")
	}
	retPress(s.Field, fyne.KeyF2)
	retMustBanner(t, s.Banner, ToneGood, "TAKEN BACK", "never scanned")
	if len(s.insp.Items) != 0 || strings.Contains(s.Lines.Text, "FLAGGED") {
		t.Fatalf("after undo: %d items, lines %q", len(s.insp.Items), s.Lines.Text)
	}
	stored, err := db.Inspection(ctx, "RUI3")
	if err != nil || len(stored.Items) != 0 {
		t.Fatalf("the store still has %d items (%v)", len(stored.Items), err)
	}
	types := retEventTypes(t, db)
	if len(types) != before+2 || types[len(types)-1] != core.EventReturnItemUndone {
		t.Fatalf("events: %v", types[before:])
	}
	// Nothing left to take back: a refusal, gated like every other.
	retPress(s.Field, fyne.KeyF2)
	retMustBanner(t, s.Banner, ToneBad, returnHeadline(core.ErrNothingToUndo), "Nothing")
	retScanInto(s.Field, "")

	// The right unit; one check ticked, the rest "not checked".
	retScanInto(s.Field, fmt.Sprintf("(01)%s(21)SN-GOOD", buds.Codes[0]))
	retMustBanner(t, s.Banner, ToneGood, "MATCHED", "")
	s.checks[0].SetChecked(true)
	n, second := len(s.checks), s.checks[1].Text
	s.Field.TypedRune('2')
	retPress(s.Field, fyne.KeyReturn)
	if !strings.Contains(s.Banner.Text(), fmt.Sprintf("1 of %d checked; not checked: %s", n, second)) || strings.Contains(strings.ToLower(s.Banner.Text()), "fail") {
		t.Fatalf("after confirming: %s / %s", s.Banner.Title(), s.Banner.Text())
	}
}
