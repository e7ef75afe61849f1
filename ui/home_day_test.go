package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestHomeTilesAndTheDay: home shows the person's queues as tiles with
// counts and the oldest's age, and their day (units picked per hour,
// orders packed, returns inspected, accuracy); a supervisor sees everyone.
func TestHomeTilesAndTheDay(t *testing.T) {
	app, _ := newTestStation(t, Options{})
	signInAs(t, app, "Ana Picker", "1111")
	h := app.home
	if len(h.Tiles) != 2 { // to pick, exceptions
		t.Fatalf("a picker sees %d tiles", len(h.Tiles))
	}
	if !strings.Contains(tileText(h.Tiles[0]), "to pick") || !strings.Contains(tileText(h.Tiles[0]), "oldest") {
		t.Fatalf("to-pick tile: %q", tileText(h.Tiles[0]))
	}
	press(h.Field, fyne.KeyF1)
	p := app.pick
	scanInto(p.Field, "TOTE-T1")
	scanInto(p.Field, "BIN-J-01-1") // wrong bin: refused
	scanInto(p.Field, "")
	scanInto(p.Field, p.batch.Next().Expect[0])
	scanInto(p.Field, p.batch.Next().Task.GTIN)
	press(p.Field, fyne.KeyEscape)
	h = app.home
	if !strings.Contains(h.Day.Text, "1 unit picked") || !strings.Contains(h.Day.Text, "1 refused of 4 scans") {
		t.Fatalf("the day: %q", h.Day.Text)
	}
	app.SignOut()
	signInAs(t, app, "Sam Supervisor", "999999")
	if !strings.Contains(app.home.Day.Text, "Ana Picker: 1 unit picked") {
		t.Fatalf("the supervisor's view: %q", app.home.Day.Text)
	}
}

func tileText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + " ")
		case *BigText:
			b.WriteString(x.Text + " ")
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}
