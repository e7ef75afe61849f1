package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

// PickScreen walks a picker through a batch, one scan at a time.
type PickScreen struct {
	app     *App
	batchID string
	batch   *pick.Batch

	Orders   *widget.Label
	Progress *widget.ProgressBar
	Counts   *widget.Label
	Step     *BigText // GO TO BIN, SCAN ITEM, …
	Big      *BigText // the bin code, tote or count: readable at arm's length
	Item     *BigText
	Detail   *widget.Label
	Panel    *ScanPanel
	Banner   *Banner
	Field    *ScanField
	Short    *widget.Button
	Undo     *widget.Button
	Leave    *widget.Button
	OK       *widget.Button
	Reasons  *fyne.Container // short-pick reasons, shown after Short
	Training *fyne.Container // expected barcodes as buttons, in training mode

	root     *fyne.Container // re-laid out when texts change size
	actions  *fyne.Container // Short, Undo, Leave: hidden while a reason is chosen (one Esc, one meaning)
	choosing bool            // choosing a short reason
}

// ShowPick shows the pick screen for a batch, with an optional greeting.
func (a *App) ShowPick(batchID, greeting string) {
	p := &PickScreen{app: a, batchID: batchID}
	p.Panel = a.NewScanPanel(tr("home.scan_here"), p.submit)
	p.Panel.OnKey = p.key
	p.Panel.OnAcknowledge = p.acknowledged
	p.Banner, p.Field, p.OK = p.Panel.Banner, p.Panel.Field, p.Panel.OK
	fg := theme.Color(theme.ColorNameForeground)
	p.Orders = widget.NewLabel("")
	p.Orders.TextStyle.Bold = true
	p.Progress = widget.NewProgressBar()
	p.Counts = widget.NewLabel("")
	p.Step = newBigText("", fg)
	p.Step.TextSize = 22
	p.Step.TextStyle.Bold = true
	p.Big = newBigText("", fg)
	p.Big.TextSize = 72
	p.Big.TextStyle = fyne.TextStyle{Bold: true}
	p.Item = newBigText("", fg)
	p.Item.TextSize = 30
	p.Item.TextStyle.Bold = true
	p.Detail = widget.NewLabel("")
	p.Short = widget.NewButtonWithIcon(tr("pick.short")+"  [F2]", theme.ContentRemoveIcon(), p.askReason)
	p.Undo = widget.NewButtonWithIcon(tr("pick.undo")+"  [F4]", theme.ContentUndoIcon(), p.undo)
	p.Leave = widget.NewButtonWithIcon(tr("pick.leave")+"  [Esc]", theme.NavigateBackIcon(), p.leave)
	var reasons []fyne.CanvasObject
	for i, r := range pick.ShortReasons {
		r := r
		reasons = append(reasons, widget.NewButton(fmt.Sprintf("%d  %s", i+1, shortReason(r.Key)), func() { p.short(r.Key) }))
	}
	reasons = append(reasons, widget.NewButton(tr("common.cancel")+"  [Esc]", p.cancelReason))
	p.Reasons = fitRow(centreWidth, reasons...)
	p.Reasons.Hide()
	p.Training = container.NewVBox()

	top := container.NewBorder(nil, nil, p.Orders, p.Counts, p.Progress)
	p.actions = fitRow(centreWidth, p.Short, p.Undo, p.Leave)
	centre := container.NewVBox(p.Step, p.Big, p.Item, p.Detail, p.Panel, p.Reasons, p.actions)
	var training fyne.CanvasObject = layoutSpacer()
	if a.opts.Training {
		training = widget.NewCard(tr("training.title"), tr("training.tap"), p.Training)
	}
	p.root = container.NewPadded(container.NewBorder(top, nil, nil, training, centre))
	a.Show(p.root, p.Field)
	a.pick = p

	if !p.reload() {
		return
	}
	if greeting != "" {
		p.Banner.Set(ToneInfo, tr("pick.welcome_back"), greeting+" "+p.instruction())
	}
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// reload reads the batch from the store and renders it.
func (p *PickScreen) reload() bool {
	ctx, cancel := p.app.ctx()
	defer cancel()
	b, err := p.app.store.Batch(ctx, p.batchID)
	if err != nil {
		p.Panel.Refuse("load pick", tr("pick.cannot_open"), err)
		return false
	}
	p.render(b)
	p.Banner.Set(ToneInfo, tr("panel.next"), p.instruction())
	return true
}

func (p *PickScreen) render(b *pick.Batch) {
	p.batch = b
	var orders []string
	for _, o := range b.Orders {
		s := tr("pick.order", "Order", o.Ref)
		if o.Tote != "" {
			s = tr("pick.order_tote", "Order", o.Ref, "Tote", o.Tote)
		}
		if o.Status == core.OrderCancelled {
			s += " (" + tr("pick.cancelled") + ")"
		}
		orders = append(orders, s)
	}
	setLabel(p.Orders, strings.Join(orders, "   "))
	done, total := b.Progress()
	short := 0
	for _, t := range b.Tasks {
		short += t.Short
	}
	counts := tr("pick.counts", "Done", done-short, "Total", total)
	if short > 0 {
		counts += " · " + tr("pick.counts_short", "N", short)
	}
	setLabel(p.Counts, counts)
	if total > 0 {
		setProgress(p.Progress, float64(done)/float64(total))
	}

	step := b.Next()
	var stepText, big, item, detail string
	switch step.Kind {
	case pick.StepTote:
		if step.ToteToAssign {
			stepText = tr("pick.step_take_tote", "Order", step.Order.Ref)
			big = tr("pick.big_tote")
		} else {
			stepText = tr("pick.step_put_in_tote", "Order", step.Order.Ref)
			big = step.Order.Tote
		}
	case pick.StepBin, pick.StepItem:
		t := step.Task
		stepText = tr("pick.step_go_to_bin")
		if step.Kind == pick.StepItem {
			stepText = tr("pick.step_scan_item")
		}
		big = t.BinCode
		item = i18n.Number(t.Remaining()) + " × " + t.Name
		detail = tr("pick.detail", "SKU", t.SKU, "EAN", t.GTIN, "Order", t.OrderRef, "Picked", t.Picked, "Qty", t.Qty)
		if t.CaptureLot || t.CaptureSerial || t.CaptureExpiry {
			detail += " · " + tr("pick.detail_gs1")
		}
	case pick.StepDone:
		stepText = tr("pick.step_complete")
		big = tr("pick.big_done")
		item = tr("pick.take_to_packing")
	}
	setBig(p.Step, stepText)
	setBig(p.Big, big)
	setBig(p.Item, item)
	setLabel(p.Detail, detail)
	p.renderTraining(step)
}

func (p *PickScreen) renderTraining(step pick.Step) {
	if !p.app.opts.Training {
		return
	}
	codes := step.Expect
	if step.Kind == pick.StepTote && step.ToteToAssign {
		codes = []string{pick.ToteCode("T" + step.Order.Ref)} // any empty tote will do
	}
	if step.Kind == pick.StepItem && step.Task != nil && (step.Task.CaptureLot || step.Task.CaptureSerial || step.Task.CaptureExpiry) {
		codes = []string{trainingGS1(step.Task)}
	}
	setCodeButtons(p.Training, codes, p.submit)
}

// trainingGS1 makes a plausible GS1 barcode for a unit that needs lot,
// serial or expiry, so a newcomer can practise without a scanner.
func trainingGS1(t *pick.Task) string {
	code := fmt.Sprintf("(01)%014s", t.GTIN)
	if t.CaptureExpiry {
		code += "(17)301231"
	}
	if t.CaptureLot {
		code += "(10)TRAIN1"
	}
	if t.CaptureSerial {
		code += fmt.Sprintf("(21)TR%d%d", t.ID, t.Picked+1)
	}
	return code
}

// instruction says in words what to do next.
func (p *PickScreen) instruction() string {
	if p.batch == nil {
		return ""
	}
	step := p.batch.Next()
	switch step.Kind {
	case pick.StepTote:
		if step.ToteToAssign {
			return tr("pick.do_take_tote", "Order", step.Order.Ref)
		}
		return tr("pick.do_put_in_tote", "Tote", step.Order.Tote)
	case pick.StepBin:
		return tr("pick.do_go_to_bin", "Bin", step.Task.BinCode)
	case pick.StepItem:
		return tr("pick.do_scan_item", "Item", step.Task.Name)
	}
	return tr("pick.do_all_done")
}

func (p *PickScreen) submit(text string) {
	if p.choosing {
		p.chooseReasonByNumber(strings.TrimSpace(text))
		return
	}
	if strings.TrimSpace(text) == "" {
		return
	}
	code, err := p.app.opts.Parser.Parse(text)
	if err != nil {
		p.fail(err)
		return
	}
	ctx, cancel := p.app.ctx()
	defer cancel()
	res, err := p.app.store.PickScan(ctx, p.batchID, code)
	if err != nil {
		p.fail(err)
		return
	}
	p.succeed(res)
}

func (p *PickScreen) succeed(res sqlite.PickResult) {
	p.render(res.Batch)
	title := tr("common.ok")
	switch res.Effect.Kind {
	case pick.EffectAssignTote:
		title = tr("pick.ok_tote", "Tote", res.Effect.Tote)
	case pick.EffectConfirmBin, pick.EffectNone:
		title = tr("pick.ok_bin")
	case pick.EffectPick:
		title = tr("pick.ok_picked", "N", res.Effect.Qty)
	case pick.EffectPutInTote:
		title = tr("pick.ok_in_tote")
	case pick.EffectShort:
		title = tr("pick.ok_short", "N", res.Effect.Qty)
	case pick.EffectUndo:
		title = tr("pick.ok_undone")
	}
	msg := p.instruction()
	if res.Effect.Kind == pick.EffectUndo && res.Effect.Undone.Kind == "pick" {
		msg = tr("pick.put_back", "N", res.Effect.Qty) + " " + msg
	}
	if len(res.Completed) > 0 {
		msg = tr("pick.order_ready", "Orders", strings.Join(res.Completed, ", ")) + " " + msg
	}
	if len(res.Completed) > 0 {
		p.Panel.Done(title, msg)
	} else {
		p.Panel.Good(title, msg)
	}
	p.Panel.Focus()
}

func (p *PickScreen) fail(err error) {
	p.Panel.Refuse("pick", headline(err), err)
}

// acknowledged shows the step again once a refusal is read.
func (p *PickScreen) acknowledged() {
	if p.batch != nil {
		p.render(p.batch)
	}
	p.Banner.Set(ToneInfo, tr("panel.next"), p.instruction())
}

func (p *PickScreen) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF2:
		p.askReason()
	case fyne.KeyF4:
		p.undo()
	case fyne.KeyEscape:
		switch {
		case p.choosing:
			p.cancelReason()
		default:
			p.leave()
		}
	default:
		return false
	}
	return true
}

