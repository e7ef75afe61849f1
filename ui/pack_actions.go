package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// submit handles one scan or typed line in the scan field.
func (p *PackScreen) submit(text string) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return
	case pack.LooksLikeWeight(text):
		p.typeWeight(text)
		return
	}
	code, err := p.app.opts.Parser.Parse(text)
	if err != nil {
		p.fail(err)
		return
	}
	switch {
	case code.Kind == scan.KindBatch: // a whole pick: BATCH- and the pick's id
		p.openBatch(code.ID)
	case code.Kind == scan.KindBadge && p.weightOff > 0:
		p.acceptWeight(sqlite.Approval{Badge: code.ID})
	case code.Kind == scan.KindOrder || code.Kind == scan.KindTote:
		if p.order != nil && code.Kind == scan.KindOrder && code.ID == p.ref {
			p.say(ToneInfo, tr("pack.same_order"), tr("pack.same_order_text")+" "+p.instruction())
			return
		}
		p.find(code)
	case p.order == nil:
		p.fail(refusal(core.ECONFLICT, "unexpected_scan", tr("pack.order_first")))
	default:
		ctx, cancel := p.app.ctx()
		defer cancel()
		res, err := p.app.store.PackScan(ctx, p.ref, code)
		if err != nil {
			p.fail(err)
			return
		}
		p.succeed(res)
	}
}

// find opens the order a scanned order code or tote names, keeping the
// other orders of the tote's pick for afterwards.
func (p *PackScreen) find(code scan.Code) {
	ctx, cancel := p.app.ctx()
	defer cancel()
	refs, err := p.app.store.PackFind(ctx, code)
	if err != nil {
		p.fail(err)
		return
	}
	p.openQueue(refs)
}

func (p *PackScreen) openBatch(id string) {
	ctx, cancel := p.app.ctx()
	defer cancel()
	refs, err := p.app.store.PackBatch(ctx, id)
	if err != nil {
		p.fail(err)
		return
	}
	p.openQueue(refs)
}

func (p *PackScreen) openQueue(refs []string) {
	if p.open(refs[0]) {
		p.next = refs[1:]
		p.app.beforeFrame(packDrawing{p, "render"}, p.render)
	}
}

// open starts packing an order; it reports whether it could.
func (p *PackScreen) open(ref string) bool {
	ctx, cancel := p.app.ctx()
	defer cancel()
	o, err := p.app.store.PackOpen(ctx, p.app.user.ID, ref)
	if err != nil {
		p.fail(err)
		return false
	}
	left := ""
	if p.order != nil && p.order.Next().Kind != pack.StepDone && p.ref != ref {
		left = tr("pack.keeps", "Order", p.ref) + " "
	}
	p.ref, p.order, p.weightG, p.chosen = ref, o, 0, false
	if p.Weight.Text != "" {
		p.Weight.SetText("")
	}
	if full, err := p.app.store.Order(ctx, ref); err == nil {
		setLabel(p.ShipTo, shipToText(full))
	}
	if o.Next().Kind == pack.StepDone {
		p.render()
		p.say(ToneInfo, tr("pack.already_packed"), tr("pack.already_packed_text", "Order", ref, "Packages", plural(o.Closed(), "packages")))
		return true
	}
	// A scanner's units follow the order's code at once: draw once for
	// them all, before the next frame (beforeframe.go).
	p.app.beforeFrame(packDrawing{p, "render"}, p.render)
	p.Panel.Good(upper(tr("pick.order", "Order", ref)), left+p.instruction())
	p.app.beforeFrame(packDrawing{p, "relayout"}, p.relayout)
	return true
}

func shipToText(o core.Order) string {
	a := o.ShipTo
	name := a.Name
	if name == "" {
		name = o.Customer.Name
	}
	parts := []string{name, strings.TrimSpace(a.PostalCode + " " + a.City), a.Country}
	text := tr("pack.ship_to", "Address", strings.Join(parts, ", "))
	if o.Service != "" {
		text += " · " + o.Service
	}
	return text
}

// typeWeight takes a weight typed or sent by the scale.
func (p *PackScreen) typeWeight(text string) {
	p.app.drawNow()
	if p.order == nil || p.order.Next().Kind == pack.StepDone {
		p.fail(refusal(core.ECONFLICT, "unexpected_scan", tr("pack.nothing_to_weigh")))
		return
	}
	g, err := pack.ParseWeight(text)
	if err != nil {
		p.fail(err)
		return
	}
	p.weightG, p.weightOff = g, 0
	p.Weight.SetText(pack.FormatWeight(g))
	p.Panel.Good(tr("pack.weight_title", "Weight", strings.ToUpper(weightWords(g))), tr("pack.press_f5", "N", p.order.Current()))
	p.relayout()
	p.focus()
}

