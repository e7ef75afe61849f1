// Package sqlitetest helps tests of other packages put a station store in
// a state the workflows reach, through the store's own paths: nothing in
// it writes a row by hand.
package sqlitetest

import (
	"context"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/carrierlabel"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/sqlite"
)

// PrintCarrierLabel gives closed package seq of order ref the carrier
// label l and prints it, as a station does: the label arrives with the
// order (as a pull brings it after the order system posted it), binds to
// the package, and carrierlabel.PrintPending renders and queues it and
// marks it printed with its carrier.label_printed event. A label without
// a document gets the demo's ZPL label for its tracking number. The
// printer takes every job (printers are an edge we do not own); only this
// label prints, whatever else is due.
func PrintCarrierLabel(t testing.TB, db *sqlite.DB, ref string, seq int, l core.CarrierLabel) {
	t.Helper()
	ctx := context.Background()
	o, err := db.Order(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	l.PackageSeq = seq
	if l.Document == nil {
		l.Format, l.Document = core.LabelFormatZPL, demo.CarrierLabelZPL(l.Carrier, l.Service, l.Tracking, o.ShipTo)
	}
	o.CarrierLabels = []core.CarrierLabel{l}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatalf("carrier label %s of %s/%d arrives: %v", l.Tracking, ref, seq, err)
	}
	var queued int
	submit := func(string, []byte) error { queued++; return nil }
	n, err := carrierlabel.PrintPending(ctx, onlyTracking{db, l.Tracking}, submit, printerFormat(l.Format), 203)
	if err != nil || n != 1 || queued != 1 {
		t.Fatalf("print carrier label %s of %s/%d: %d printed, %v", l.Tracking, ref, seq, n, err)
	}
}

func printerFormat(f core.LabelFormat) string {
	if f == core.LabelFormatPDF {
		return printing.FormatPDF
	}
	return printing.FormatZPL
}

// onlyTracking is the store as PrintPending sees it, with one label due.
type onlyTracking struct {
	*sqlite.DB
	tracking string
}

func (s onlyTracking) PendingCarrierLabels(ctx context.Context) ([]sqlite.CarrierLabelRecord, error) {
	due, err := s.DB.PendingCarrierLabels(ctx)
	var out []sqlite.CarrierLabelRecord
	for _, l := range due {
		if l.Tracking == s.tracking {
			out = append(out, l)
		}
	}
	return out, err
}
