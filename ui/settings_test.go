package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/stationhand/stationhand/core/printing"
)

// TestSettingsScreen: a supervisor sets up the printer (and test-prints to
// it), the sender, the SSCC numbering and the pickup window on the
// screen; a picker never gets there.
func TestSettingsScreen(t *testing.T) {
	syncAsked := 0
	sync := func() SyncInfo { return SyncInfo{Configured: true, Online: true, Pending: 2} }
	// The status bar's updates are dropped: this test reads the screen.
	app, db := newTestStation(t, Options{Sync: sync, SyncNow: func() { syncAsked++ }, do: func(func()) {}})
	defer app.Stop()
	ctx := context.Background()
	signInAs(t, app, "Ana Picker", "1111")
	if app.ShowSettings() != nil || app.home == nil {
		t.Fatal("a picker opened the settings")
	}
	app.SignOut()
	signInAs(t, app, "Sam Supervisor", "999999")
	s := app.ShowSettings()
	if s == nil {
		t.Fatal("the supervisor's settings did not open")
	}
	printed := t.TempDir()
	s.PrinterKind.SetSelected(printing.OutputFolder)
	s.PrinterWhere.SetText(printed)
	s.PrinterFormat.SetSelected(printing.FormatPDF)
	s.StationName.SetText("Counter 2")
	s.FromName.SetText("Harbour Street Store")
	s.FromCountry.SetText("gb")
	s.SSCCPrefix.SetText("0614141")
	s.SSCCTerminal.SetText("12")
	s.ExpiryDays.SetText("9")
	test.Tap(s.TestPrint)
	if s.Banner.Tone() != ToneGood || s.Banner.Title() != "TEST PRINT SENT" {
		t.Fatalf("test print: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	files, _ := filepath.Glob(filepath.Join(printed, "*.pdf"))
	if len(files) != 1 {
		t.Fatalf("printed %v", files)
	}
	if b, _ := os.ReadFile(files[0]); !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("%s is not a PDF", files[0])
	}
	pc, ok, _ := db.PrinterConfig(ctx)
	sh, _ := db.ShipSettings(ctx)
	r, _, _, _ := db.SSCCRange(ctx)
	days, _ := db.PickupExpiryDays(ctx)
	term, _ := db.Terminal(ctx)
	if !ok || pc.Dir != printed || sh.ShipFrom.Name != "Harbour Street Store" || sh.ShipFrom.Country != "GB" ||
		r.First != 12_000_000 || days != 9 || term.Name != "Counter 2" {
		t.Fatalf("saved: printer %+v, sender %+v, SSCC %+v, days %d, name %q", pc, sh.ShipFrom, r, days, term.Name)
	}
	snap(t, app, "settings")

	// A wrong value is refused and says which.
	s.SSCCTerminal.SetText("1000")
	test.Tap(s.Save)
	if s.Banner.Tone() != ToneBad || !strings.Contains(s.Banner.Text(), "1 to 999") {
		t.Fatalf("station number 1000: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	if !strings.Contains(recentErrors.text(), "1 to 999") {
		t.Fatalf("last errors: %q", recentErrors.text())
	}

	// Re-pull everything: the next pull starts from the beginning.
	if err := db.SetSetting(ctx, "sync.cursor", "c9"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.SyncStatus.Text, "Online") || !strings.Contains(s.SyncStatus.Text, "2 events waiting") {
		t.Fatalf("sync status %q", s.SyncStatus.Text)
	}
	test.Tap(s.RePull)
	if cur, _ := db.SyncCursor(ctx); cur != "" || syncAsked != 1 {
		t.Fatalf("cursor after re-pull: %q, sync asked %d times", cur, syncAsked)
	}
}