// closePackage closes the open package with the chosen carton and the
// weight, and sends its label (and with the last one, the packing slip)
// to the printer.
func (p *PackScreen) closePackage() {
	p.app.drawNow()
	if p.order == nil || p.Panel.Refused() {
		return
	}
	weight := p.weightG
	if typed := strings.TrimSpace(p.Weight.Text); typed != "" && typed != pack.FormatWeight(weight) {
		g, err := pack.ParseWeight(typed)
		if err != nil {
			p.fail(err)
			return
		}
		weight = g
	}
	carton, _ := p.selectedCarton()
	ctx, cancel := p.app.ctx()
	defer cancel()
	res, err := p.app.store.PackClose(ctx, p.ref, carton.Code, weight)
	if core.ErrorReason(err) == core.ErrWeightOff.Reason {
		p.weightOff = weight
	}
	if err != nil {
		p.fail(err)
		return
	}
	p.closed(res)
}

// acceptWeight closes the package with the weight that was outside the
// window, on a supervisor's badge: they checked the contents.
func (p *PackScreen) acceptWeight(approval sqlite.Approval) {
	p.app.drawNow() // the carton as shown
	carton, _ := p.selectedCarton()
	ctx, cancel := p.app.ctx()
	defer cancel()
	res, err := p.app.store.PackCloseApproved(ctx, p.ref, carton.Code, p.weightOff, approval)
	if err != nil {
		p.fail(err)
		return
	}
	p.closed(res)
}

// closed shows a closed package and makes ready for the next.
func (p *PackScreen) closed(res sqlite.PackResult) {
	p.weightG, p.weightOff, p.chosen = 0, 0, false
	p.Weight.SetText("")
	p.succeed(res)
}

// plan changes the number of packages by delta.
func (p *PackScreen) plan(delta int) {
	p.app.drawNow()
	if p.order == nil || p.Panel.Refused() {
		return
	}
	ctx, cancel := p.app.ctx()
	defer cancel()
	res, err := p.app.store.PackPlan(ctx, p.ref, p.order.Planned+delta)
	if err != nil {
		p.fail(err)
		return
	}
	p.chosen = false
	p.succeed(res)
}

func (p *PackScreen) removeLast() {
	p.app.drawNow()
	if p.order == nil || p.Panel.Refused() {
		return
	}
	ctx, cancel := p.app.ctx()
	defer cancel()
	res, err := p.app.store.PackRemove(ctx, p.ref)
	if err != nil {
		p.fail(err)
		return
	}
	p.succeed(res)
}

// succeed shows what an accepted scan or action did, and prints what it
// calls for.
func (p *PackScreen) succeed(res sqlite.PackResult) {
	p.order = res.Order
	e := res.Effect
	title, msg := tr("common.ok"), ""
	switch e.Kind {
	case pack.EffectVerify:
		title = tr("pack.ok_in", "N", e.Qty, "Package", e.Package)
		if l := lineOf(res.Order, e.LineID); l != nil {
			msg = tr("pack.line_packed", "Item", l.Name, "Packed", l.Packed, "Picked", l.Picked) + " "
		}
	case pack.EffectRemove:
		title = tr("pack.ok_out", "N", e.Qty, "Package", e.Package)
		if l := lineOf(res.Order, e.LineID); l != nil {
			msg = tr("pack.take_out_text", "N", e.Qty, "Item", l.Name) + " "
		}
	case pack.EffectPlan:
		title = upper(plural(e.Packages, "packages"))
		if len(e.Relabel) > 0 {
			msg = tr("pack.relabel", "N", e.Packages) + " "
		}
	case pack.EffectClose:
		title = tr("pack.ok_closed", "N", e.Package, "Of", e.Packages)
		msg = tr("pack.closed_text", "SSCC", e.SSCC, "Carton", e.Carton.Name, "Weight", weightWords(e.WeightG)) + " "
	}
	if len(res.Labels) > 0 {
		p.print(res)
	}
	if res.Packed {
		title = tr("pack.order_packed", "Order", p.ref)
		msg += tr("pack.slip_last") + " "
		if len(p.next) > 0 {
			next := p.next[0]
			p.next = p.next[1:]
			done := p.ref
			if p.open(next) {
				p.Panel.Done(tr("pack.order_packed", "Order", done), msg+tr("pack.next_from_pick", "Order", next)+" "+p.instruction())
				p.relayout()
				return
			}
			return // open shows why the next one cannot be packed
		}
		msg += tr("pack.scan_next")
	} else {
		msg += p.instruction()
	}
	if res.Packed {
		p.render()
		p.Panel.Done(title, msg)
		p.relayout()
	} else {
		// The scanner's next unit may come before the next frame: draw
		// once for all of them (beforeframe.go).
		p.app.beforeFrame(packDrawing{p, "render"}, p.render)
		p.Panel.Good(title, msg)
		p.app.beforeFrame(packDrawing{p, "relayout"}, p.relayout)
	}
	p.focus()
}

