package ui

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/sqlite"
)

// packByScans packs a picked order in one package at the pack screen.
func packByScans(t *testing.T, app *App, ref string) *PackScreen {
	t.Helper()
	press(app.home.Field, fyne.KeyF3)
	s := packScreenOf(t, app)
	scanInto(s.Field, "ORD-"+ref)
	for _, l := range s.order.Lines {
		for u := 0; u < l.Picked; u++ {
			serial := ""
			if u < len(l.Serials) {
				serial = l.Serials[u]
			}
			scanInto(s.Field, unitCode(l.GTIN, false, false, l.CaptureSerial, serial))
		}
	}
	scanInto(s.Field, pack.FormatWeight(expectedWeight(t, s)))
	press(s.Field, fyne.KeyF5)
	if s.Banner.Title() != "ORDER "+ref+" PACKED" {
		t.Fatalf("close: %s / %s", s.Banner.Title(), s.Banner.Text())
	}
	s.printing.Wait()
	return s
}

// TestPackPrintsTheCarrierLabel packs an order whose carrier label (ZPL)
// came with it: the Zebra gets our SSCC label and the carrier's label,
// byte for byte. An order without a carrier label packed next shows in
// the "waiting for carrier label" line.
func TestPackPrintsTheCarrierLabel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	zebra := startRawPrinter(t, addr)
	cfg := printing.Config{Output: printing.OutputRaw, Addr: addr, Format: printing.FormatZPL, DPI: 203}
	p, err := cfg.Printer()
	if err != nil {
		t.Fatal(err)
	}
	q, err := printing.Open(t.TempDir(), p, printing.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	app, db, ui := newPackStation(t, QueuePrinter(q, cfg, "Pack 1"))
	ctx := context.Background()

	order := twoUnitShipOrder(t, db)
	ref := order.ExternalID
	carrierZPL := demo.CarrierLabelZPL("THP", "EMS", "EE123456785TH", order.ShipTo)
	order.CarrierLabels = []core.CarrierLabel{{Carrier: "THP", Service: "EMS", Tracking: "EE123456785TH", Format: core.LabelFormatZPL, Document: carrierZPL}}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{order}}); err != nil {
		t.Fatal(err)
	}
	pickForPacking(t, db, ref)
	signInAs(t, app, "Ben Packer", "2222")
	s := packByScans(t, app, ref)
	waitFor(t, ui, "our label and the carrier label at the printer", func() bool { return len(zebra.received()) == 2 })
	docs := zebra.received()
	pkgs, _ := db.Packages(ctx, ref)
	if !strings.Contains(string(docs[0]), pkgs[0].SSCC) || !bytes.Equal(docs[1], carrierZPL) {
		t.Fatalf("the printer received %q", docs)
	}
	if l, ok, err := db.CarrierLabelFor(ctx, ref, 1); err != nil || !ok || l.PrintedAt.IsZero() {
		t.Fatalf("carrier label of package 1: %+v %v %v", l, ok, err)
	}

	// The next order has no carrier label: it waits, and the screen says so.
	press(s.Field, fyne.KeyEscape)
	next := otherShipOrder(t, db, ref)
	pickForPacking(t, db, next)
	s = packByScans(t, app, next)
	waitFor(t, ui, "the waiting-for-carrier-label line", func() bool {
		return strings.Contains(s.CarrierWaiting.Text, "Waiting for carrier label (1)") && strings.Contains(s.CarrierWaiting.Text, next+" package 1")
	})
	time.Sleep(50 * time.Millisecond)
	if n := len(zebra.received()); n != 3 {
		t.Fatalf("%d documents printed, want 3 (no carrier label for %s)", n, next)
	}
}

// otherShipOrder is a demo ship order of 2 to 4 lines other than ref.
func otherShipOrder(t *testing.T, db *sqlite.DB, ref string) string {
	t.Helper()
	for i := 1; i <= 60; i++ {
		o, err := db.Order(context.Background(), fmt.Sprintf("W%06d", 100000+i))
		if err == nil && o.ExternalID != ref && o.Fulfillment == core.FulfillShip && len(o.Lines) >= 2 && len(o.Lines) <= 4 {
			return o.ExternalID
		}
	}
	t.Fatal("no second demo ship order")
	return ""
}
