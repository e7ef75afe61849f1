package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/dispatch"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

func init() {
	workflows = append(workflows, HomeAction{Label: "dispatch.home", Role: core.RoleDispatch, Key: fyne.KeyF4,
		Open: func(a *App) { a.ShowDispatch() }, Status: dispatchStatus})
}

// dispatchStatus is the dock's figure on its home-screen button.
func dispatchStatus(a *App) string {
	ctx, cancel := a.ctx()
	defer cancel()
	b, err := a.store.DockBacklog(ctx, a.now())
	if err != nil {
		logErr("dock backlog", err)
		return ""
	}
	n := 0
	for _, c := range b {
		n += c.Parcels
	}
	return tr("dispatch.home_status", "Parcels", n)
}

// DispatchScreen is the dock: choose or scan a carrier's handover (a cage,
// a trolley, a truck), scan each parcel into it by its SSCC or its carrier
// tracking barcode, and close it with a manifest when the carrier takes
// it. The core decides every scan; the screen shows what it said.
type DispatchScreen struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject
	left    *fyne.Container

	Title       *BigText
	Status      *widget.Label // the handover: carrier, parcels, state
	Panel       *ScanPanel
	Banner      *Banner
	Field       *ScanField
	Supervisors *widget.Select // shown while a supervisor's approval is asked
	Carrier     *widget.Select // the carrier of a new handover
	OpenNew     *widget.Button
	Undo        *widget.Button
	Split       *widget.Button
	Close       *widget.Button
	Reopen      *widget.Button
	Back        *widget.Button
	Handovers   *fyne.Container // open handovers, one button each
	Parcels     *widget.Label   // the parcels in the handover, newest first
	Printing    *widget.Label

	handover *dispatch.Handover // nil until one is chosen
	newCode  string             // a scanned handover not known yet
	refused  string             // the scan last refused as an incomplete order's, for a split
	approve  string             // "split" or "reopen" while a supervisor's approval is asked
	staff    []core.Staff       // the supervisors
}

// ShowDispatch shows the dock's screen.
func (a *App) ShowDispatch() {
	d := &DispatchScreen{app: a, Status: widget.NewLabel(""), Parcels: widget.NewLabel(""), Printing: widget.NewLabel("")}
	d.ExtendBaseWidget(d)
	d.Status.Wrapping = fyne.TextWrapWord
	d.Parcels.TextStyle.Monospace = true
	d.Printing.Wrapping = fyne.TextWrapWord
	d.Panel = a.NewScanPanel(tr("dispatch.placeholder"), d.submit)
	d.Panel.OnKey = d.key
	d.Panel.OnAcknowledge = d.instruct
	d.Banner, d.Field = d.Panel.Banner, d.Panel.Field
	d.Supervisors = widget.NewSelect(nil, func(string) { a.win.Canvas().Focus(d.Field) })
	d.Supervisors.PlaceHolder = tr("dispatch.supervisor")
	d.Supervisors.Hide()
	d.Panel.SetExtra(d.Supervisors)
	d.Carrier = widget.NewSelect(d.carriers(), nil)
	d.Carrier.PlaceHolder = tr("dispatch.carrier")
	d.OpenNew = widget.NewButtonWithIcon(tr("dispatch.open_button"), theme.ContentAddIcon(), d.openNew)
	d.OpenNew.Importance = widget.HighImportance
	d.Undo = widget.NewButtonWithIcon(tr("dispatch.undo"), theme.ContentUndoIcon(), d.undo)
	d.Split = widget.NewButtonWithIcon(tr("dispatch.split"), theme.WarningIcon(), func() { d.ask("split") })
	d.Split.Importance = widget.WarningImportance
	d.Close = widget.NewButtonWithIcon(tr("dispatch.close"), theme.DocumentPrintIcon(), d.close)
	d.Close.Importance = widget.HighImportance
	d.Reopen = widget.NewButtonWithIcon(tr("dispatch.reopen"), theme.ViewRefreshIcon(), func() { d.ask("reopen") })
	d.Back = widget.NewButtonWithIcon(tr("dispatch.back"), theme.NavigateBackIcon(), d.back)
	d.Handovers = container.NewVBox()
	d.Title = newBigText(tr("dispatch.title"), theme.Color(theme.ColorNameForeground))
	d.Title.TextSize = 28
	d.Title.TextStyle.Bold = true
	ctx, cancel := a.ctx()
	staff, err := a.store.StaffList(ctx)
	cancel()
	if err != nil {
		logErr("staff list", err)
	}
	var names []string
	for _, st := range staff {
		if st.Can(core.RoleSupervisor) {
			d.staff = append(d.staff, st)
			names = append(names, st.Name)
		}
	}
	d.Supervisors.Options = names
	if len(names) == 1 {
		d.Supervisors.SetSelected(names[0])
	}

	d.left = container.NewVBox(d.Title, d.Status, d.Panel, d.Carrier, d.OpenNew, d.Split, d.Undo, d.Close, d.Reopen, d.Printing, d.Back)
	right := container.NewVBox(
		widget.NewCard(tr("dispatch.open_handovers"), "", d.Handovers),
		widget.NewCard(tr("dispatch.in_handover"), "", d.Parcels))
	d.content = container.NewPadded(sideBySide(d.left, container.NewVScroll(right)))
	d.show(nil)
	a.Show(d, d.Field)
}

