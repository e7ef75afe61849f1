package ui

import (
	"context"
	"fmt"
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
			p.say(ToneInfo, "SAME ORDER", "This is the order on screen. "+p.instruction())
			return
		}
		p.find(code)
	case p.order == nil:
		p.fail(core.Errorf(core.ECONFLICT, "unexpected_scan", "Scan the order's packing list or its tote first, then its items."))
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
		p.render()
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
		left = fmt.Sprintf("Order %s keeps what is packed so far. ", p.ref)
	}
	p.ref, p.order, p.weightG, p.chosen = ref, o, 0, false
	p.Weight.SetText("")
	if full, err := p.app.store.Order(ctx, ref); err == nil {
		p.ShipTo.SetText(shipToText(full))
	}
	p.render()
	if o.Next().Kind == pack.StepDone {
		p.say(ToneInfo, "ALREADY PACKED", fmt.Sprintf("Order %s is packed in %s. Press F9 to print its labels again, or scan the next order.", ref, plural(o.Closed(), "package", "packages")))
		return true
	}
	p.Panel.Good("ORDER "+ref, left+p.instruction())
	p.relayout()
	return true
}

func shipToText(o core.Order) string {
	a := o.ShipTo
	name := a.Name
	if name == "" {
		name = o.Customer.Name
	}
	parts := []string{name, strings.TrimSpace(a.PostalCode + " " + a.City), a.Country}
	text := "Ship to " + strings.Join(parts, ", ")
	if o.Service != "" {
		text += " · " + o.Service
	}
	return text
}

// typeWeight takes a weight typed or sent by the scale.
func (p *PackScreen) typeWeight(text string) {
	if p.order == nil || p.order.Next().Kind == pack.StepDone {
		p.fail(core.Errorf(core.ECONFLICT, "unexpected_scan", "There is no package to weigh: scan an order or tote first."))
		return
	}
	g, err := pack.ParseWeight(text)
	if err != nil {
		p.fail(err)
		return
	}
	p.weightG, p.weightOff = g, 0
	p.Weight.SetText(pack.FormatWeight(g))
	p.Panel.Good("WEIGHT "+strings.ToUpper(pack.FormatWeight(g)), fmt.Sprintf("Press F5 to close package %d.", p.order.Current()))
	p.relayout()
	p.focus()
}

// closePackage closes the open package with the chosen carton and the
// weight, and sends its label (and with the last one, the packing slip)
// to the printer.
func (p *PackScreen) closePackage() {
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
	title, msg := "OK", ""
	switch e.Kind {
	case pack.EffectVerify:
		title = fmt.Sprintf("+%d IN PACKAGE %d", e.Qty, e.Package)
		if l := lineOf(res.Order, e.LineID); l != nil {
			msg = fmt.Sprintf("%s: %d of %d packed. ", l.Name, l.Packed, l.Picked)
		}
	case pack.EffectRemove:
		title = fmt.Sprintf("−%d FROM PACKAGE %d", e.Qty, e.Package)
		if l := lineOf(res.Order, e.LineID); l != nil {
			msg = fmt.Sprintf("Take %d × %s out of the package. ", e.Qty, l.Name)
		}
	case pack.EffectPlan:
		title = fmt.Sprintf("%d PACKAGES", e.Packages)
		if len(e.Relabel) > 0 {
			msg = fmt.Sprintf("The labels of the closed packages now say \"of %d\": replace them with the new ones. ", e.Packages)
		}
	case pack.EffectClose:
		title = fmt.Sprintf("PACKAGE %d OF %d CLOSED", e.Package, e.Packages)
		msg = fmt.Sprintf("SSCC %s, %s, %s. Put the label on it. ", e.SSCC, e.Carton.Name, pack.FormatWeight(e.WeightG))
	}
	if len(res.Labels) > 0 {
		p.print(res)
	}
	if res.Packed {
		title = "ORDER " + p.ref + " PACKED"
		msg += "The packing slip goes into the last package. "
		if len(p.next) > 0 {
			next := p.next[0]
			p.next = p.next[1:]
			done := p.ref
			if p.open(next) {
				p.Panel.Done("ORDER "+done+" PACKED", msg+"Next from the same pick: order "+next+". "+p.instruction())
				p.relayout()
				return
			}
			return // open shows why the next one cannot be packed
		}
		msg += "Scan the next order or tote."
	} else {
		msg += p.instruction()
	}
	p.render()
	if res.Packed {
		p.Panel.Done(title, msg)
	} else {
		p.Panel.Good(title, msg)
	}
	p.relayout()
	p.focus()
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
		return "Scan the order's packing list or its tote to start packing."
	}
	s := o.Next()
	switch s.Kind {
	case pack.StepItems:
		txt := fmt.Sprintf("Scan each item into package %d of %d: %d to go.", s.Package, s.Packages, o.Remaining())
		if s.Package < s.Packages && o.Open() != nil && o.Open().Units() > 0 {
			txt += fmt.Sprintf(" When package %d is full, weigh it and press F5.", s.Package)
		}
		return txt
	case pack.StepClose:
		return fmt.Sprintf("Everything is in. Check the carton, weigh package %d and press F5 to close it.", s.Package)
	}
	return "This order is packed. Scan the next order or tote."
}

