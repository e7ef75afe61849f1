package sqlite_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sqlite/sqlitetest"
)

// BenchmarkInspectScan measures one inspection scan as the station handles
// it, on the 100,000-order store with thousands of returns: parse the
// string, run the inspection step (load the return, match the unit, its
// serial against what was shipped), commit the change with its event.
// Each return holds a plain item (restocked: its bin scan is timed too) and
// a serialised one; grading and finishing happen off the clock. It reports
// the median and 99th percentile of single scans.
func BenchmarkInspectScan(b *testing.B) {
	path := sqlitetest.LargeStore(b, sqlitetest.LargeOrders, sqlitetest.LargeLinesPer)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	products, _, _ := demo.Catalogue(1)
	plain, serial := products[1], products[2] // Home, Electronics (serialised)
	if plain.NeedsCapture() || !serial.CaptureSerial {
		b.Fatal("the demo catalogue changed: pick other benchmark products")
	}
	plainCode, serialGTIN := plain.Codes[0][1:], serial.Codes[0] // the EAN-13 printed on the mug; the GTIN-14 in the GS1 code
	const inspector = 4                                          // demo inspector

	parser := scan.Parser{}
	made := 0
	nextReturn := func() string {
		if made%1000 == 0 {
			var cs core.ChangeSet
			for n := made; n < made+1000; n++ {
				cs.Returns = append(cs.Returns, core.Return{
					RMA: fmt.Sprintf("BR%07d", n), OrderRef: fmt.Sprintf("B%07d", n+1),
					Customer:    core.Customer{Name: "Bench Customer", Email: fmt.Sprintf("c%d@example.com", n%5000)},
					DeliveredAt: time.Now().Add(-72 * time.Hour),
					Lines: []core.ReturnLine{
						{LineNo: 1, SKU: plain.SKU, Qty: 1, Reason: core.ReasonChangedMind},
						{LineNo: 2, SKU: serial.SKU, Qty: 1, Reason: core.ReasonDefective, Serials: []string{fmt.Sprintf("BSN%07d", n)}},
					},
				})
			}
			if err := db.ApplyChanges(ctx, cs); err != nil {
				b.Fatal(err)
			}
			// Fold the set-up's writes into the database file, as the
			// background checkpoint would long before an inspector starts.
			if err := sqlite.ExecRaw(db, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				b.Fatal(err)
			}
		}
		made++
		return fmt.Sprintf("BR%07d", made-1)
	}

	var rma string
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if rma == "" {
			rma = nextReturn()
		}
		in, err := db.Inspection(ctx, rma)
		if err != nil {
			b.Fatal(err)
		}
		var code string
		switch step := in.Next(); step.Kind {
		case returns.StepItem:
			code = plainCode
			if in.Received(in.Lines[0].ID) > 0 {
				code = fmt.Sprintf("(01)%s(21)BSN%s", serialGTIN, rma[2:])
			}
		case returns.StepRestock:
			code = "BIN-" + step.Item.HomeBin
		default:
			b.Fatalf("return %s at step %s", rma, step.Kind)
		}
		b.StartTimer()

		start := time.Now()
		c, err := parser.Parse(code)
		if err != nil {
			b.Fatal(err)
		}
		res, err := db.InspectScan(ctx, rma, inspector, c)
		if err != nil {
			b.Fatalf("scan %s: %v", code, err)
		}
		durations = append(durations, time.Since(start))

		b.StopTimer()
		if res.Effect.Flag != "" {
			b.Fatalf("scan %s flagged: %+v", code, res.Effect)
		}
		switch next := res.Inspection.Next(); next.Kind {
		case returns.StepGrade:
			if _, err := db.InspectConfirm(ctx, rma, inspector, returns.Confirmation{Grade: core.GradeNewSealed}, nil); err != nil {
				b.Fatal(err)
			}
			in, err := db.Inspection(ctx, rma)
			if err != nil {
				b.Fatal(err)
			}
			if in.Next().Kind == returns.StepFinish {
				if _, err := db.FinishReturn(ctx, rma, inspector, false); err != nil {
					b.Fatal(err)
				}
				rma = ""
			}
		}
		b.StartTimer()
	}
	b.StopTimer()
	reportPercentiles(b, durations)
}
