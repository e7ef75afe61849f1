package ui

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/ui/i18n"
)

// stationSizes are the window sizes every screen must work at: a small
// monitor or a mounted tablet, an old 4:3 monitor, a laptop, full HD.
var stationSizes = []fyne.Size{{Width: 800, Height: 600}, {Width: 1024, Height: 768}, {Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// readmeSize is the size of the README's pictures of every screen;
// everySizeInReadme are the screens it shows at every size.
var (
	readmeSize        = fyne.Size{Width: 1280, Height: 800}
	everySizeInReadme = map[string]bool{"pack-order": true, "pick-batch": true}
)

// checkFits renders the window's content at every station size and
// reports a screen whose minimum size exceeds the window (it would widen
// the window past the screen) or whose content is laid out outside it
// (clipped). With STATIONHAND_SCREENSHOTS set (make screenshots), it saves
// the README's pictures as NAME-WxH.png: every screen at readmeSize, and
// the screens of everySizeInReadme at every size.
func checkFits(t *testing.T, app *App, name string) {
	t.Helper()
	checkFitsAt(t, app, name, stationSizes)
}

// checkFitsAt is checkFits at the given sizes.
func checkFitsAt(t *testing.T, app *App, name string, sizes []fyne.Size) {
	t.Helper()
	w := app.Window()
	for _, size := range sizes {
		w.Resize(size)
		relayout(w.Content())
		min := w.Content().MinSize()
		if min.Width > size.Width || min.Height > size.Height {
			t.Errorf("%s at %vx%v: needs %vx%v: %s", name, size.Width, size.Height, min.Width, min.Height, widest(w.Content(), size))
			continue
		}
		if out := outside(w.Content(), fyne.NewPos(0, 0), size); out != "" {
			t.Errorf("%s at %vx%v: clipped: %s", name, size.Width, size.Height, out)
		}
		if dir := os.Getenv("STATIONHAND_SCREENSHOTS"); dir != "" && (size == readmeSize || everySizeInReadme[name]) {
			f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s-%.0fx%.0f.png", name, size.Width, size.Height)))
			if err != nil {
				t.Fatal(err)
			}
			png.Encode(f, w.Canvas().Capture())
			f.Close()
		}
	}
	w.Resize(fyne.NewSize(1280, 800))
	relayout(w.Content())
}

// widest names the chain of objects too big for size, down to the one
// that makes it so.
func widest(o fyne.CanvasObject, size fyne.Size) string {
	var path []string
	for o != nil {
		m := o.MinSize()
		path = append(path, fmt.Sprintf("%s(%.0fx%.0f)", describe(o), m.Width, m.Height))
		var next fyne.CanvasObject
		for _, c := range children(o) {
			if !c.Visible() {
				continue
			}
			cm := c.MinSize()
			if cm.Width > size.Width || cm.Height > size.Height*0.6 {
				if next == nil || cm.Width+cm.Height > next.MinSize().Width+next.MinSize().Height {
					next = c
				}
			}
		}
		o = next
	}
	if len(path) > 8 {
		path = path[len(path)-8:]
	}
	return strings.Join(path, " > ")
}

// outside finds a visible object laid out beyond the window's edge.
func outside(o fyne.CanvasObject, at fyne.Position, size fyne.Size) string {
	if !o.Visible() {
		return ""
	}
	p := at.Add(o.Position())
	s := o.Size()
	if s.Width > 0 && s.Height > 0 && (p.X+s.Width > size.Width+1 || p.Y+s.Height > size.Height+1) {
		if len(children(o)) == 0 {
			return fmt.Sprintf("%s at %.0f,%.0f size %.0fx%.0f", describe(o), p.X, p.Y, s.Width, s.Height)
		}
	}
	if sc, ok := o.(*container.Scroll); ok && sc.Direction != container.ScrollHorizontalOnly {
		// Scrolling down a list is fine; scrolling sideways to find the
		// rest of a screen is content cut off.
		if w := sc.Content.MinSize().Width; w > s.Width+1 {
			return fmt.Sprintf("%s needs %.0f wide in a %.0f view: %s", describe(sc.Content), w, s.Width, widest(sc.Content, s))
		}
		return ""
	}
	if sc, ok := o.(*container.Scroll); ok && sc.Direction == container.ScrollHorizontalOnly {
		return "" // a row meant to scroll sideways (training codes)
	}
	for _, c := range children(o) {
		if out := outside(c, p, size); out != "" {
			return out
		}
	}
	return ""
}

func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case fyne.Widget:
		return test.WidgetRenderer(x).Objects()
	}
	return nil
}

