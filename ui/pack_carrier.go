package ui

import (
	"context"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core/carrierlabel"
	"github.com/stationhand/stationhand/core/sqlite"
)

// printCarrierLabels prints the carrier labels that are due (the package
// just closed, or labels a pull brought for closed packages), off the
// screen's goroutine, each on the station's printer that takes it.
func (p *PackScreen) printCarrierLabels() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := carrierlabel.PrintPendingOn(ctx, p.app.store, CarrierLabelTargets(p.app.opts.CarrierPrinter, p.app.opts.Printer))
	return err
}

// CarrierLabelTargets are the printers carrier labels may go to, in order
// of preference (a station's carrier label printer before its main one);
// nil printers are left out.
func CarrierLabelTargets(printers ...LabelPrinter) []carrierlabel.Target {
	var out []carrierlabel.Target
	for _, pr := range printers {
		if pr == nil {
			continue
		}
		format, dpi := pr.Format()
		out = append(out, carrierlabel.Target{Format: format, DPI: dpi, Submit: pr.Submit})
	}
	return out
}

// carrierWaitingText says which closed parcels still wait for their
// carrier label, "" when none does. It reads the store: call it off the
// screen's goroutine.
func (p *PackScreen) carrierWaitingText() string {
	return carrierWaitingText(p.app.store)
}

// carrierWaiting is what the "waiting for carrier label" line reads.
type carrierWaiting interface {
	WaitingForCarrierLabel(ctx context.Context) ([]sqlite.WaitingParcel, error)
}

// carrierWaitingText is the "waiting for carrier label" line of the pack
// screen and the home screen's dock card: the closed parcels that cannot
// leave for want of their carrier label (none yet, or a voided one), ""
// when none waits.
func carrierWaitingText(st carrierWaiting) string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	waiting, err := st.WaitingForCarrierLabel(ctx)
	if err != nil {
		logErr("parcels waiting for a carrier label", err)
	}
	if len(waiting) == 0 {
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
