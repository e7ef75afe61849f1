package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/carrierlabel"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui"
)

// TestDemoOrdersGoAllTheWayToShipped: on a station set up as `--demo`
// sets it up (the demo data with its carrier labels, the PDF folder
// printer and the ZPL folder printer for carrier labels), a demo order
// with a PDF carrier label (UPS) and one with a ZPL label (Thailand Post
// EMS) each go pick → pack → carrier label printed (the PDF read back by
// zbarimg, the ZPL file holding the tracking number as a Code 128 field)
// → scanned into a handover by that number → shipped, with order.shipped
// naming it. Driven from core, as the screens drive it.
func TestDemoOrdersGoAllTheWayToShipped(t *testing.T) {
	needTools(t, "pdftoppm", "zbarimg")
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "station.db")
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seedDemo(ctx, db); err != nil {
		t.Fatal(err)
	}
	printer, stopPrinter := stationPrinter(ctx, db, dbPath)
	defer stopPrinter()
	carrierPrinter, stopCarrier := stationCarrierPrinter(ctx, db, dbPath)
	defer stopCarrier()
	if printer == nil || carrierPrinter == nil {
		t.Fatalf("the demo station's printers: %v and %v", printer, carrierPrinter)
	}
	if f, _ := carrierPrinter.Format(); f != "zpl" {
		t.Fatalf("the demo's carrier label printer takes %s", f)
	}
	cfg, _, _ := db.PrinterConfig(ctx)

	for _, format := range []core.LabelFormat{core.LabelFormatPDF, core.LabelFormatZPL} {
		ref, l := demoOrderWithLabel(t, db, format)
		pickDemoOrder(t, db, ref)
		packDemoOrderInOne(t, db, ref)
		n, err := carrierlabel.PrintPendingOn(ctx, db, ui.CarrierLabelTargets(carrierPrinter, printer))
		if err != nil || n != 1 {
			t.Fatalf("%s: carrier labels printed: %d, %v", ref, n, err)
		}
		file := waitForFile(t, cfg.Dir, "*"+l.Tracking+"*."+string(format))
		if format == core.LabelFormatPDF {
			png := filepath.Join(t.TempDir(), "label")
			if out, err := exec.Command("pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", file, png).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			var read []string
			for _, s := range zbarPage(t, png+".png") {
				read = append(read, s.Data)
			}
			if !slices.Contains(read, l.Tracking) {
				t.Fatalf("%s: the printed PDF label reads %v, want %s", ref, read, l.Tracking)
			}
		} else if zpl, _ := os.ReadFile(file); !strings.Contains(string(zpl), "^BCN") || !strings.Contains(string(zpl), "^FD"+l.Tracking+"^FS") {
			t.Fatalf("%s: the printed ZPL label has no Code 128 of %s:\n%s", ref, l.Tracking, zpl)
		}

		const dock = 6 // Dev Dock
		code := l.Carrier + "-DEMO-" + string(format)
		if _, err := db.DispatchOpen(ctx, dock, code, l.Carrier); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DispatchScan(ctx, code, dock, scan.Parser{}, l.Tracking); err != nil {
			t.Fatalf("%s: scan %s at the dock: %v", ref, l.Tracking, err)
		}
		if _, err := db.DispatchClose(ctx, code, dock); err != nil {
			t.Fatal(err)
		}
		if o, err := db.Order(ctx, ref); err != nil || o.Status != core.OrderShipped {
			t.Fatalf("%s after the handover closed: %s, %v", ref, o.Status, err)
		}
		if got := shippedTracking(t, db, ref); !slices.Equal(got, []string{l.Tracking}) {
			t.Fatalf("%s: order.shipped names %v, want %s", ref, got, l.Tracking)
		}
	}
}

// demoOrderWithLabel is the first demo order to ship whose carrier label
// (bought in advance) is in format.
func demoOrderWithLabel(t *testing.T, db *sqlite.DB, format core.LabelFormat) (string, core.CarrierLabel) {
	t.Helper()
	for i := 1; i <= 120; i++ {
		ref := fmt.Sprintf("W%06d", 100000+i)
		labels, err := db.CarrierLabelsOf(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(labels) == 1 && labels[0].Format == format {
			return ref, labels[0].CarrierLabel
		}
	}
	t.Fatalf("no demo order with a %s carrier label", format)
	return "", core.CarrierLabel{}
}

// pickDemoOrder picks a demo order by the scans the pick screen expects.
func pickDemoOrder(t *testing.T, db *sqlite.DB, ref string) {
	t.Helper()
	ctx := context.Background()
	batch, err := db.ClaimOrders(ctx, 3, ref) // Chloé Store picks and packs
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; ; n++ {
		b, err := db.Batch(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		s := b.Next()
		var code string
		switch s.Kind {
		case pick.StepDone:
			return
		case pick.StepTote:
			code = "TOTE-S" + ref
		case pick.StepBin:
			code = s.Expect[0]
		case pick.StepItem:
			code = gs1Unit(s.Task.GTIN, s.Task.CaptureLot || s.Task.CaptureExpiry, s.Task.CaptureSerial, fmt.Sprintf("S%d%d", s.Task.ID, s.Task.Picked))
		}
		if n > 500 {
			t.Fatalf("the pick of %s does not finish (step %v)", ref, s.Kind)
		}
		c, err := scan.Parse(code)
		if err != nil {
			t.Fatalf("parse %s: %v", code, err)
		}
		if _, err := db.PickScan(ctx, batch, c); err != nil {
			t.Fatalf("pick scan %s: %v", code, err)
		}
	}
}

// packDemoOrderInOne packs a picked demo order in one carton M, weighed as
// expected.
func packDemoOrderInOne(t *testing.T, db *sqlite.DB, ref string) {
	t.Helper()
	ctx := context.Background()
	o, err := db.PackOpen(ctx, 3, ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range o.Lines {
		for u := 0; u < l.Picked; u++ {
			serial := ""
			if u < len(l.Serials) {
				serial = l.Serials[u]
			}
			c, err := scan.Parse(gs1Unit(l.GTIN, false, l.CaptureSerial, serial))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.PackScan(ctx, ref, c); err != nil {
				t.Fatalf("pack scan: %v", err)
			}
		}
	}
	if err := db.SetSetting(ctx, sqlite.SettingWeightTolerance, "off"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PackClose(ctx, ref, "L", 1500); err != nil {
		t.Fatalf("close the package of %s: %v", ref, err)
	}
}

// waitForFile waits for the print queue to write a file matching pattern
// into dir.
func waitForFile(t *testing.T, dir, pattern string) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if files, _ := filepath.Glob(filepath.Join(dir, pattern)); len(files) > 0 {
			return files[0]
		}
	}
	t.Fatalf("nothing matching %s was printed into %s", pattern, dir)
	return ""
}

// shippedTracking is the tracking numbers the order.shipped event of ref
// names.
func shippedTracking(t *testing.T, db *sqlite.DB, ref string) []string {
	t.Helper()
	evs, err := db.Events(context.Background(), 0, 1000000)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Type == core.EventOrderShipped && ev.OrderID == ref {
			var p core.OrderShippedPayload
			if err := json.Unmarshal(ev.Payload, &p); err != nil {
				t.Fatal(err)
			}
			return p.Tracking
		}
	}
	return nil
}