// CreateRenderer implements fyne.Widget.
func (d *DispatchScreen) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(d.content)
}

// Handover returns the code of the handover on screen, "" if none.
func (d *DispatchScreen) Handover() string {
	if d.handover == nil {
		return ""
	}
	return d.handover.Code
}

// show puts a handover on screen (nil: none chosen) with its parcels, the
// open handovers and the buttons that apply now.
func (d *DispatchScreen) show(h *dispatch.Handover) {
	a := d.app
	d.handover = h
	ctx, cancel := a.ctx()
	defer cancel()
	if h != nil {
		full, err := a.store.Handover(ctx, h.Code)
		if err != nil {
			logErr("handover", err)
		} else {
			d.handover = full
		}
	}
	open, err := a.store.OpenHandovers(ctx)
	if err != nil {
		logErr("open handovers", err)
	}
	var rows []fyne.CanvasObject
	var codes []string
	for _, s := range open {
		s := s
		codes = append(codes, "HANDOVER-"+s.Code)
		rows = append(rows, widget.NewButton(fmt.Sprintf("%s · %s · %d", s.Code, s.Carrier, s.Parcels), func() { d.choose(s.Code, "") }))
	}
	d.Handovers.Objects = rows
	d.Handovers.Refresh()

	chosen := d.handover != nil
	newOne := !chosen && d.newCode != ""
	setVisible(d.Carrier, newOne)
	setVisible(d.OpenNew, newOne)
	setVisible(d.Undo, chosen && d.handover.Status == dispatch.StatusOpen)
	setVisible(d.Close, chosen && d.handover.Status == dispatch.StatusOpen)
	setVisible(d.Reopen, chosen && d.handover.Status == dispatch.StatusClosed)
	setVisible(d.Split, chosen && d.refused != "")
	if !chosen {
		d.Status.SetText("")
		d.Parcels.SetText("")
		d.Panel.SetTraining(codes)
		d.instruct()
		return
	}
	h = d.handover
	state := ""
	if h.Status == dispatch.StatusClosed {
		state = " · " + tr("dispatch.state_closed")
	}
	d.Status.SetText("HANDOVER-" + h.Code + " · " + h.Carrier + " · " + plural(len(h.Parcels), "parcels") + state)
	var lines []string
	for i := len(h.Parcels) - 1; i >= 0 && len(lines) < 40; i-- {
		p := h.Parcels[i]
		lines = append(lines, fmt.Sprintf("%-12s %d/%d  %-10s %s", p.OrderRef, p.Package, p.Packages, p.Service, p.Tracking))
	}
	d.Parcels.SetText(strings.Join(lines, "\n"))
	waiting, err := a.store.DispatchWaiting(ctx, h.Carrier, 6)
	if err != nil {
		logErr("parcels waiting", err)
	}
	var expect []string
	for _, w := range waiting {
		expect = append(expect, w.Tracking)
	}
	d.Panel.SetTraining(expect)
	d.left.Refresh()
}

