package ui

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestPackDrawsAScannersBurstOnceBeforeTheFrame scans an order's tote and
// its units with DrawBeforeFrame, as the real window does, without a frame
// in between: each scan is recorded at once, the screen is drawn once
// before the frame with the last answer, every scan gets its scan log
// line, and a key or a refusal first draws what waited.
func TestPackDrawsAScannersBurstOnceBeforeTheFrame(t *testing.T) {
	q := &uiQueue{}
	var scanLog bytes.Buffer
	app, db := newTestStation(t, Options{Printer: &fakePrinter{}, do: q.do, DrawBeforeFrame: true, ScanLog: &scanLog})
	t.Cleanup(app.Stop)
	packStationSetup(t, db)
	p, order := packerAtPackScreen(t, app, db)
	ref := order.ExternalID
	app.drawNow()
	waiting := func() int {
		app.frames.mu.Lock()
		defer app.frames.mu.Unlock()
		return len(app.frames.lines)
	}
	shownBefore, linesBefore := waiting(), p.Lines.Text

	scanInto(p.Field, "TOTE-"+ref)
	if p.Order() != ref {
		t.Fatalf("the tote opened %q, want %s", p.Order(), ref)
	}
	codes := unitCodes(p.order)
	if len(codes) < 2 {
		t.Fatalf("the order has %d units, want at least 2", len(codes))
	}
	events := countEvents(t, db)
	scanInto(p.Field, codes[0])
	if got := countEvents(t, db) - events; got != 1 {
		t.Fatalf("%d events recorded before the frame, want the unit's at once", got)
	}
	if p.Lines.Text != linesBefore || p.Banner.Tone() == ToneGood || waiting() != shownBefore {
		t.Fatalf("drawn before the frame: lines %q, banner %s %q, %d answers waiting for a frame",
			p.Lines.Text, toneName(p.Banner.Tone()), p.Banner.Title(), waiting()-shownBefore)
	}

	app.drawNow() // the frame: both answers drawn once, the last on the banner
	if p.Banner.Tone() != ToneGood || !strings.Contains(p.Banner.Title(), "1") || !strings.Contains(p.Lines.Text, order.Lines[0].Name) {
		t.Fatalf("after the frame: banner %s %q, lines %q", toneName(p.Banner.Tone()), p.Banner.Title(), p.Lines.Text)
	}
	if got := waiting() - shownBefore; got != 2 {
		t.Fatalf("%d scan log lines wait for the painted frame, want 2 (the tote, the unit)", got)
	}
	if log := p.Panel.Log.Text; strings.Count(log, "✓") != 2 {
		t.Fatalf("the panel's log shows %q, want both answers", log)
	}

	// A key acts on the screen as shown: what waited is drawn first.
	scanInto(p.Field, codes[1])
	before := waiting()
	press(p.Field, fyne.KeyF4) // take the last unit out
	if waiting() != before+1 {
		t.Fatalf("after F4: %d new scan log lines, want the unit's answer drawn before F4 acted", waiting()-before)
	}
	app.drawNow()
	if waiting() != before+2 {
		t.Fatalf("after F4 and the frame: %d new scan log lines, want 2", waiting()-before)
	}

	// A refusal is drawn at once, after the answer that waited.
	scanInto(p.Field, codes[1]) // back in
	if p.Panel.Refused() || len(p.Panel.answers) != 1 {
		t.Fatalf("the unit taken out, scanned again: refused %v, %d answers waiting", p.Panel.Refused(), len(p.Panel.answers))
	}
	scanInto(p.Field, "NOT-A-BARCODE")
	if waiting() != before+4 {
		t.Fatalf("%d new scan log lines, want 4 (the unit, F4, the unit again, the refusal)", waiting()-before)
	}
	if p.Banner.Tone() != ToneBad || !p.Panel.Refused() {
		t.Fatalf("a wrong item waits for the frame: banner %s %q", toneName(p.Banner.Tone()), p.Banner.Title())
	}
}
