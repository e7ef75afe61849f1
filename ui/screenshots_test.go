package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestScreenshots renders each screen to PNG for the README when
// STATIONHAND_SCREENSHOTS names a folder (make screenshots). Without it, it
// still walks the screens, so a screen that cannot render fails here.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("STATIONHAND_SCREENSHOTS")
	app, _ := newTestStation(t, Options{Training: true, Title: "Stationhand · Pack station 1"})
	w := app.Window()
	w.Resize(fyne.NewSize(1280, 800))
	shot := func(name string) {
		t.Helper()
		img := w.Canvas().Capture()
		if img.Bounds().Dx() < 100 {
			t.Fatalf("%s: empty capture", name)
		}
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
