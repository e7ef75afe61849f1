package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/gs1"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

func TestDemoReturnsCanBeInspected(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	cs, err := demo.ChangeSet(1, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs.Returns) != demo.ReturnCount {
		t.Fatalf("%d demo returns", len(cs.Returns))
	}
	products := map[string]core.Product{}
	for _, p := range cs.Products {
		products[p.SKU] = p
	}
	var withSSCC, frequent, late, serials int
	for _, r := range cs.Returns {
		if r.PackageSSCC != "" {
			withSSCC++
			if c, err := scan.Parse(r.PackageSSCC); err != nil || c.Kind != scan.KindSSCC || !gs1.ValidCheckDigit(r.PackageSSCC) {
				t.Fatalf("%s: SSCC %s does not scan: %v", r.RMA, r.PackageSSCC, err)
			}
		}
		if r.CustomerReturns >= returns.DefaultPolicy.FrequentReturns {
			frequent++
		}
		if now.Sub(r.DeliveredAt) > returns.ReturnWindowDays*24*time.Hour {
			late++
		}
		for _, l := range r.Lines {
			p, ok := products[l.SKU]
			if !ok || l.Qty < 1 {
				t.Fatalf("%s returns %d × unknown %s", r.RMA, l.Qty, l.SKU)
			}
			if p.CaptureSerial && len(l.Serials) != l.Qty || p.CaptureLot && len(l.Lots) != l.Qty {
				t.Fatalf("%s line %d: %d serials, %d lots for %d units of %s", r.RMA, l.LineNo, len(l.Serials), len(l.Lots), l.Qty, p.SKU)
			}
			serials += len(l.Serials)
		}
	}
	if withSSCC != 1 || frequent != 1 || late != 1 || serials == 0 {
		t.Fatalf("demo returns: %d with SSCC, %d frequent, %d late, %d serials", withSSCC, frequent, late, serials)
	}

	// Every demo return inspects cleanly on a real store when its units
	// are the ones shipped.
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = func() time.Time { return now }
	if err := db.ApplyChanges(ctx, cs); err != nil {
		t.Fatal(err)
	}
	const inspector = 4
	for _, r := range cs.Returns {
		found, err := db.FindReturn(ctx, scan.Code{Kind: scan.KindReturn, ID: r.RMA})
		if err != nil || found.RMA != r.RMA {
			t.Fatalf("find %s: %+v %v", r.RMA, found, err)
		}
		for _, l := range r.Lines {
			for u := range l.Qty {
				var serial, lot string
				if len(l.Serials) > u {
					serial = l.Serials[u]
				}
				if len(l.Lots) > u {
					lot = l.Lots[u]
				}
				c, err := scan.Parse(demo.UnitBarcode(products[l.SKU], serial, lot))
				if err != nil {
					t.Fatal(err)
				}
				res, err := db.InspectScan(ctx, r.RMA, inspector, c)
				if err != nil || res.Effect.Flag != "" {
					t.Fatalf("%s: unit of %s: %+v %v", r.RMA, l.SKU, res.Effect, err)
				}
				res, err = db.InspectConfirm(ctx, r.RMA, inspector, returns.Confirmation{Grade: core.GradeNewSealed}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if res.Inspection.Next().Kind == returns.StepRestock {
					bin := res.Inspection.Next().Item.HomeBin
					if _, err := db.InspectScan(ctx, r.RMA, inspector, scan.Code{Kind: scan.KindBin, ID: bin}); err != nil {
						t.Fatalf("%s: restock into %q: %v", r.RMA, bin, err)
					}
				}
			}
		}
		res, err := db.FinishReturn(ctx, r.RMA, inspector, false)
		if err != nil {
			t.Fatalf("finish %s: %v", r.RMA, err)
		}
		if held := res.Inspection.Status == core.ReturnHeld; held != (r.CustomerReturns > 0) {
			t.Fatalf("%s: held %v, flags %+v", r.RMA, held, res.Effect.Flags)
		}
	}
}
