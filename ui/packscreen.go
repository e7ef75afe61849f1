package ui

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/ui/i18n"
)

func init() {
	workflows = append(workflows, HomeAction{Label: "home.pack", Role: core.RolePacker, Key: fyne.KeyF3, Open: func(a *App) { a.ShowPack() }})
}

// PackScreen is the pack station: scan an order or tote, verify every unit
// into its package, choose the carton, weigh, close; labels print in the
// background. It is the window's content, so tests find it there.
type PackScreen struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject
	header  *fyne.Container // re-laid out when its texts change size
	top     *fyne.Container // the step, banner, OK and scan field
	left    *fyne.Container // top above the box's lines

	ref     string      // the order being packed, "" before the first scan
	order   *pack.Order // its packing state
	next    []string    // orders of the same tote's pick still to pack
	cartons []core.Carton
	weightG int  // the weight typed or read from the scale, 0 until then
	chosen  bool // the packer chose the carton for this package
	// weightOff is the weight a close was refused for (outside the
	// expected window): weigh again, or a supervisor's badge accepts it.
	weightOff int

	Title    *BigText // the order and its tote
	ShipTo   *widget.Label
	Package  *BigText // PACKAGE 2 OF 3
	Step     *BigText // what to do now
	Progress *widget.ProgressBar
	Lines    *TextRows // what must go in the box, short lines included
	Carton   *widget.Select
	Suggest  *widget.Label // the suggested carton and the expected weight
	Weight   *widget.Entry // typed weight; a scale typing into the scan field works too
	Panel    *ScanPanel
	Banner   *Banner
	OK       *widget.Button
	Field    *ScanField
	Close    *widget.Button
	More     *widget.Button // one package more
	Fewer    *widget.Button // one package fewer
	Undo     *widget.Button // take the last unit out again
	Reprint  *widget.Button
	Leave    *widget.Button
	Printing *widget.Label // the print jobs of this station: sent, waiting, failed
	// CarrierWaiting lists the closed parcels still without a carrier
	// label (bought after packing, not here yet): they cannot leave.
	CarrierWaiting *widget.Label
	Retry          *widget.Button // send the waiting jobs now
	Test           *widget.Button // print a test page
	Training       *fyne.Container

	printing sync.WaitGroup // renderings under way, for tests
	stop     chan struct{}  // closed when the screen is gone
}