func describe(o fyne.CanvasObject) string {
	name := strings.TrimPrefix(reflect.TypeOf(o).String(), "*")
	switch x := o.(type) {
	case interface{ TextValue() string }:
		return name + fmt.Sprintf("%q", trim(x.TextValue()))
	}
	v := reflect.Indirect(reflect.ValueOf(o))
	if v.Kind() == reflect.Struct {
		if f := v.FieldByName("Text"); f.IsValid() && f.Kind() == reflect.String {
			return name + fmt.Sprintf("%q", trim(f.String()))
		}
	}
	return name
}

func trim(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// TestEveryScreenAtEverySize walks every screen, in the states that grow
// them (a batch of four, a long refusal, training mode), and checks it at
// 800x600, 1024x768, 1280x800 and 1920x1080.
func TestEveryScreenAtEverySize(t *testing.T) {
	walkEveryScreen(t, "en", stationSizes)
}

// TestEveryScreenFitsInTheLongestLanguages walks every screen in Thai and
// Spanish, whose texts run longest, at the four station sizes.
func TestEveryScreenFitsInTheLongestLanguages(t *testing.T) {
	for _, lang := range []string{"th", "es"} {
		t.Run(lang, func(t *testing.T) { walkEveryScreen(t, lang, stationSizes) })
	}
}

// walkEveryScreen is TestEveryScreenAtEverySize in the station language
// lang, at sizes.
func walkEveryScreen(t *testing.T, lang string, sizes []fyne.Size) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	checkFits := func(t *testing.T, app *App, name string) {
		t.Helper()
		checkFitsAt(t, app, name, sizes)
	}
	app, db, _ := newPackStation(t, nil)
	if err := db.SetSetting(context.Background(), SettingLanguage, lang); err != nil {
		t.Fatal(err)
	}
	app.useLanguage("")
	app.ShowSignIn()
	app.opts.Training = true
	ship := twoUnitShipOrder(t, db)
	pickForPacking(t, db, ship.ExternalID)
	staged := pickupOrderOf(t, db, 0)
	stageByStore(t, db, staged.ExternalID)

	checkFits(t, app, "sign-in")
	signInAs(t, app, "Chloé Store", "3333")
	checkFits(t, app, "home")
	app.home.BatchSize.SetSelected("4")
	press(app.home.Field, fyne.KeyF2)
	checkFits(t, app, "pick-batch")
	scanInto(app.pick.Field, "BIN-J-01-1")
	scanInto(app.pick.Field, "TOTE-NOT-THIS-ONE-AT-ALL")
	checkFits(t, app, "pick-refused")
	scanInto(app.pick.Field, "")
	press(app.pick.Field, fyne.KeyF2)
	checkFits(t, app, "pick-short")
	press(app.pick.Field, fyne.KeyEscape)
	press(app.pick.Field, fyne.KeyEscape)

	press(app.home.Field, fyne.KeyF3)
	p := packScreenOf(t, app)
	checkFits(t, app, "pack-start")
	scanInto(p.Field, "ORD-"+ship.ExternalID)
	checkFits(t, app, "pack-order")
	scanInto(p.Field, "4006381333931")
	checkFits(t, app, "pack-refused")
	scanInto(p.Field, "")
	press(p.Field, fyne.KeyEscape)

	press(app.home.Field, fyne.KeyF5)
	checkFits(t, app, "pickup")
	pu := pickupShown[*PickupScreen](app)
	scanInto(pu.Field, "PU-"+staged.PickupCode)
	checkFits(t, app, "pickup-handoff")
	h := pickupShown[*HandoffScreen](app)
	press(h.Field, fyne.KeyEscape)
	press(pickupShown[*PickupScreen](app).Field, fyne.KeyF2)
	checkFits(t, app, "pickup-staging")
	press(pickupShown[*StagingScreen](app).Field, fyne.KeyEscape)
	press(pickupShown[*PickupScreen](app).Field, fyne.KeyF3)
	checkFits(t, app, "pickup-expired")
	app.ShowPickupLock(staged.ExternalID)
	checkFits(t, app, "pickup-locked")
	app.ShowHome()
	app.SignOut()

	signInAs(t, app, "Sam Supervisor", "999999")
	press(app.home.Field, fyne.KeyF6)
	checkFits(t, app, "returns-desk")
	d := pickupShown[*ReturnDesk](app)
	scanInto(d.Field, d.Panel.TrainingCodes()[0])
	checkFits(t, app, "return-inspection")
	app.ShowOpenPicks()
	checkFits(t, app, "open-picks")
	app.ShowExceptions()
	checkFits(t, app, "exceptions")
	s := app.ShowSettings()
	checkFits(t, app, "settings")
	s.Tabs.SelectIndex(2)
	s.ScaleKind.SetSelectedIndex(2)
	s.ScaleDevice.SetText("/dev/ttyUSB0")
	checkFits(t, app, "settings-scale")
	app.ShowHome()
	app.SignOut()
	app.showPINChange(core.Staff{ID: 99, Name: "Old Boss", Roles: []core.Role{core.RoleSupervisor}}, "4321")
	checkFits(t, app, "pin-change")
}
