package ui

import (
	"fmt"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

func init() {
	workflows = append(workflows, HomeAction{Label: "home.returns", Role: core.RoleInspector, Key: fyne.KeyF6,
		Open: func(a *App) { a.ShowReturns() }, Status: returnsStatus})
}

// returnsStatus is the returns desk's figures on its home-screen button.
func returnsStatus(a *App) string {
	ctx, cancel := a.ctx()
	defer cancel()
	s, err := a.store.ReturnStats(ctx)
	if err != nil {
		logErr("return stats", err)
		return ""
	}
	return tr("returns.status", "Waiting", s.Waiting+s.Inspecting+s.Held, "Inspected", s.InspectedLastHour)
}

// ReturnDesk is where a return parcel is found: by its return label, the
// order, the parcel's SSCC, an item's serial barcode, or the customer's
// name; a parcel with no return on record is recorded as unexpected.
type ReturnDesk struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject
	left    *fyne.Container

	Panel      *ScanPanel
	Banner     *Banner
	Field      *ScanField
	Stats      *widget.Label
	Open       *fyne.Container // the open returns, one button each
	Results    *fyne.Container // orders found by customer, one button each
	Unexpected *widget.Button  // record the order found as an unexpected return
	Back       *widget.Button

	matches    []sqlite.OrderMatch
	pending    string    // the order found with no return on record
	pendingBy  string    // how it was found
	pendingHit scan.Code // the item scan that found it, replayed into the new return
}

// ShowReturns shows the returns desk.
func (a *App) ShowReturns() {
	d := &ReturnDesk{app: a, Stats: widget.NewLabel("")}
	d.Stats.Wrapping = fyne.TextWrapWord
	d.ExtendBaseWidget(d)
	d.Panel = a.NewScanPanel(tr("returns.placeholder"), d.submit)
	d.Panel.OnKey = d.key
	d.Panel.OnAcknowledge = d.ask
	d.Banner, d.Field = d.Panel.Banner, d.Panel.Field
	d.Open = container.NewVBox()
	d.Results = container.NewVBox()
	d.Unexpected = widget.NewButtonWithIcon(tr("returns.unexpected")+"  [F5]", theme.ContentAddIcon(), d.startUnexpected)
	d.Unexpected.Importance = widget.WarningImportance
	d.Unexpected.Hide()
	d.Back = widget.NewButtonWithIcon(tr("common.back")+"  [Esc]", theme.NavigateBackIcon(), a.ShowHome)

	title := newBigText(tr("returns.title"), theme.Color(theme.ColorNameForeground))
	title.TextSize = 28
	title.TextStyle.Bold = true
	d.left = container.NewVBox(title, d.Stats, d.Panel, d.Unexpected, d.Results, d.Back)
	right := widget.NewCard(tr("returns.waiting"), tr("returns.waiting_sub"), container.NewVScroll(d.Open))
	d.content = container.NewPadded(sideBySide(d.left, right))
	d.refresh()
	a.Show(d, d.Field)
	d.ask()
}

// ask says what the desk takes.
func (d *ReturnDesk) ask() {
	d.say(ToneInfo, tr("returns.scan_parcel"), tr("returns.scan_parcel_text"))
}

// say sets the banner (a refusal through the panel's gate) and lays the
// desk out again: a wrapped banner text grows once it knows its width.
func (d *ReturnDesk) say(tone Tone, title, text string) {
	switch tone {
	case ToneBad:
		d.Panel.RefuseText(title, text)
	case ToneWarn:
		d.Panel.Warn(title, text)
	default:
		d.Panel.Say(title, text)
	}
	d.left.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (d *ReturnDesk) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(d.content) }

func (d *ReturnDesk) refresh() {
	a := d.app
	ctx, cancel := a.ctx()
	defer cancel()
	if s, err := a.store.ReturnStats(ctx); err == nil {
		d.Stats.SetText(tr("returns.stats", "Waiting", s.Waiting, "Inspecting", s.Inspecting, "Held", s.Held, "Inspected", s.InspectedLastHour))
	}
	list, err := a.store.OpenReturns(ctx, 12)
	if err != nil {
		logErr("open returns", err)
		return
	}
	var rows []fyne.CanvasObject
	var codes []string
	for _, r := range list {
		r := r
		codes = append(codes, "RMA-"+r.RMA)
		label := tr("returns.row", "RMA", r.RMA, "Order", r.OrderRef, "Customer", r.Customer, "Items", plural(r.Units, "items"))
		if r.Status != core.ReturnExpected {
			label += " · " + strings.ToUpper(returnStatusWords(r.Status))
		}
		rows = append(rows, widget.NewButton(label, func() { a.ShowReturn(r.RMA, "") }))
	}
	d.Open.Objects = rows
	d.Open.Refresh()
	d.Panel.SetTraining(codes)
}