// ShowPack shows the pack station, waiting for an order or tote.
func (a *App) ShowPack() {
	p := &PackScreen{app: a}
	p.ExtendBaseWidget(p)
	p.Panel = a.NewScanPanel(tr("pack.placeholder"), p.submit)
	p.Panel.OnKey = p.key
	p.Panel.OnAcknowledge = p.acknowledged
	p.Banner, p.Field, p.OK = p.Panel.Banner, p.Panel.Field, p.Panel.OK
	fg := theme.Color(theme.ColorNameForeground)
	p.Title = newBigText(tr("pack.title"), fg)
	p.Title.TextSize = 24
	p.Title.TextStyle.Bold = true
	p.ShipTo = widget.NewLabel("")
	p.ShipTo.Wrapping = fyne.TextWrapWord
	p.Package = newBigText("", fg)
	p.Package.TextSize = 40
	p.Package.TextStyle = fyne.TextStyle{Bold: true}
	p.Step = newBigText("", fg)
	p.Step.TextSize = 22
	p.Step.TextStyle.Bold = true
	p.Progress = widget.NewProgressBar()
	p.Lines = NewTextRows(fyne.TextStyle{Monospace: true})
	p.Carton = widget.NewSelect(nil, func(string) { p.chosen = true; p.renderSuggestion() })
	p.Carton.PlaceHolder = tr("pack.carton")
	p.Suggest = widget.NewLabel("")
	p.Suggest.Wrapping = fyne.TextWrapWord
	p.Weight = widget.NewEntry()
	p.Weight.SetPlaceHolder(tr("pack.weight_placeholder"))
	p.Weight.OnSubmitted = func(s string) { p.typeWeight(s) }
	p.Close = widget.NewButtonWithIcon(tr("pack.close")+"  [F5]", theme.ConfirmIcon(), p.closePackage)
	p.Close.Importance = widget.HighImportance
	p.More = widget.NewButtonWithIcon(tr("pack.more")+"  [F7]", theme.ContentAddIcon(), func() { p.plan(+1) })
	p.Fewer = widget.NewButtonWithIcon(tr("pack.fewer")+"  [F8]", theme.ContentRemoveIcon(), func() { p.plan(-1) })
	p.Undo = widget.NewButtonWithIcon(tr("pack.take_out")+"  [F4]", theme.ContentUndoIcon(), p.removeLast)
	p.Reprint = widget.NewButtonWithIcon(tr("pack.reprint")+"  [F9]", theme.DocumentPrintIcon(), p.reprint)
	p.Leave = widget.NewButtonWithIcon(tr("pick.leave")+"  [Esc]", theme.NavigateBackIcon(), p.leave)
	p.Printing = widget.NewLabel("")
	p.Printing.Wrapping = fyne.TextWrapWord
	p.CarrierWaiting = widget.NewLabel("")
	p.CarrierWaiting.Wrapping = fyne.TextWrapWord
	p.CarrierWaiting.Importance = widget.WarningImportance
	p.Retry = widget.NewButtonWithIcon(tr("pack.retry")+"  [F10]", theme.ViewRefreshIcon(), p.retryPrinting)
	p.Test = widget.NewButtonWithIcon(tr("pack.test_print"), theme.DocumentPrintIcon(), p.testPrint)
	p.Training = container.NewVBox()

	ctx, cancel := a.ctx()
	cartons, err := a.store.Cartons(ctx)
	cancel()
	p.cartons = cartons

	p.header = container.NewBorder(nil, nil, nil, p.Package, container.NewVBox(p.Title, p.ShipTo))
	box := widget.NewCard(tr("pack.in_the_box"), "", container.NewVScroll(p.Lines))
	closing := widget.NewCard(tr("pack.close_the_package"), "", container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(tr("pack.carton")+"  [F6]"), nil, p.Carton), p.Suggest,
		container.NewBorder(nil, nil, widget.NewLabel(tr("pack.weight")), nil, p.Weight), p.Close))
	right := container.NewVBox(closing, p.More, p.Fewer, p.Undo, p.Reprint, p.Leave,
		widget.NewCard(tr("stage.printing"), "", container.NewVBox(p.Printing, p.CarrierWaiting, p.Retry, p.Test)))
	if a.opts.Training {
		right.Add(widget.NewCard(tr("training.title"), tr("training.tap"), p.Training))
	}
	p.top = container.NewVBox(p.Step, p.Progress, p.Panel)
	p.left = container.NewBorder(p.top, nil, nil, nil, box)
	split := container.NewHSplit(p.left, container.NewVScroll(right))
	split.Offset = 0.62
	p.content = container.NewPadded(container.NewBorder(p.header, nil, nil, nil, split))

	a.Show(p, p.Field)
	p.render()
	switch {
	case err != nil:
		p.fail(err)
	case len(cartons) == 0:
		p.Panel.RefuseText(tr("pack.no_cartons"), tr("pack.no_cartons_text"))
		p.relayout()
	default:
		p.say(ToneInfo, tr("pack.ready"), tr("pack.do_start"))
	}
	p.watchPrinting()
}

// CreateRenderer implements fyne.Widget.
func (p *PackScreen) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.content) }

// Order returns the order being packed, or "".
func (p *PackScreen) Order() string { return p.ref }

