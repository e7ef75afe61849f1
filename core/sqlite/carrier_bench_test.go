package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/carrierlabel"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/printing"
)

type discardPrinter struct{}

func (discardPrinter) Print(context.Context, printing.Job) error { return nil }
func (discardPrinter) String() string                            { return "nowhere" }

// BenchmarkPrintCarrierLabelToQueue is what the station does when a PDF
// carrier label is due: find it, scale it to 4x6, spool it on the print
// queue, and mark it printed with its event (target: under 50 ms).
func BenchmarkPrintCarrierLabelToQueue(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	packSetup(b, db, 1)
	pickOrders(b, db, "W1")
	p := openPack(b, db, "W1")
	p.scan(gtinMug)
	p.scan(gtinMug)
	p.scan("(01)0" + gtinBuds + "(21)" + p.serialOf("BUDS"))
	p.close("S", 870)
	q, err := printing.Open(b.TempDir(), discardPrinter{}, printing.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()
	submit := func(name string, doc []byte) error {
		_, err := q.Submit(printing.Job{Name: name, Format: printing.FormatPDF, Data: doc})
		return err
	}
	o := fixture(b).Orders[0]
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		num := fmt.Sprintf("1ZBENCH%011d", i)
		doc, err := demo.CarrierLabelPDF("UPS", "Ground", num, o.ShipTo)
		if err != nil {
			b.Fatal(err)
		}
		// A label for package 1 arrives (as a reprint would be): one due.
		o.CarrierLabels = []core.CarrierLabel{{PackageSeq: 1, Carrier: "UPS", Tracking: num, Format: core.LabelFormatPDF, Document: doc}}
		if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if n, err := carrierlabel.PrintPending(ctx, db, submit, printing.FormatPDF, 0); err != nil || n != 1 {
			b.Fatalf("printed %d, %v", n, err)
		}
	}
}