func (p *PackScreen) fail(err error) {
	p.Panel.Refuse("pack", packHeadline(err), err)
	p.relayout()
}

// packHeadline is the word or two shown large for a pack error.
func packHeadline(err error) string {
	switch core.ErrorReason(err) {
	case core.ErrExtraItem.Reason:
		return "ONE TOO MANY"
	case core.ErrOtherOrderItem.Reason:
		return "OTHER ORDER'S ITEM"
	case core.ErrOrderNotPicked.Reason:
		return "NOT READY TO PACK"
	case core.ErrNothingToPack.Reason:
		return "NOTHING TO PACK"
	case core.ErrPackageEmpty.Reason:
		return "PACKAGE IS EMPTY"
	case core.ErrWeightRequired.Reason:
		return "WEIGH IT"
	case core.ErrBadWeight.Reason:
		return "BAD WEIGHT"
	case core.ErrTooHeavy.Reason:
		return "TOO HEAVY"
	case core.ErrWeightOff.Reason:
		return "WEIGHT IS OFF"
	case core.ErrPackageCount.Reason:
		return "PACKAGE COUNT"
	case core.ErrUnknownCarton.Reason:
		return "CHOOSE A CARTON"
	case core.ErrSSCCNotSet.Reason, core.ErrSSCCRangeUsed.Reason:
		return "CANNOT NUMBER PACKAGES"
	case "empty_tote":
		return "EMPTY TOTE"
	case core.ErrNothingToUndo.Reason:
		return "NOTHING TO TAKE OUT"
	}
	return headline(err)
}

// acknowledged shows the step again once a refusal is read.
func (p *PackScreen) acknowledged() {
	p.render()
	if p.weightOff > 0 {
		p.Panel.Banner.Set(ToneWarn, "WEIGH AGAIN", fmt.Sprintf("%s is not what package %d should weigh. Check what is in it and weigh it again; or a supervisor scans their badge here to accept %s.",
			pack.FormatWeight(p.weightOff), p.order.Current(), pack.FormatWeight(p.weightOff)))
		p.relayout()
		return
	}
	p.say(ToneInfo, "NEXT", p.instruction())
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
		p.Panel.RefuseText("NO SCALE", "No scale is set up for this station: type the weight, or scan it.")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for {
		r, err := p.app.opts.Scale.Read(ctx)
		if err != nil {
			p.Panel.RefuseText("SCALE", err.Error()+" Or type the weight.")
			return
		}
		if r.Stable {
			p.typeWeight(pack.FormatWeight(r.Grams))
			return
		}
	}
}
