package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestScreenshots renders each screen to PNG for the README when
// STATIONHAND_SCREENSHOTS names a folder (make screenshots). Without it, it
// still walks the screens, so a screen that cannot render fails here.
func TestScreenshots(t *testing.T) {
	app, _ := newTestStation(t, Options{Training: true, Title: "Stationhand · Pack station 1"})
	shot := func(name string) { snap(t, app, name) }
	shot("sign-in")
	signInAs(t, app, "Chloé Store", "3333")
	shot("home")
	test.Tap(app.home.PickNext)
	p := app.pick
	scanInto(p.Field, "TOTE-T1")
	shot("pick-bin")
	scanInto(p.Field, "BIN-J-01-1")
	shot("pick-wrong-bin")
	scanInto(p.Field, "")
	scanInto(p.Field, p.batch.Next().Expect[0])
	shot("pick-item")
	press(p.Field, fyne.KeyEscape)
	app.ShowExceptions()
	shot("exceptions")
}

// snap renders the window to docs/screenshots/NAME.png when
// STATIONHAND_SCREENSHOTS names that folder; the workflows' UI tests call it
// at the moments worth showing in the README.
func snap(t *testing.T, app *App, name string) {
	t.Helper()
	w := app.Window()
	w.Resize(fyne.NewSize(1280, 800))
	relayout(w.Content())
	img := w.Canvas().Capture()
	if img.Bounds().Dx() < 100 {
		t.Fatalf("%s: empty capture", name)
	}
	dir := os.Getenv("STATIONHAND_SCREENSHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// relayout lays the tree out again from the top, as the real driver does
// on every frame when a text changed size (Fyne's test canvas does not).
func relayout(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *fyne.Container:
		if x.Layout != nil {
			x.Layout.Layout(x.Objects, x.Size())
		}
		for _, c := range x.Objects {
			relayout(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		r.Layout(x.Size())
		for _, c := range r.Objects() {
			relayout(c)
		}
	}
}

// TestReadmePicturesAreRendered: every picture the README shows is one the
// UI tests render (make screenshots) and is committed.
func TestReadmePicturesAreRendered(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	pics := regexp.MustCompile(`\]\((docs/screenshots/[^)]+\.png)\)`).FindAllStringSubmatch(string(readme), -1)
	if len(pics) < 10 {
		t.Fatalf("the README shows %d screenshots", len(pics))
	}
	rendered := map[string]bool{}
	for _, f := range []string{"screenshots_test.go", "sizes_test.go", "pack_test.go", "pickup_test.go", "return_test.go", "settings_test.go", "setup_test.go", "lang_test.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`(?:snap|shot|checkFits)\((?:t, app, )?"([a-z0-9-]+)"`).FindAllStringSubmatch(string(src), -1) {
			rendered[m[1]] = true
		}
	}
	// The hub console's pictures come from its browser test.
	console, err := os.ReadFile("../sync/hub/console/browser_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`shot\("([a-z0-9-]+)\.png"`).FindAllStringSubmatch(string(console), -1) {
		rendered[m[1]] = true
	}
	size := regexp.MustCompile(`-\d+x\d+$`)
	for _, p := range pics {
		if _, err := os.Stat("../" + p[1]); err != nil {
			t.Errorf("README shows %s, which is missing: run make screenshots and commit it", p[1])
		}
		name := size.ReplaceAllString(strings.TrimSuffix(filepath.Base(p[1]), ".png"), "")
		if !rendered[name] {
			t.Errorf("README shows %s, which no UI test renders", p[1])
		}
	}
}
