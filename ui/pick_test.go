package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
)

func TestSignInRejectsWrongPINAndAcceptsBadge(t *testing.T) {
	app, _ := newTestStation(t, Options{})
	s := app.signIn
	scanInto(s.Field, "1111")
	if s.Banner.Tone() != ToneBad || !strings.Contains(s.Banner.Text(), "Choose your name") {
		t.Fatalf("PIN without a name: %s / %s", s.Banner.Title(), s.Banner.Text())
	}
	scanInto(s.Field, "") // understood
	s.Names.SetSelected("Ana Picker")
	scanInto(s.Field, "0000")
	if app.User() != nil || s.Banner.Tone() != ToneBad || s.Banner.Title() != "NOT SIGNED IN" {
		t.Fatalf("wrong PIN: user %v, banner %s / %s", app.User(), s.Banner.Title(), s.Banner.Text())
	}
	if s.Field.Text != "" {
		t.Fatal("the PIN stays in the field after a failed sign-in")
	}
	scanInto(s.Field, "") // understood
	scanInto(s.Field, "BADGE-1002")
	if app.User() == nil || app.User().Name != "Ben Packer" || app.home == nil {
		t.Fatalf("badge sign-in: user %v, home %v", app.User(), app.home != nil)
	}
}

// TestPickByScans signs in, starts a pick from the home screen and finishes
// it by typing scans plus Enter, checking what the screen says after a good
// and after a bad scan.
func TestPickByScans(t *testing.T) {
	app, db := newTestStation(t, Options{})
	signInAs(t, app, "Ana Picker", "1111")
	h := app.home
	if h == nil {
		t.Fatal("no home screen after sign-in")
	}
	if !strings.Contains(h.Queues.Text, "To pick, ship") {
		t.Fatalf("queues: %q", h.Queues.Text)
	}
	test.Tap(h.PickNext)
	p := app.pick
	if p == nil {
		t.Fatalf("no pick screen: home says %s / %s", h.Banner.Title(), h.Banner.Text())
	}
	if f, ok := app.Window().Canvas().Focused().(*ScanField); !ok || f != p.Field {
		t.Fatal("the scan field does not have the focus")
	}
	ref := p.batch.Orders[0].Ref

	// Tote first.
	if !strings.Contains(p.Step.Text, "EMPTY TOTE") {
		t.Fatalf("first step: %q", p.Step.Text)
	}
	scanInto(p.Field, "TOTE-T1")
	if p.Banner.Tone() != ToneGood || p.Banner.Title() != "TOTE T1" {
		t.Fatalf("after the tote: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	// Now the bin, shown large.
	step := p.batch.Next()
	if step.Kind != pick.StepBin || p.Big.Text != step.Task.BinCode || p.Step.Text != "GO TO BIN" {
		t.Fatalf("bin step: %s %q %q", step.Kind, p.Step.Text, p.Big.Text)
	}

	// A bad scan: the wrong bin. Red, says why, stays until acknowledged.
	events := countEvents(t, db)
	scanInto(p.Field, "BIN-J-01-1")
	if p.Banner.Tone() != ToneBad || p.Banner.Title() != "WRONG BIN" || !strings.Contains(p.Banner.Text(), "Go to bin "+step.Task.BinCode) {
		t.Fatalf("after a wrong bin: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	if !p.OK.Visible() {
		t.Fatal("no OK button to acknowledge the error")
	}
	scanInto(p.Field, step.Expect[0]) // the right bin, but the error is unread
	if p.Banner.Tone() != ToneBad || p.batch.Next().Kind != pick.StepBin {
		t.Fatal("a scan over an unacknowledged error was taken")
	}
	if countEvents(t, db) != events {
		t.Fatal("refused scans wrote events")
	}
	scanInto(p.Field, "") // Enter acknowledges
	if p.Banner.Tone() != ToneInfo || p.OK.Visible() {
		t.Fatalf("after acknowledging: %s", p.Banner.Title())
	}

	// A bad check digit is explained too.
	scanInto(p.Field, "4006381333932")
	if p.Banner.Title() != "BAD CHECK DIGIT" {
		t.Fatalf("bad check digit: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	press(p.Field, fyne.KeyEscape) // Esc acknowledges as well

	// Work through the rest, reading each step off the screen state.
	for n := 0; p.batch.Next().Kind != pick.StepDone; n++ {
		step := p.batch.Next()
		code := ""
		switch step.Kind {
		case pick.StepBin:
			code = "BIN-" + p.Big.Text // what the picker reads on screen
		case pick.StepItem:
			code = step.Task.GTIN
			if step.Task.CaptureLot || step.Task.CaptureSerial || step.Task.CaptureExpiry {
				code = trainingGS1(step.Task)
			}
		case pick.StepTote:
			code = "TOTE-" + p.Big.Text
		}
		scanInto(p.Field, code)
		if p.Banner.Tone() != ToneGood {
			t.Fatalf("scan %s at %s: %s / %s", code, step.Kind, p.Banner.Title(), p.Banner.Text())
		}
		if n > 100 {
			t.Fatal("the pick does not end")
		}
	}
	if p.Big.Text != "DONE" || !strings.Contains(p.Banner.Text(), "Order "+ref+" is picked") {
		t.Fatalf("end of pick: %q / %s", p.Big.Text, p.Banner.Text())
	}
	o, err := db.Order(context.Background(), ref)
	if err != nil || o.Status != core.OrderPicked {
		t.Fatalf("order %s is %s (%v)", ref, o.Status, err)
	}
	press(p.Field, fyne.KeyEscape)
	if app.home == nil {
		t.Fatal("Esc on a finished pick does not go home")
	}
}

func TestPickShortUndoAndResume(t *testing.T) {
	app, _ := newTestStation(t, Options{Training: true})
	signInAs(t, app, "Chloé Store", "3333")
	scanInto(app.home.Field, "ORD-W100002")
	p := app.pick
	if p == nil || p.batch.Orders[0].Ref != "W100002" {
		t.Fatalf("scanning an order did not open its pick: %s", app.home.Banner.Text())
	}
	// Training mode offers the expected barcode as a button.
	if len(p.Training.Objects) != 1 {
		t.Fatalf("training shows %d barcodes", len(p.Training.Objects))
	}
	test.Tap(p.Training.Objects[0].(fyne.Tappable))
	if p.Banner.Tone() != ToneGood {
		t.Fatalf("tapping the training barcode: %s / %s", p.Banner.Title(), p.Banner.Text())
	}

	// Short the first line by keyboard: F2, then reason 1.
	before := p.batch.Next().Task
	press(p.Field, fyne.KeyF2)
	if !p.Reasons.Visible() || p.Banner.Title() != "WHY SHORT?" {
		t.Fatal("F2 does not ask for a reason")
	}
	scanInto(p.Field, "1")
	if p.Banner.Tone() != ToneGood || !strings.HasPrefix(p.Banner.Title(), "SHORT") {
		t.Fatalf("short: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	// Undo it with F4: the same task is current again.
	press(p.Field, fyne.KeyF4)
	if p.Banner.Title() != "UNDONE" || p.batch.Next().Task == nil || p.batch.Next().Task.ID != before.ID {
		t.Fatalf("undo: %s, now at %+v", p.Banner.Title(), p.batch.Next().Task)
	}

	// Leave and sign out mid-pick; signing in again resumes it.
	press(p.Field, fyne.KeyEscape)
	app.SignOut()
	signInAs(t, app, "Chloé Store", "3333")
	if app.pick == nil || app.pick.batchID != p.batchID || app.pick.Banner.Title() != "WELCOME BACK" {
		t.Fatal("signing in again does not resume the pick")
	}
	if got := fmt.Sprint(app.pick.batch.Next().Task.ID); got != fmt.Sprint(before.ID) {
		t.Fatalf("resumed at task %s, left at %d", got, before.ID)
	}
}

func countEvents(t *testing.T, db interface {
	Counts(context.Context) (map[string]int, error)
}) int {
	t.Helper()
	c, err := db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c["events"]
}
