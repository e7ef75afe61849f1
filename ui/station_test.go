package ui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/sqlite"
)

// newTestStation opens a demo store in a temp dir and a station window on
// Fyne's headless test driver, showing the sign-in screen.
func newTestStation(t *testing.T, opts Options) (*App, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "station.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cs, err := demo.ChangeSet(1, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyChanges(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	// The real theme, not the test theme: screenshots look like the
	// station, and every text style a screen uses exists.
	a.Settings().SetTheme(theme.DefaultTheme())
	w := a.NewWindow("Stationhand")
	w.Resize(fyne.NewSize(1280, 800))
	if opts.Title == "" {
		opts.Title = "Stationhand"
	}
	app := New(w, db, opts)
	app.flashFade = 0 // the flash stays: tests read it, and no timer touches widgets behind their back
	app.Start()
	return app, db
}

// scanInto types a scan into a field and presses Enter, as a keyboard-wedge
// scanner does.
func scanInto(f *ScanField, s string) {
	test.Type(f, s)
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// press sends one key to a field.
func press(f *ScanField, k fyne.KeyName) { f.TypedKey(&fyne.KeyEvent{Name: k}) }

// signInAs signs a demo member of staff in with their PIN.
func signInAs(t *testing.T, app *App, name, pin string) {
	t.Helper()
	s := app.signIn
	if s == nil {
		t.Fatal("not on the sign-in screen")
	}
	s.Names.SetSelected(name)
	scanInto(s.Field, pin)
	if app.User() == nil || app.User().Name != name {
		t.Fatalf("sign in as %s failed: %s %s", name, s.Banner.Title(), s.Banner.Text())
	}
}
