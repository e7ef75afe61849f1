package ui

import (
	"bytes"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/dispatch"
	"github.com/stationhand/stationhand/core/label"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// The dock's actions beyond a scan: undo, close with the manifest, a
// supervisor's split or reopen, and the keys.

func (d *DispatchScreen) undo() {
	if d.handover == nil {
		return
	}
	a := d.app
	ctx, cancel := a.ctx()
	res, err := a.store.DispatchUndo(ctx, d.handover.Code, a.user.ID)
	cancel()
	if err != nil {
		d.fail(err)
		return
	}
	d.show(res.Handover)
	p := res.Effect.Parcel
	d.Panel.Warn(lang.X("dispatch.undone", "TAKEN BACK"), fmt.Sprintf("%s %d/%d %s", p.OrderRef, p.Package, p.Packages, p.Tracking))
}

// close hands the handover to the carrier and prints its manifest.
func (d *DispatchScreen) close() {
	if d.handover == nil {
		return
	}
	a := d.app
	ctx, cancel := a.ctx()
	res, err := a.store.DispatchClose(ctx, d.handover.Code, a.user.ID)
	cancel()
	if err != nil {
		d.fail(err)
		return
	}
	d.show(res.Handover)
	d.printManifest(res.Handover)
	d.Panel.Done(lang.X("dispatch.closed_title", "HANDOVER CLOSED"), fmt.Sprintf("%s · %d · %s", res.Handover.Carrier, len(res.Handover.Parcels), res.Effect.Describe()))
}

// printManifest renders the manifest and queues it, off the screen's
// goroutine.
func (d *DispatchScreen) printManifest(h *dispatch.Handover) {
	a := d.app
	pr := a.opts.Printer
	if pr == nil {
		d.Printing.SetText(lang.X("dispatch.no_printer", "No printer is set up for this station: the manifest was not printed."))
		return
	}
	if format, _ := pr.Format(); format != pack.FormatPDF {
		d.Printing.SetText(lang.X("dispatch.no_a4", "The label printer prints no A4 or Letter: print the manifest from an office printer."))
		return
	}
	ctx, cancel := a.ctx()
	settings, err := a.store.ShipSettings(ctx)
	cancel()
	if err != nil {
		d.Printing.SetText(core.ErrorMessage(err))
		return
	}
	m := label.ManifestOf(h, settings, a.user.Name)
	go func() {
		var doc bytes.Buffer
		err := label.WriteManifestPDF(&doc, m)
		if err == nil {
			err = pr.Submit("Manifest HANDOVER-"+m.Handover, doc.Bytes())
		}
		a.opts.do(func() {
			if err != nil {
				logErr("manifest", err)
				d.Printing.SetText(core.ErrorMessage(err))
				return
			}
			d.Printing.SetText(lang.X("dispatch.manifest_printed", "Manifest of HANDOVER-{{.Code}} sent to the printer.", map[string]any{"Code": m.Handover}))
		})
	}()
}

// ask starts a supervisor's approval of a split or a reopen.
func (d *DispatchScreen) ask(what string) {
	if d.handover == nil || (what == "split" && d.refused == "") {
		return
	}
	d.approve = what
	d.Supervisors.Show()
	d.Field.Password = true
	d.Field.Refresh()
	d.instruct()
}

// approved takes the supervisor's badge scan or PIN for what was asked.
func (d *DispatchScreen) approved(text string) {
	a := d.app
	var approval sqlite.Approval
	if code, err := a.opts.Parser.Parse(text); err == nil && code.Kind == scan.KindBadge {
		approval.Badge = code.ID
	} else {
		for _, st := range d.staff {
			if st.Name == d.Supervisors.Selected {
				approval.SupervisorID = st.ID
			}
		}
		if approval.SupervisorID == 0 {
			d.Panel.RefuseText(lang.X("dispatch.which_supervisor", "WHICH SUPERVISOR?"), lang.X("dispatch.approve_text", "Supervisor: scan your badge, or choose your name and type your PIN. Esc cancels."))
			return
		}
		approval.PIN = text
	}
	what := d.approve
	d.endApproval()
	ctx, cancel := a.ctx()
	defer cancel()
	if what == "reopen" {
		res, err := a.store.DispatchReopen(ctx, d.handover.Code, a.user.ID, approval)
		if err != nil {
			d.fail(err)
			return
		}
		d.show(res.Handover)
		d.Panel.Good(lang.X("dispatch.reopened", "REOPENED"), lang.X("dispatch.scan_text", "Scan each parcel's SSCC label or its carrier tracking barcode into handover {{.Code}} ({{.Carrier}}).", map[string]any{"Code": res.Handover.Code, "Carrier": res.Handover.Carrier}))
		return
	}
	res, err := a.store.DispatchSplitScan(ctx, d.handover.Code, a.user.ID, a.opts.Parser, d.refused, approval)
	if c := core.ErrorCode(err); c == core.EUNAUTHORIZED || c == core.EFORBIDDEN {
		d.fail(err) // not approved: the refused parcel waits for another try
		return
	}
	d.accepted(res, err, d.refused)
}

func (d *DispatchScreen) endApproval() {
	d.approve = ""
	d.Supervisors.Hide()
	d.Field.Password = false
	d.Field.Refresh()
}

func (d *DispatchScreen) back() {
	switch {
	case d.approve != "":
		d.endApproval()
		d.instruct()
	case d.handover != nil || d.newCode != "":
		d.newCode, d.refused = "", ""
		d.show(nil)
	default:
		d.app.ShowHome()
	}
}

func (d *DispatchScreen) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF2:
		d.undo()
	case fyne.KeyF4:
		d.ask("split")
	case fyne.KeyF8:
		if d.handover != nil && d.handover.Status == dispatch.StatusClosed {
			d.ask("reopen")
		}
	case fyne.KeyF10:
		d.close()
	case fyne.KeyEscape:
		d.back()
	default:
		return false
	}
	return true
}

