package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

// dockCard is the home screen's view of the dock: per carrier, the packed
// parcels not dispatched yet by age, and today's cut-off, with a warning
// in the last half hour before it and once it passed with parcels left;
// and the parcels that cannot leave yet for want of their carrier label.
type dockCard struct {
	Lines    *widget.Label
	Warnings *widget.Label
	// WaitingLabel lists the parcels waiting for their carrier label
	// (hidden when none waits), as the pack screen does.
	WaitingLabel *widget.Label
}

// dock builds the dock card from the store as of now.
func (h *HomeScreen) dock() fyne.CanvasObject {
	a := h.app
	c := &dockCard{Lines: widget.NewLabel(""), Warnings: widget.NewLabel(""), WaitingLabel: widget.NewLabel(carrierWaitingText(a.store))}
	c.WaitingLabel.Wrapping = fyne.TextWrapWord
	c.WaitingLabel.Importance = widget.WarningImportance
	if c.WaitingLabel.Text == "" {
		c.WaitingLabel.Hide()
	}
	c.Lines.TextStyle.Monospace = true
	c.Warnings.Wrapping = fyne.TextWrapWord
	c.Warnings.Importance = widget.DangerImportance
	ctx, cancel := a.ctx()
	defer cancel()
	now := a.now()
	b, err := a.store.DockBacklog(ctx, now)
	if err != nil {
		logErr("dock backlog", err)
	}
	lines, warnings := dockText(b, now)
	c.Lines.SetText(lines)
	c.Warnings.SetText(warnings)
	if warnings == "" {
		c.Warnings.Hide()
	}
	h.Dock = c
	return widget.NewCard(tr("dispatch.waiting"),
		tr("dispatch.waiting_ages"), container.NewVBox(c.Warnings, c.Lines, c.WaitingLabel))
}

// dockText renders the backlog: one line per carrier, and the warnings.
func dockText(b []sqlite.CarrierBacklog, now time.Time) (lines, warnings string) {
	var ls, ws []string
	for _, c := range b {
		name := c.Carrier
		if name == "" {
			name = tr("dispatch.no_label")
		}
		cut := "—"
		if !c.Cutoff.IsZero() {
			cut = i18n.Clock(c.Cutoff)
		}
		ls = append(ls, fmt.Sprintf("%-12s %4d  %4d %4d %4d  %s", name, c.Parcels, c.ByAge[0], c.ByAge[1], c.ByAge[2], cut))
		switch {
		case c.Missed:
			ws = append(ws, "⚠ "+tr("dispatch.cutoff_missed", "Carrier", name, "Time", cut, "Parcels", c.Parcels))
		case c.Due:
			ws = append(ws, "⚠ "+tr("dispatch.cutoff_warning", "Carrier", name, "Time", cut, "Parcels", c.Parcels, "Minutes", int(c.Cutoff.Sub(now).Minutes())))
		}
	}
	if len(ls) == 0 {
		ls = append(ls, tr("dispatch.nothing_waiting"))
	}
	return strings.Join(ls, "\n"), strings.Join(ws, "\n")
}