func (p *PickScreen) askReason() {
	if p.Panel.Refused() {
		return
	}
	p.choosing = true
	p.Reasons.Show()
	p.actions.Hide()
	p.root.Refresh()
	var opts []string
	for i, r := range pick.ShortReasons {
		opts = append(opts, fmt.Sprintf("%d %s", i+1, shortReason(r.Key)))
	}
	p.Banner.Set(ToneInfo, tr("pick.why_short"), tr("pick.why_short_text", "Reasons", strings.Join(opts, ", ")))
	p.app.win.Canvas().Focus(p.Field)
}

func (p *PickScreen) chooseReasonByNumber(s string) {
	for i, r := range pick.ShortReasons {
		if s == fmt.Sprint(i+1) {
			p.short(r.Key)
			return
		}
	}
	p.Banner.Set(ToneInfo, tr("pick.why_short"), tr("pick.why_short_number"))
}

func (p *PickScreen) cancelReason() {
	p.choosing = false
	p.Reasons.Hide()
	p.actions.Show()
	p.root.Refresh()
	p.Banner.Set(ToneInfo, tr("panel.next"), p.instruction())
	p.app.win.Canvas().Focus(p.Field)
}

func (p *PickScreen) short(reason string) {
	p.choosing = false
	p.Reasons.Hide()
	p.actions.Show()
	p.root.Refresh()
	ctx, cancel := p.app.ctx()
	defer cancel()
	res, err := p.app.store.PickShort(ctx, p.batchID, reason)
	if err != nil {
		p.fail(err)
		return
	}
	p.succeed(res)
}

func (p *PickScreen) undo() {
	p.Panel.Acknowledge()
	ctx, cancel := p.app.ctx()
	defer cancel()
	res, err := p.app.store.PickUndo(ctx, p.batchID)
	if err != nil {
		p.fail(err)
		return
	}
	p.succeed(res)
}

// leave goes back to the queues; an unfinished batch stays the picker's and
// resumes at the next sign-in or from the home screen.
func (p *PickScreen) leave() { p.app.ShowHome() }

// shortReason is a short-pick reason (core/pick's key) in words.
func shortReason(key string) string { return tr("pick.reason." + key) }