func (d *DispatchScreen) fail(err error) {
	d.Panel.Refuse("dispatch", dispatchHeadline(err), err)
	d.left.Refresh()
}

// dispatchHeadline is the banner's headline for a refusal at the dock.
func dispatchHeadline(err error) string {
	switch r := core.ErrorReason(err); r {
	case core.ErrOtherCarrier.Reason:
		return lang.X("dispatch.refused.other_carrier", "OTHER CARRIER")
	case core.ErrIntercepted.Reason:
		return lang.X("dispatch.refused.order_intercepted", "STOP: ORDER CANCELLED")
	case core.ErrNoCarrierLabel.Reason:
		return lang.X("dispatch.refused.no_carrier_label", "NO CARRIER LABEL")
	case core.ErrCarrierLabelVoided.Reason:
		return lang.X("dispatch.refused.carrier_label_voided", "LABEL VOIDED")
	case core.ErrAlreadyDispatched.Reason:
		return lang.X("dispatch.refused.already_dispatched", "ALREADY DISPATCHED")
	case core.ErrIncompleteOrder.Reason:
		return lang.X("dispatch.refused.incomplete_order", "ORDER INCOMPLETE")
	case core.ErrHandoverClosed.Reason:
		return lang.X("dispatch.refused.handover_closed", "HANDOVER CLOSED")
	case core.ErrUnknownParcel.Reason:
		return lang.X("dispatch.refused.unknown_parcel", "UNKNOWN PARCEL")
	case dispatch.ReasonDestinationBarcode:
		return lang.X("dispatch.refused.destination_barcode", "ROUTING BARCODE")
	case dispatch.ReasonNotAParcel:
		return lang.X("dispatch.refused.not_a_parcel", "NOT A PARCEL")
	}
	return headline(err)
}
