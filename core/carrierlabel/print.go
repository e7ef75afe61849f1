package carrierlabel

import (
	"context"
	"errors"
	"fmt"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

// Store is what printing carrier labels needs from the station's database.
type Store interface {
	PendingCarrierLabels(ctx context.Context) ([]sqlite.CarrierLabelRecord, error)
	MarkCarrierLabelPrinted(ctx context.Context, id int64) (bool, error)
}

// Submit queues one document on the station's printer (a printing.Queue
// spools it durably and sends it in the background).
type Submit func(name string, doc []byte) error

// Target is a printer carrier labels may go to: what it takes (FormatPDF,
// or FormatZPL at DPI) and how to queue on it.
type Target struct {
	Format string
	DPI    int
	Submit Submit
}

// Choose picks the printer a label goes to among a station's printers:
// the first that takes the label's own format (a ZPL label raw on a ZPL
// printer, a PDF label on a PDF printer, scaled to 4x6), else the first
// ZPL printer for a PDF label (rasterised at its dpi). ok is false when
// none can print it: a ZPL label at a station with only PDF printers.
func Choose(l core.CarrierLabel, targets []Target) (t Target, ok bool) {
	for _, t := range targets {
		if (l.Format == core.LabelFormatZPL && t.Format == FormatZPL) || (l.Format == core.LabelFormatPDF && t.Format == FormatPDF) {
			return t, true
		}
	}
	for _, t := range targets {
		if l.Format == core.LabelFormatPDF && t.Format == FormatZPL {
			return t, true
		}
	}
	return Target{}, false
}

// PrintPending prints the due carrier labels on a station's one printer
// that takes format (at dpi); see PrintPendingOn.
func PrintPending(ctx context.Context, st Store, submit Submit, format string, dpi int) (int, error) {
	return PrintPendingOn(ctx, st, []Target{{Format: format, DPI: dpi, Submit: submit}})
}

// PrintPendingOn prints every carrier label that is due: bound to a
// closed package and not printed yet, as after a package closed or when a
// label bought after packing arrived with a pull. Each label goes to the
// printer Choose picks among targets, is rendered for it (format, dpi),
// queued, then marked printed with its carrier.label_printed event; a
// label no printer here can take is skipped and reported, the others
// still print. It returns how many labels it queued.
//
// Queued before marked: a crash between the two prints a label twice
// rather than never.
func PrintPendingOn(ctx context.Context, st Store, targets []Target) (int, error) {
	if len(targets) == 0 {
		return 0, nil
	}
	due, err := st.PendingCarrierLabels(ctx)
	if err != nil {
		return 0, err
	}
	var errs []error
	n := 0
	for _, l := range due {
		t, ok := Choose(l.CarrierLabel, targets)
		if !ok {
			t = targets[0] // Render says why it cannot print there
		}
		doc, err := Render(l.CarrierLabel, t.Format, t.DPI)
		if err != nil {
			errs = append(errs, fmt.Errorf("carrier label of %s package %d: %w", l.OrderRef, l.PackageSeq, err))
			continue
		}
		name := fmt.Sprintf("Carrier label %s %s order %s package %d", l.Carrier, l.Tracking, l.OrderRef, l.PackageSeq)
		if err := t.Submit(name, doc); err != nil {
			return n, errors.Join(append(errs, fmt.Errorf("%s: %w", name, err))...)
		}
		if _, err := st.MarkCarrierLabelPrinted(ctx, l.ID); err != nil {
			return n, errors.Join(append(errs, err)...)
		}
		n++
	}
	return n, errors.Join(errs...)
}
