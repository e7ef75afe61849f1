package ui

import (
	"context"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core/carrierlabel"
)

// printCarrierLabels prints the carrier labels that are due (the package
// just closed, or labels a pull brought for closed packages), off the
// screen's goroutine.
func (p *PackScreen) printCarrierLabels(format string, dpi int) error {
	pr := p.app.opts.Printer
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := carrierlabel.PrintPending(ctx, p.app.store, pr.Submit, format, dpi)
	return err
}

// carrierWaitingText says which closed parcels still wait for their
// carrier label, "" when none does. It reads the store: call it off the
// screen's goroutine.
func (p *PackScreen) carrierWaitingText() string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	waiting, err := p.app.store.WaitingForCarrierLabel(ctx)
	if err != nil || len(waiting) == 0 {
		return ""
	}
	const shown = 5
	parts := make([]string, 0, shown)
	for i, w := range waiting {
		if i == shown {
			parts = append(parts, tr("pack.carrier_waiting_more", "Count", len(waiting)-shown))
			break
		}
		parts = append(parts, tr("pack.carrier_waiting_parcel", "Order", w.OrderRef, "Package", w.Package))
	}
	return tr("pack.carrier_waiting", "Count", len(waiting), "Parcels", strings.Join(parts, ", "))
}
