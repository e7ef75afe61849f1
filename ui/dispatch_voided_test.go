package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
)

// TestDispatchRefusesAVoidedCarrierLabel: the address of a packed order
// changes after its carrier label printed; at the dock the old label's
// tracking barcode is refused in red as voided, saying what to do, and
// nothing is written.
func TestDispatchRefusesAVoidedCarrierLabel(t *testing.T) {
	app, db, _ := newPackStation(t, &fakePrinter{})
	ctx := context.Background()
	ref := shipOrderWithoutCarrierLabel(t, db)
	packForDock(t, db, ref, "1Z999AA10123456784")
	o, err := db.Order(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	o.ShipTo.Line1 = "99 Rue Nouvelle"
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}

	if _, err := db.DispatchOpen(ctx, 6, "UPS-9", "UPS"); err != nil {
		t.Fatal(err)
	}
	signInAs(t, app, "Dev Dock", "6666")
	press(app.home.Field, fyne.KeyF4)
	d := pickupShown[*DispatchScreen](app)
	if d == nil {
		t.Fatal("F4 did not open the dock")
	}
	scanInto(d.Field, "HANDOVER-UPS-9")
	if d.Handover() != "UPS-9" {
		t.Fatalf("handover %q: %s", d.Handover(), d.Banner.Text())
	}
	events := countEvents(t, db)
	scanInto(d.Field, "1Z999AA10123456784")
	if d.Banner.Tone() != ToneBad || d.Banner.Title() != "LABEL VOIDED" || !strings.Contains(d.Banner.Text(), "new carrier label") || !d.Panel.OK.Visible() {
		t.Fatalf("voided label: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
	if n := countEvents(t, db); n != events {
		t.Fatalf("the refused scan wrote %d events", n-events)
	}
}
