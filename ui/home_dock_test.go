package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sqlite/sqlitetest"
)

// TestHomeShowsParcelsWaitingForCarrierLabel: a parcel packed without its
// carrier label shows on the dock's home screen as waiting for it (as on
// the pack screen); once its label has printed it is gone from that line
// and counts in its carrier's backlog instead.
func TestHomeShowsParcelsWaitingForCarrierLabel(t *testing.T) {
	app, db := newTestStation(t, Options{})
	t.Cleanup(app.Stop)
	packStationSetup(t, db)
	ref := shipOrderWithoutCarrierLabel(t, db)
	packForDock(t, db, ref)

	signInAs(t, app, "Dev Dock", "6666")
	w := app.home.Dock.WaitingLabel
	if !w.Visible() || !strings.Contains(w.Text, "Waiting for carrier label (1)") || !strings.Contains(w.Text, ref+" package 1") {
		t.Fatalf("the dock card's waiting line: visible %v, %q", w.Visible(), w.Text)
	}

	sqlitetest.PrintCarrierLabel(t, db, ref, 1, core.CarrierLabel{Carrier: "UPS", Service: "Ground", Tracking: "1Z999AA10123456784"})
	app.ShowHome()
	if w := app.home.Dock.WaitingLabel; w.Visible() || w.Text != "" {
		t.Fatalf("still waiting after its label printed: %q", w.Text)
	}
	if !strings.Contains(app.home.Dock.Lines.Text, "UPS") {
		t.Fatalf("the dock backlog: %q", app.home.Dock.Lines.Text)
	}
}

// shipOrderWithoutCarrierLabel is a demo order to ship, of at most four
// lines, that came without a carrier label.
func shipOrderWithoutCarrierLabel(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	ctx := context.Background()
	for i := 1; i <= 60; i++ {
		ref := fmt.Sprintf("W%06d", 100000+i)
		o, err := db.Order(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		labels, err := db.CarrierLabelsOf(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		if o.Fulfillment == core.FulfillShip && len(o.Lines) <= 4 && len(labels) == 0 {
			return ref
		}
	}
	t.Fatal("no demo order to ship without a carrier label")
	return ""
}
