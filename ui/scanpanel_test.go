package ui

import (
	"context"
	"image/color"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
)

// flashOf returns the window's flash colour.
func flashOf(app *App) color.NRGBA { return color.NRGBAModel.Convert(app.FlashColour()).(color.NRGBA) }

// recordingSounder notes which sounds played, in order.
type recordingSounder struct {
	mu     sync.Mutex
	played []string
}

func (r *recordingSounder) add(s string) { r.mu.Lock(); r.played = append(r.played, s); r.mu.Unlock() }
func (r *recordingSounder) Good()        { r.add("good") }
func (r *recordingSounder) Bad()         { r.add("bad") }
func (r *recordingSounder) Done()        { r.add("done") }

// last returns the last sound played and forgets them all.
func (r *recordingSounder) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.played) == 0 {
		return ""
	}
	s := r.played[len(r.played)-1]
	r.played = nil
	return s
}

// refusalIsGated checks the one way every refusal is handled: red with the
// stop sign and the refused sound, the OK button, a scan over it not taken,
// Enter acknowledges, and a stray Enter right after does nothing.
func refusalIsGated(t *testing.T, app *App, panel *ScanPanel, snd *recordingSounder, refuse func(), notTaken string) {
	t.Helper()
	refuse()
	if panel.Banner.Tone() != ToneBad || !panel.OK.Visible() || !panel.Refused() {
		t.Fatalf("refusal: tone %d, OK shown %v: %s / %s", panel.Banner.Tone(), panel.OK.Visible(), panel.Banner.Title(), panel.Banner.Text())
	}
	if s := snd.last(); s != "bad" {
		t.Fatalf("refusal sounded %q", s)
	}
	if c := flashOf(app); c.R != colourBad.R || c.A == 0 {
		t.Fatalf("the window does not flash red: %v", c)
	}
	if panel.Banner.icon.Resource != toneIcons[ToneBad] {
		t.Fatal("no stop-sign shape with the red")
	}
	title := panel.Banner.Title()
	if notTaken != "" {
		scanInto(panel.Field, notTaken)
		if panel.Banner.Title() != title || !strings.Contains(panel.Log.Text, "not recorded") {
			t.Fatalf("a scan over the refusal: %s, log %q", panel.Banner.Title(), panel.Log.Text)
		}
	}
	scanInto(panel.Field, "") // Enter: understood
	if panel.Banner.Tone() == ToneBad || panel.OK.Visible() || panel.Refused() {
		t.Fatalf("Enter did not acknowledge: %s", panel.Banner.Title())
	}
	if c := flashOf(app); c.A != 0 {
		t.Fatalf("the red stays after acknowledging: %v", c)
	}
	after := panel.Banner.Title() + panel.Banner.Text()
	scanInto(panel.Field, "") // the habitual second Enter
	if panel.Banner.Title()+panel.Banner.Text() != after || panel.Refused() {
		t.Fatalf("a stray Enter after acknowledging changed the screen: %s / %s", panel.Banner.Title(), panel.Banner.Text())
	}
	// The OK button acknowledges too, and so does Esc.
	refuse()
	panel.OK.OnTapped()
	if panel.Refused() {
		t.Fatal("OK does not acknowledge")
	}
	refuse()
	press(panel.Field, fyne.KeyEscape)
	if panel.Refused() {
		t.Fatal("Esc does not acknowledge")
	}
}

// TestEveryScreenGatesRefusalsTheSameWay runs the same refusal check on
// the home, pick, pack, pickup, staging, returns desk and sign-in screens.
func TestEveryScreenGatesRefusalsTheSameWay(t *testing.T) {
	snd := &recordingSounder{}
	app, db := newTestStation(t, Options{Sound: snd})

	s := app.signIn
	refusalIsGated(t, app, s.Panel, snd, func() { scanInto(s.Field, "1234") }, "")

	signInAs(t, app, "Chloé Store", "3333")
	// Home: an order someone else is picking is refused; trap 1 of the
	// issue: no OK, and Enter turned it into "Nothing was scanned".
	ctx := context.Background()
	if _, err := db.ClaimOrders(ctx, 1, "W100003"); err != nil {
		t.Fatal(err)
	}
	h := app.home
	refusalIsGated(t, app, h.Panel, snd, func() { scanInto(h.Field, "ORD-W100003") }, "ORD-W100002")
	if strings.Contains(h.Banner.Text(), "Nothing") {
		t.Fatalf("home after acknowledging: %s", h.Banner.Text())
	}

	test := func(name string, show func() *ScanPanel, bad string) {
		t.Helper()
		p := show()
		refusalIsGated(t, app, p, snd, func() { scanInto(p.Field, bad) }, "BIN-A-01-1")
	}
	test("pick", func() *ScanPanel { scanInto(app.home.Field, "ORD-W100002"); return app.pick.Panel }, "BIN-J-01-1")
	// A good scan: green, the tick, the good beep, the window flashes green.
	p := app.pick
	scanInto(p.Field, "TOTE-T1")
	if p.Banner.Tone() != ToneGood || snd.last() != "good" || flashOf(app).G != colourGood.G || p.Banner.icon.Resource != toneIcons[ToneGood] {
		t.Fatalf("good scan: %s, flash %v", p.Banner.Title(), app.FlashColour())
	}
	if !strings.Contains(p.Panel.Log.Text, "TOTE T1") {
		t.Fatalf("the log does not show the scan: %q", p.Panel.Log.Text)
	}
	press(p.Field, fyne.KeyEscape)
	test("pack", func() *ScanPanel { app.ShowPack(); return pickupShown[*PackScreen](app).Panel }, "4006381333931")
	test("pickup", func() *ScanPanel { app.ShowPickup(); return pickupShown[*PickupScreen](app).Panel }, "BAG-NOPE")
	test("staging", func() *ScanPanel { app.ShowStaging(); return pickupShown[*StagingScreen](app).Panel }, "ORD-W100001")
}