// packDrawing names the pack screen's drawing left for the next frame.
type packDrawing struct {
	p    *PackScreen
	what string
}

func lineOf(o *pack.Order, id int64) *pack.Line {
	for i := range o.Lines {
		if o.Lines[i].ID == id {
			return &o.Lines[i]
		}
	}
	return nil
}

// instruction says in words what to do next.
func (p *PackScreen) instruction() string {
	o := p.order
	if o == nil {
		return tr("pack.do_start")
	}
	s := o.Next()
	switch s.Kind {
	case pack.StepItems:
		txt := tr("pack.do_items", "N", s.Package, "Of", s.Packages, "Left", o.Remaining())
		if s.Package < s.Packages && o.Open() != nil && o.Open().Units() > 0 {
			txt += " " + tr("pack.do_items_full", "N", s.Package)
		}
		return txt
	case pack.StepClose:
		return tr("pack.do_close", "N", s.Package)
	}
	return tr("pack.do_done")
}

func (p *PackScreen) fail(err error) {
	p.Panel.Refuse("pack", packHeadline(err), err)
	p.relayout()
}

// packHeadline is the word or two shown large for a pack error.
func packHeadline(err error) string {
	switch core.ErrorReason(err) {
	case core.ErrExtraItem.Reason:
		return tr("headline.one_too_many")
	case core.ErrOtherOrderItem.Reason:
		return tr("headline.other_orders_item")
	case core.ErrOrderNotPicked.Reason:
		return tr("headline.not_ready_to_pack")
	case core.ErrNothingToPack.Reason:
		return tr("headline.nothing_to_pack")
	case core.ErrPackageEmpty.Reason:
		return tr("headline.package_is_empty")
	case core.ErrWeightRequired.Reason:
		return tr("headline.weigh_it")
	case core.ErrBadWeight.Reason:
		return tr("headline.bad_weight")
	case core.ErrTooHeavy.Reason:
		return tr("headline.too_heavy")
	case core.ErrWeightOff.Reason:
		return tr("headline.weight_is_off")
	case core.ErrPackageCount.Reason:
		return tr("headline.package_count")
	case core.ErrUnknownCarton.Reason:
		return tr("headline.choose_a_carton")
	case core.ErrSSCCNotSet.Reason, core.ErrSSCCRangeUsed.Reason:
		return tr("headline.cannot_number_packages")
	case "empty_tote":
		return tr("headline.empty_tote")
	case core.ErrNothingToUndo.Reason:
		return tr("headline.nothing_to_take_out")
	}
	return headline(err)
}

// acknowledged shows the step again once a refusal is read.
func (p *PackScreen) acknowledged() {
	p.render()
	if p.weightOff > 0 {
		p.Panel.Banner.Set(ToneWarn, tr("pack.weigh_again"), tr("pack.weigh_again_text", "Weight", weightWords(p.weightOff), "N", p.order.Current()))
		p.relayout()
		return
	}
	p.say(ToneInfo, tr("panel.next"), p.instruction())
}

func (p *PackScreen) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF4:
		p.removeLast()
	case fyne.KeyF5:
		p.closePackage()
	case fyne.KeyF6:
		p.nextCarton()
	case fyne.KeyF7:
		p.plan(+1)
	case fyne.KeyF8:
		p.plan(-1)
	case fyne.KeyF9:
		p.reprint()
	case fyne.KeyF10:
		p.retryPrinting()
	case fyne.KeyF11:
		p.readScale()
	case fyne.KeyEscape:
		p.leave()
	default:
		return false
	}
	return true
}

// nextCarton chooses the next carton of the catalogue, by keyboard.
func (p *PackScreen) nextCarton() {
	p.app.drawNow()
	if len(p.cartons) == 0 || p.Panel.Refused() {
		return
	}
	i := 0
	for j, c := range p.cartons {
		if cartonOption(c) == p.Carton.Selected {
			i = (j + 1) % len(p.cartons)
		}
	}
	p.Carton.SetSelected(cartonOption(p.cartons[i])) // marks it chosen
	p.focus()
}

// leave goes back to the home screen; what is packed so far stays.
func (p *PackScreen) leave() { p.app.ShowHome() }

func (p *PackScreen) focus() { p.app.win.Canvas().Focus(p.Field) }

// readScale takes the weight from the station's scale once it is stable.
func (p *PackScreen) readScale() {
	if p.app.opts.Scale == nil {
		p.Panel.RefuseText(tr("pack.no_scale"), tr("pack.no_scale_text"))
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for {
		r, err := p.app.opts.Scale.Read(ctx)
		if err != nil {
			p.Panel.RefuseText(tr("pack.scale"), scaleProblem(err)+" "+tr("pack.or_type"))
			return
		}
		if r.Stable {
			p.typeWeight(pack.FormatWeight(r.Grams))
			return
		}
	}
}
