package carrierlabel

import (
	"context"
	"errors"
	"fmt"

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

// PrintPending prints every carrier label that is due: bound to a closed
// package and not printed yet, as after a package closed or when a label
// bought after packing arrived with a pull. Each label is rendered for the
// printer (format, dpi), queued, then marked printed with its
// carrier.label_printed event; a label that cannot be rendered for this
// printer is skipped and reported, the others still print. It returns how
// many labels it queued.
//
// Queued before marked: a crash between the two prints a label twice
// rather than never.
func PrintPending(ctx context.Context, st Store, submit Submit, format string, dpi int) (int, error) {
	due, err := st.PendingCarrierLabels(ctx)
	if err != nil {
		return 0, err
	}
	var errs []error
	n := 0
	for _, l := range due {
		doc, err := Render(l.CarrierLabel, format, dpi)
		if err != nil {
			errs = append(errs, fmt.Errorf("carrier label of %s package %d: %w", l.OrderRef, l.PackageSeq, err))
			continue
		}
		name := fmt.Sprintf("Carrier label %s %s order %s package %d", l.Carrier, l.Tracking, l.OrderRef, l.PackageSeq)
		if err := submit(name, doc); err != nil {
			return n, errors.Join(append(errs, fmt.Errorf("%s: %w", name, err))...)
		}
		if _, err := st.MarkCarrierLabelPrinted(ctx, l.ID); err != nil {
			return n, errors.Join(append(errs, err)...)
		}
		n++
	}
	return n, errors.Join(errs...)
}