// render shows the packing state.
func (p *PackScreen) render() {
	o := p.order
	if o == nil {
		setBig(p.Title, tr("pack.title"))
		setLabel(p.ShipTo, "")
		setBig(p.Package, "")
		setBig(p.Step, tr("pack.step_scan_order"))
		p.Lines.SetText("")
		setProgress(p.Progress, 0)
		p.renderCartons()
		p.renderButtons()
		p.renderTraining()
		p.relayout()
		return
	}
	title := upper(tr("pick.order", "Order", o.Ref))
	if o.Tote != "" {
		title += " · " + tr("pick.ok_tote", "Tote", o.Tote)
	}
	if len(p.next) > 0 {
		title += " · " + tr("pack.more_from_pick", "N", len(p.next))
	}
	setBig(p.Title, title)
	step := o.Next()
	var stepText string
	switch step.Kind {
	case pack.StepItems:
		stepText = tr("pack.step_items", "N", step.Package)
		if open := o.Open(); open != nil && open.Units() > 0 && step.Package < step.Packages {
			stepText = tr("pack.step_items_full", "N", step.Package)
		}
	case pack.StepClose:
		stepText = tr("pack.step_close", "N", step.Package)
	case pack.StepDone:
		stepText = tr("pack.step_packed")
	}
	setBig(p.Step, stepText)
	if step.Kind == pack.StepDone {
		setBig(p.Package, upper(plural(o.Closed(), "packages")))
	} else {
		setBig(p.Package, tr("pack.package_of", "N", step.Package, "Of", step.Packages))
	}
	packed, total := o.Progress()
	if total > 0 {
		setProgress(p.Progress, float64(packed)/float64(total))
	}
	p.Lines.SetText(packLines(o))
	p.renderCartons()
	p.renderButtons()
	p.renderTraining()
	p.relayout()
}

// relayout lays the header and the scan area out again: big texts, the
// banner's wrapped explanation and the OK button change their size. It
// only moves and sizes: the texts refreshed themselves when they changed,
// and refreshing every one again cost more than the scan.
func (p *PackScreen) relayout() {
	for _, c := range []*fyne.Container{p.header, p.top, p.left} {
		if c != nil {
			c.Layout.Layout(c.Objects, c.Size())
		}
	}
}

