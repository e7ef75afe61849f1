package ui

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/station"
)

// tlsHub is a real hub over HTTPS with its own private CA (as `hub serve
// --tls-auto` makes it), with location L1 numbering parcels under a
// company prefix.
func tlsHub(t *testing.T) (*store.DB, *httptest.Server, string) {
	t.Helper()
	db := hubtest.Backends()[0].Open(t)
	hubtest.Seed(t, db, "L1", 3)
	if err := db.SetSSCCNumbering(context.Background(), "0614141", 0, 1); err != nil {
		t.Fatal(err)
	}
	cfg, ca, err := hub.AutoTLS(filepath.Join(t.TempDir(), "hub-tls"), []string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(hub.NewServer(db, nil))
	srv.TLS = cfg
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return db, srv, enrol.Fingerprint(ca)
}

// setupWindow opens a fresh station's database and its first-start screen
// on Fyne's test driver, enrolling through the real station code.
func setupWindow(t *testing.T, done func(core.Terminal)) (*SetupScreen, *sqlite.DB, chan func()) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "station.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	w := a.NewWindow("Stationhand")
	w.Resize(fyne.NewSize(1280, 800))
	onUI := make(chan func(), 1)
	s := ShowSetup(w, SetupOptions{
		Enrol: func(ctx context.Context, r SetupRequest) (core.Terminal, error) {
			if err := db.SetSetting(ctx, "ui.language", r.Language); err != nil {
				return core.Terminal{}, err
			}
			return station.Enrol(ctx, db, r.Scanned, r.HubURL, r.Code, station.EnrolOptions{Name: r.Name, Version: "test"})
		},
		Done: done,
		Skip: func() {},
		do:   func(f func()) { onUI <- f }, // the test goroutine stands in for the UI's
	})
	return s, db, onUI
}

// waitSettled waits for the outcome of an enrolment and shows it, on the
// test goroutine as the UI's would.
func waitSettled(t *testing.T, s *SetupScreen, onUI chan func()) {
	t.Helper()
	select {
	case f := <-onUI:
		f()
	case <-time.After(30 * time.Second):
		t.Fatalf("no answer on the setup screen: %s %s", s.Banner.Title(), s.Banner.Text())
	}
}

// TestFirstStartSetup walks the first-start screen as a store manager
// does: a wrong scan first, then the enrolment code from `hub enroll
// --qr`, scanned, against a real hub over TLS. The station ends enrolled
// under the name typed, with its token in a private file, its own SSCC
// range, and able to sync at once. The same code scanned at a second new
// station is refused with a message saying what to do.
func TestFirstStartSetup(t *testing.T) {
	hubDB, srv, fingerprint := tlsHub(t)
	ctx := context.Background()
	oneTime, _, err := hubDB.CreateEnrolmentCode(ctx, "L1", "")
	if err != nil {
		t.Fatal(err)
	}
	code := enrol.Code{HubURL: srv.URL, Location: "L1", OneTime: oneTime, CAFingerprint: fingerprint}.String()

	var enrolled core.Terminal
	s, db, onUI := setupWindow(t, func(term core.Terminal) { enrolled = term })
	if s.Banner.Title() != "SET UP THIS STATION" || s.win.Canvas().Focused() != s.Field {
		t.Fatalf("first start shows %q, focus on %v", s.Banner.Title(), s.win.Canvas().Focused())
	}
	s.Language.SetSelected("English")
	test.Type(s.Name, "Pack 7")

	scanInto(s.Field, "ORD-1001")
	if s.Banner.Tone() != ToneBad || !strings.Contains(s.Banner.Text(), "not an enrolment code") {
		t.Fatalf("a wrong scan: %s %s", s.Banner.Title(), s.Banner.Text())
	}

	scanInto(s.Field, code)
	if s.Banner.Title() != "CONNECTING…" {
		t.Fatalf("while enrolling: %s", s.Banner.Title())
	}
	waitSettled(t, s, onUI)
	if s.Banner.Tone() != ToneGood || enrolled.Name != "Pack 7" || enrolled.Location != "L1" {
		t.Fatalf("after scanning the code: %s %s, enrolled %+v", s.Banner.Title(), s.Banner.Text(), enrolled)
	}
	snapWindow(t, s.win, "setup-enrolled")
	if term, _ := db.Terminal(ctx); term != enrolled {
		t.Fatalf("station identity %+v, want %+v", term, enrolled)
	}
	if lang, _ := db.Setting(ctx, "ui.language"); lang != "en" {
		t.Fatalf("language %q", lang)
	}
	fi, err := os.Stat(station.TokenPath(db.Path()))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file %v %v", fi, err)
	}
	if r, _, ok, _ := db.SSCCRange(ctx); !ok || r.First != 1_000_000 {
		t.Fatalf("SSCC range %+v %v", r, ok)
	}
	client, err := station.Connect(ctx, db, "test", true)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := client.Pull(ctx, "", 0); err != nil || len(res.Changes.Orders) == 0 {
		t.Fatalf("pull after enrolment: %v %v", res.Records, err)
	}

	// The same code at another new station: refused, and it can try again.
	s2, db2, onUI2 := setupWindow(t, func(core.Terminal) { t.Error("enrolled with a used code") })
	scanInto(s2.Field, code)
	waitSettled(t, s2, onUI2)
	if s2.Banner.Tone() != ToneBad || !strings.Contains(s2.Banner.Text(), "already used") || s2.Enrol.Disabled() {
		t.Fatalf("a used code: %s %s", s2.Banner.Title(), s2.Banner.Text())
	}
	snapWindow(t, s2.win, "setup-refused")
	if station.Configured(ctx, db2) {
		t.Fatal("a refused enrolment configured the station")
	}
}

// TestFirstStartSetupTyped: no scanner, so the address and the code are
// typed (in lower case, without dashes) and enrolled with the button.
func TestFirstStartSetupTyped(t *testing.T) {
	db := hubtest.Backends()[0].Open(t)
	hubtest.Seed(t, db, "L1", 1)
	srv := httptest.NewServer(hub.NewServer(db, nil)) // plain HTTP, on this machine only
	t.Cleanup(srv.Close)
	oneTime, _, err := db.CreateEnrolmentCode(context.Background(), "L1", "Counter")
	if err != nil {
		t.Fatal(err)
	}
	var enrolled core.Terminal
	s, _, onUI := setupWindow(t, func(term core.Terminal) { enrolled = term })
	test.Type(s.HubURL, srv.URL)
	test.Type(s.Code, strings.ToLower(strings.ReplaceAll(oneTime, "-", "")))
	test.Tap(s.Enrol)
	waitSettled(t, s, onUI)
	if s.Banner.Tone() != ToneGood || enrolled.Name != "Counter" {
		t.Fatalf("typed enrolment: %s %s %+v", s.Banner.Title(), s.Banner.Text(), enrolled)
	}
}

// snapWindow renders a window that is not an App's (see snap).
func snapWindow(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	snap(t, &App{win: w}, name)
}