func (d *ReturnDesk) submit(text string) {
	a := d.app
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	code, err := a.opts.Parser.Parse(text)
	if err == nil && code.Kind == scan.KindQuantity && len(d.matches) > 0 {
		d.choose(code.Quantity)
		return
	}
	if err != nil || code.Kind == scan.KindQuantity {
		if hasLetter(text) {
			d.search(text)
			return
		}
		if err == nil {
			err = refusal(core.EINVALID, "not_a_return", tr("returns.not_a_return"))
		}
		d.fail(err)
		return
	}
	ctx, cancel := a.ctx()
	defer cancel()
	found, err := a.store.FindReturn(ctx, code)
	if err != nil {
		d.fail(err)
		return
	}
	if found.RMA != "" {
		a.opts.Sound.Good()
		a.ShowReturn(found.RMA, "")
		return
	}
	d.offerUnexpected(found.OrderRef, found.FoundBy, code)
}

// offerUnexpected says the parcel has no return on record and offers to
// record it against the order found.
func (d *ReturnDesk) offerUnexpected(ref, by string, hit scan.Code) {
	d.pending, d.pendingBy = ref, by
	d.pendingHit = scan.Code{}
	if by == "serial" {
		d.pendingHit = hit
	}
	d.Unexpected.SetText(tr("returns.unexpected_of", "Order", ref) + "  [F5]")
	d.Unexpected.Show()
	d.say(ToneWarn, tr("headline.no_return_on_record"), tr("returns.no_return_text", "Order", ref))
	d.app.win.Canvas().Focus(d.Field)
}

func (d *ReturnDesk) startUnexpected() {
	if d.pending == "" {
		return
	}
	a := d.app
	ctx, cancel := a.ctx()
	defer cancel()
	rma, err := a.store.StartUnexpectedReturn(ctx, d.pending, a.user.ID, d.pendingBy)
	if err != nil {
		d.fail(err)
		return
	}
	a.opts.Sound.Good()
	replay := ""
	if d.pendingHit.Kind != "" {
		replay = d.pendingHit.Raw
	}
	a.ShowReturn(rma, replay)
}

// search lists delivered orders of a customer found by name, e-mail or
// phone; typing the number in front of one (or tapping it) picks it.
func (d *ReturnDesk) search(q string) {
	a := d.app
	ctx, cancel := a.ctx()
	defer cancel()
	matches, err := a.store.FindOrdersForReturn(ctx, q)
	if err != nil {
		d.fail(err)
		return
	}
	d.matches = matches
	var rows []fyne.CanvasObject
	for i, m := range matches {
		i := i
		label := fmt.Sprintf("%d  %s · %s · %s · %s · %s", i+1, m.Ref, m.Customer.Name, statusWords(m.Status), plural(m.Items, "items"), i18n.Date(m.CreatedAt))
		rows = append(rows, widget.NewButton(label, func() { d.choose(i + 1) }))
	}
	d.Results.Objects = rows
	d.Results.Refresh()
	if len(matches) == 0 {
		d.say(ToneBad, tr("returns.no_order"), tr("returns.no_order_text", "Query", q))
		return
	}
	d.say(ToneInfo, tr("returns.found", "N", len(matches)), tr("returns.found_text"))
}

func (d *ReturnDesk) choose(n int) {
	if n < 1 || n > len(d.matches) {
		d.say(ToneBad, tr("common.not_on_list"), tr("common.type_number", "N", len(d.matches)))
		return
	}
	d.pending, d.pendingBy, d.pendingHit = d.matches[n-1].Ref, "customer", scan.Code{}
	d.startUnexpected()
}

func (d *ReturnDesk) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF5:
		d.startUnexpected()
	case fyne.KeyEscape:
		d.app.ShowHome()
	default:
		return false
	}
	return true
}

func (d *ReturnDesk) fail(err error) {
	d.Panel.Refuse("returns desk", returnHeadline(err), err)
	d.left.Refresh()
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// returnStatusWords is a return's status in words.
func returnStatusWords(s core.ReturnStatus) string {
	if k := "return_status." + string(s); i18n.Has(k) {
		return tr(k)
	}
	return string(s)
}