// packLines lists what must go in the boxes, line by line: a tick when a
// line is all packed, how many are in the open package, and the units
// picking could not find, which are shown and never packed.
func packLines(o *pack.Order) string {
	var b strings.Builder
	for _, l := range o.Lines {
		mark := "  "
		if l.Picked > 0 && l.Remaining() == 0 {
			mark = "✓ "
		}
		fmt.Fprintf(&b, "%s%d/%d  %s (%s)", mark, l.Packed, l.Picked, l.Name, l.SKU)
		if n := o.InOpen(l.ID); n > 0 {
			b.WriteString("  · " + tr("pack.in_this_package", "N", n))
		}
		if l.Short > 0 {
			b.WriteString("\n      " + tr("pack.short_line", "Short", l.Short, "Ordered", l.Ordered, "Reason", shortReasonText(l.ShortReason)))
		}
		b.WriteString("\n")
	}
	for _, box := range o.Boxes {
		if box.Closed {
			b.WriteString("\n" + tr("pack.closed_line", "N", box.Seq, "Carton", box.Carton, "Weight", weightWords(box.WeightG), "SSCC", box.SSCC))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func shortReasonText(r string) string {
	if r == "" {
		r = "none"
	}
	if k := "pack.short_reason." + r; i18n.Has(k) {
		return tr(k)
	}
	return strings.ReplaceAll(r, "_", " ")
}

// renderCartons fills the carton choice and, unless the packer chose one
// for this package, selects the suggested carton.
func (p *PackScreen) renderCartons() {
	opts := make([]string, len(p.cartons))
	for i, c := range p.cartons {
		opts[i] = cartonOption(c)
	}
	was := p.Carton.Selected
	changed := !slices.Equal(p.Carton.Options, opts)
	p.Carton.Options = opts
	if p.order != nil && !p.chosen {
		units := p.order.BoxUnits()
		if c, _ := pack.Suggest(p.cartons, units); c.Code != "" {
			p.Carton.Selected = cartonOption(c)
		}
		// A new, empty package after a closed one: nothing to size it by,
		// so keep the carton the last one went in (not the smallest).
		if len(units) == 0 {
			for _, b := range p.order.Boxes {
				if b.Closed {
					for _, c := range p.cartons {
						if c.Code == b.Carton {
							p.Carton.Selected = cartonOption(c)
						}
					}
				}
			}
		}
	}
	if changed || p.Carton.Selected != was {
		p.Carton.Refresh()
	}
	p.renderSuggestion()
}

func (p *PackScreen) renderSuggestion() {
	if p.order == nil || p.order.Next().Kind == pack.StepDone {
		setLabel(p.Suggest, "")
		return
	}
	c, fits := pack.Suggest(p.cartons, p.order.BoxUnits())
	text := ""
	switch {
	case c.Code == "":
	case fits:
		text = tr("pack.suggested", "Name", c.Name, "Code", c.Code)
	default:
		text = tr("pack.nothing_fits", "Name", c.Name)
	}
	if sel, ok := p.selectedCarton(); ok {
		text += " · " + tr("pack.expected", "Weight", weightWords(p.order.ExpectedWeightG(sel)), "Code", sel.Code)
	}
	setLabel(p.Suggest, text)
}

func cartonOption(c core.Carton) string {
	return tr("pack.carton_option", "Code", c.Code, "Name", c.Name, "L", c.LengthMM, "W", c.WidthMM, "H", c.HeightMM, "Weight", weightWords(c.MaxWeightG))
}

// selectedCarton returns the carton chosen in the select.
func (p *PackScreen) selectedCarton() (core.Carton, bool) {
	for _, c := range p.cartons {
		if cartonOption(c) == p.Carton.Selected {
			return c, true
		}
	}
	return core.Carton{}, false
}

func (p *PackScreen) renderButtons() {
	o := p.order
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	working := o != nil && o.Next().Kind != pack.StepDone
	open := working && o.Open() != nil && o.Open().Units() > 0
	enable(p.Close, open)
	enable(p.More, working)
	enable(p.Fewer, working && o.Planned > max(1, o.Closed()+1))
	enable(p.Undo, open)
	enable(p.Reprint, o != nil && o.Closed() > 0)
}

// renderTraining offers the codes that would be right now as buttons: the
// items still to pack (serialised ones with a serial that was picked).
func (p *PackScreen) renderTraining() {
	if !p.app.opts.Training {
		return
	}
	var codes []string
	if p.order == nil {
		// Before an order: the orders waiting here, as their packing lists.
		ctx, cancel := p.app.ctx()
		refs, err := p.app.store.OrdersToPack(ctx, 6)
		cancel()
		if err != nil {
			logErr("orders to pack", err)
		}
		for _, ref := range refs {
			codes = append(codes, "ORD-"+ref)
		}
		setCodeButtons(p.Training, codes, p.submit)
		return
	}
	for _, l := range p.order.Lines {
		switch {
		case l.Remaining() <= 0 || l.GTIN == "":
		case l.CaptureSerial && len(l.Serials) > l.Packed:
			codes = append(codes, fmt.Sprintf("(01)%014s(21)%s", l.GTIN, unpackedSerial(p.order, l)))
		case !l.CaptureSerial:
			codes = append(codes, l.GTIN)
		}
	}
	setCodeButtons(p.Training, codes, p.submit)
}

// unpackedSerial is a serial picked for the line and not packed yet.
func unpackedSerial(o *pack.Order, l pack.Line) string {
	packed := map[string]bool{}
	for _, b := range o.Boxes {
		for _, it := range b.Items {
			packed[it.Serial] = true
		}
	}
	for _, s := range l.Serials {
		if !packed[s] {
			return s
		}
	}
	return ""
}

// say sets the banner and lays the scan area out for its new size.
func (p *PackScreen) say(tone Tone, title, text string) {
	if tone == ToneGood {
		p.Panel.Good(title, text)
	} else {
		p.Panel.Say(title, text)
	}
	p.relayout()
}

// weightWords is a weight as core writes it ("1.25 kg"), with the decimal
// mark of the language on screen.
func weightWords(g int) string { return i18n.LocalDecimals(pack.FormatWeight(g)) }
