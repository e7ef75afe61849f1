package ui

import (
	"bytes"
	"fmt"

	"fyne.io/fyne/v2"

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
	d.Panel.Warn(tr("dispatch.undone"), fmt.Sprintf("%s %d/%d %s", p.OrderRef, p.Package, p.Packages, p.Tracking))
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
	d.Panel.Done(tr("dispatch.closed_title"), fmt.Sprintf("%s · %d · %s", res.Handover.Carrier, len(res.Handover.Parcels), effectText(res.Effect)))
}

// printManifest renders the manifest and queues it, off the screen's
// goroutine.
func (d *DispatchScreen) printManifest(h *dispatch.Handover) {
	a := d.app
	pr := a.opts.Printer
	if pr == nil {
		d.Printing.SetText(tr("dispatch.no_printer"))
		return
	}
	if format, _ := pr.Format(); format != pack.FormatPDF {
		d.Printing.SetText(tr("dispatch.no_a4"))
		return
	}
	ctx, cancel := a.ctx()
	settings, err := a.store.ShipSettings(ctx)
	cancel()
	if err != nil {
		d.Printing.SetText(errorText(err))
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
				d.Printing.SetText(errorText(err))
				return
			}
			d.Printing.SetText(tr("dispatch.manifest_printed", "Code", m.Handover))
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
			d.Panel.RefuseText(tr("dispatch.which_supervisor"), tr("dispatch.approve_text"))
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
		d.Panel.Good(tr("dispatch.reopened"), tr("dispatch.scan_text", "Code", res.Handover.Code, "Carrier", res.Handover.Carrier))
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
		return tr("dispatch.refused.other_carrier")
	case core.ErrIntercepted.Reason:
		return tr("dispatch.refused.order_intercepted")
	case core.ErrNoCarrierLabel.Reason:
		return tr("dispatch.refused.no_carrier_label")
	case core.ErrCarrierLabelVoided.Reason:
		return tr("dispatch.refused.carrier_label_voided")
	case core.ErrAlreadyDispatched.Reason:
		return tr("dispatch.refused.already_dispatched")
	case core.ErrIncompleteOrder.Reason:
		return tr("dispatch.refused.incomplete_order")
	case core.ErrHandoverClosed.Reason:
		return tr("dispatch.refused.handover_closed")
	case core.ErrUnknownParcel.Reason:
		return tr("dispatch.refused.unknown_parcel")
	case dispatch.ReasonDestinationBarcode:
		return tr("dispatch.refused.destination_barcode")
	case dispatch.ReasonNotAParcel:
		return tr("dispatch.refused.not_a_parcel")
	}
	return headline(err)
}

// effectText says what a dock scan did, in the language on screen.
func effectText(e dispatch.Effect) string {
	switch e.Kind {
	case dispatch.EffectScan:
		return tr("dispatch.effect.scan", "Order", e.Parcel.OrderRef, "N", e.Parcel.Package, "Of", e.Parcel.Packages, "Tracking", e.Parcel.Tracking)
	case dispatch.EffectUndo:
		return tr("dispatch.effect.undo", "Order", e.Parcel.OrderRef, "N", e.Parcel.Package, "Of", e.Parcel.Packages)
	case dispatch.EffectSplit:
		return tr("dispatch.effect.split", "Order", e.OrderRef)
	case dispatch.EffectClose:
		return tr("dispatch.effect.close", "Orders", len(e.Shipped))
	case dispatch.EffectReopen:
		return tr("dispatch.effect.reopen")
	}
	return ""
}