func setVisible(o fyne.CanvasObject, v bool) {
	if v {
		o.Show()
	} else {
		o.Hide()
	}
}

// instruct says what the dock takes now.
func (d *DispatchScreen) instruct() {
	switch h := d.handover; {
	case d.approve != "":
		d.Panel.Say(tr("dispatch.approve_title"), tr("dispatch.approve_text"))
	case h == nil && d.newCode != "":
		d.Panel.Say(tr("dispatch.new_title"), tr("dispatch.new_text", "Code", d.newCode))
	case h == nil:
		d.Panel.Say(tr("dispatch.choose_title"), tr("dispatch.choose_text"))
	case h.Status == dispatch.StatusClosed:
		d.Panel.Say(tr("dispatch.closed_title"), tr("dispatch.closed_text", "Code", h.Code))
	default:
		d.Panel.Say(tr("dispatch.scan_title"), tr("dispatch.scan_text", "Code", h.Code, "Carrier", h.Carrier))
	}
	d.left.Refresh()
}

// carriers lists the carriers the station knows: those with parcels or a
// cut-off here, and the one of its ship settings.
func (d *DispatchScreen) carriers() []string {
	a := d.app
	ctx, cancel := a.ctx()
	defer cancel()
	seen := map[string]bool{}
	if b, err := a.store.DockBacklog(ctx, a.now()); err == nil {
		for _, c := range b {
			seen[c.Carrier] = c.Carrier != ""
		}
	}
	if s, err := a.store.ShipSettings(ctx); err == nil && s.Carrier != "" {
		seen[strings.ToUpper(s.Carrier)] = true
	}
	var out []string
	for c, ok := range seen {
		if ok {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

func (d *DispatchScreen) submit(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	a := d.app
	if d.approve != "" {
		d.approved(text)
		return
	}
	if code, err := a.opts.Parser.Parse(text); err == nil && code.Kind == scan.KindHandover {
		d.choose(code.ID, "")
		return
	}
	if d.handover == nil {
		d.Panel.RefuseText(tr("dispatch.refused.handover_not_chosen"), errorText(core.ErrHandoverNotChosen)+" "+tr("dispatch.choose_text"))
		return
	}
	ctx, cancel := a.ctx()
	res, err := a.store.DispatchScan(ctx, d.handover.Code, a.user.ID, a.opts.Parser, text)
	cancel()
	d.accepted(res, err, text)
}

// accepted shows how a parcel scan ended; raw is the scan, kept after an
// incomplete order's refusal for a supervisor's split.
func (d *DispatchScreen) accepted(res sqlite.DispatchResult, err error, raw string) {
	d.refused = ""
	if err != nil {
		if core.ErrorReason(err) == core.ErrIncompleteOrder.Reason {
			d.refused = raw
		}
		d.show(d.handover)
		d.fail(err)
		return
	}
	d.show(res.Handover)
	p := res.Effect.Parcel
	d.Panel.Good(tr("dispatch.parcel_in"), fmt.Sprintf("%s %d/%d · %s %s · %d", p.OrderRef, p.Package, p.Packages, p.Service, p.Tracking, res.Parcels))
}

// choose puts a handover on screen, opening it for carrier when it is new
// (carrier "" asks for it).
func (d *DispatchScreen) choose(code, carrier string) {
	a := d.app
	ctx, cancel := a.ctx()
	h, err := a.store.DispatchOpen(ctx, a.user.ID, code, carrier)
	cancel()
	if core.ErrorReason(err) == core.ErrHandoverNeedsCarrier.Reason {
		d.newCode, d.handover = strings.ToUpper(code), nil
		d.Carrier.Options = d.carriers()
		d.show(nil)
		return
	}
	if err != nil {
		d.fail(err)
		return
	}
	d.newCode, d.refused = "", ""
	d.show(h)
	a.opts.Sound.Good()
	d.instruct()
}

func (d *DispatchScreen) openNew() {
	if d.Carrier.Selected == "" {
		d.Panel.RefuseText(tr("dispatch.refused.handover_needs_carrier"), errorText(core.ErrHandoverNeedsCarrier))
		return
	}
	d.choose(d.newCode, d.Carrier.Selected)
}
