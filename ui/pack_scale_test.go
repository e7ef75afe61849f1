package ui

import (
	"io"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/scale"
)

// TestPackReadsTheScale: F11 takes the weight from a USB scale (a fake one
// sending real HID reports: settling, then stable).
func TestPackReadsTheScale(t *testing.T) {
	r, w := io.Pipe()
	app, db, _ := newPackStation(t, nil)
	app.opts.Scale = scale.NewHIDScale(r)
	order := twoUnitShipOrder(t, db)
	pickForPacking(t, db, order.ExternalID)
	signInAs(t, app, "Ben Packer", "2222")
	press(app.home.Field, fyne.KeyF3)
	p := packScreenOf(t, app)
	scanInto(p.Field, "ORD-"+order.ExternalID)
	go func() {
		w.Write([]byte{3, 3, 2, 0, 0x10, 0x04}) // in motion, 1040 g
		w.Write([]byte{3, 4, 2, 0, 0x1a, 0x04}) // stable, 1050 g
	}()
	press(p.Field, fyne.KeyF11)
	if p.weightG != 1050 || p.Weight.Text != pack.FormatWeight(1050) {
		t.Fatalf("scale reading: %d g, field %q, banner %s / %s", p.weightG, p.Weight.Text, p.Banner.Title(), p.Banner.Text())
	}
}
