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
	p.Panel = a.NewScanPanel("Scan here", p.submit)
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
	p.Short = widget.NewButtonWithIcon("Short pick  [F2]", theme.ContentRemoveIcon(), p.askReason)
	p.Undo = widget.NewButtonWithIcon("Undo last  [F4]", theme.ContentUndoIcon(), p.undo)
	p.Leave = widget.NewButtonWithIcon("Leave  [Esc]", theme.NavigateBackIcon(), p.leave)
	var reasons []fyne.CanvasObject
	for i, r := range pick.ShortReasons {
		r := r
		reasons = append(reasons, widget.NewButton(fmt.Sprintf("%d  %s", i+1, r.Label), func() { p.short(r.Key) }))
	}
	reasons = append(reasons, widget.NewButton("Cancel  [Esc]", p.cancelReason))
	p.Reasons = container.NewGridWithColumns(len(reasons), reasons...)
	p.Reasons.Hide()
	p.Training = container.NewVBox()

	top := container.NewBorder(nil, nil, p.Orders, p.Counts, p.Progress)
	p.actions = container.NewGridWithColumns(3, p.Short, p.Undo, p.Leave)
	centre := container.NewVBox(p.Step, p.Big, p.Item, p.Detail, p.Panel, p.Reasons, p.actions)
	var training fyne.CanvasObject = layoutSpacer()
	if a.opts.Training {
		training = widget.NewCard("Training", "Tap the barcode you would scan", p.Training)
	}
	p.root = container.NewPadded(container.NewBorder(top, nil, nil, training, centre))
	a.Show(p.root, p.Field)
	a.pick = p

	if !p.reload() {
		return
	}
	if greeting != "" {
		p.Banner.Set(ToneInfo, "WELCOME BACK", greeting+" "+p.instruction())
	}
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// reload reads the batch from the store and renders it.
func (p *PickScreen) reload() bool {
	ctx, cancel := p.app.ctx()
	defer cancel()
	b, err := p.app.store.Batch(ctx, p.batchID)
	if err != nil {
		p.Panel.Refuse("load pick", "CANNOT OPEN PICK", err)
		return false
	}
	p.render(b)
	p.Banner.Set(ToneInfo, "NEXT", p.instruction())
	return true
}

func (p *PickScreen) render(b *pick.Batch) {
	p.batch = b
	var orders []string
	for _, o := range b.Orders {
		s := "Order " + o.Ref
		if o.Tote != "" {
			s += " → tote " + o.Tote
		}
		if o.Status == core.OrderCancelled {
			s += " (CANCELLED)"
		}
		orders = append(orders, s)
	}
	p.Orders.SetText(strings.Join(orders, "   "))
	done, total := b.Progress()
	short := 0
	for _, t := range b.Tasks {
		short += t.Short
	}
	counts := fmt.Sprintf("%d of %d units picked", done-short, total)
	if short > 0 {
		counts += fmt.Sprintf(" · %d short", short)
	}
	p.Counts.SetText(counts)
	if total > 0 {
		p.Progress.SetValue(float64(done) / float64(total))
	}

	step := b.Next()
	p.Item.Text, p.Detail.Text = "", ""
	switch step.Kind {
	case pick.StepTote:
		if step.ToteToAssign {
			p.Step.Text = "TAKE AN EMPTY TOTE FOR ORDER " + step.Order.Ref
			p.Big.Text = "TOTE?"
		} else {
			p.Step.Text = "PUT IT IN THE TOTE OF ORDER " + step.Order.Ref
			p.Big.Text = step.Order.Tote
		}
	case pick.StepBin, pick.StepItem:
		t := step.Task
		p.Step.Text = "GO TO BIN"
		if step.Kind == pick.StepItem {
			p.Step.Text = "SCAN THE ITEM IN BIN"
		}
		p.Big.Text = t.BinCode
		p.Item.Text = fmt.Sprintf("%d × %s", t.Remaining(), t.Name)
		detail := fmt.Sprintf("SKU %s · EAN %s · order %s · picked %d of %d", t.SKU, t.GTIN, t.OrderRef, t.Picked, t.Qty)
		if t.CaptureLot || t.CaptureSerial || t.CaptureExpiry {
			detail += " · scan the GS1 code (lot/serial/expiry)"
		}
		p.Detail.Text = detail
	case pick.StepDone:
		p.Step.Text = "PICK COMPLETE"
		p.Big.Text = "DONE"
		p.Item.Text = "Take the totes to packing."
	}
	p.renderTraining(step)
	p.root.Refresh()
}

func (p *PickScreen) renderTraining(step pick.Step) {
	if !p.app.opts.Training {
		return
	}
	var buttons []fyne.CanvasObject
	codes := step.Expect
	if step.Kind == pick.StepTote && step.ToteToAssign {
		codes = []string{pick.ToteCode("T" + step.Order.Ref)} // any empty tote will do
	}
	if step.Kind == pick.StepItem && step.Task != nil && (step.Task.CaptureLot || step.Task.CaptureSerial || step.Task.CaptureExpiry) {
		codes = []string{trainingGS1(step.Task)}
	}
	for _, c := range codes {
		c := c
		buttons = append(buttons, widget.NewButton(c, func() { p.submit(c) }))
	}
	p.Training.Objects = buttons
	p.Training.Refresh()
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
			return fmt.Sprintf("Take an empty tote for order %s and scan it.", step.Order.Ref)
		}
		return fmt.Sprintf("Put the item in tote %s and scan the tote.", step.Order.Tote)
	case pick.StepBin:
		return fmt.Sprintf("Go to bin %s and scan the bin label.", step.Task.BinCode)
	case pick.StepItem:
		return fmt.Sprintf("Scan %s. Scan each unit, or scan one and type how many.", step.Task.Name)
	}
	return "All done. Press Esc to go back to the queues."
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
	title := "OK"
	switch res.Effect.Kind {
	case pick.EffectAssignTote:
		title = "TOTE " + res.Effect.Tote
	case pick.EffectConfirmBin, pick.EffectNone:
		title = "BIN OK"
	case pick.EffectPick:
		title = fmt.Sprintf("PICKED +%d", res.Effect.Qty)
	case pick.EffectPutInTote:
		title = "IN TOTE"
	case pick.EffectShort:
		title = fmt.Sprintf("SHORT %d", res.Effect.Qty)
	case pick.EffectUndo:
		title = "UNDONE"
	}
	msg := p.instruction()
	if res.Effect.Kind == pick.EffectUndo && res.Effect.Undone.Kind == "pick" {
		msg = fmt.Sprintf("Put %d back in the bin. ", res.Effect.Qty) + msg
	}
	if len(res.Completed) > 0 {
		msg = fmt.Sprintf("Order %s is picked and ready. ", strings.Join(res.Completed, ", ")) + msg
	}
	if len(res.Completed) > 0 {
		p.Panel.Done(title, msg)
	} else {
		p.Panel.Good(title, msg)
	}
	p.root.Refresh()
	p.Panel.Focus()
}

func (p *PickScreen) fail(err error) {
	p.Panel.Refuse("pick", headline(err), err)
	p.root.Refresh()
}

// acknowledged shows the step again once a refusal is read.
func (p *PickScreen) acknowledged() {
	if p.batch != nil {
		p.render(p.batch)
	}
	p.Banner.Set(ToneInfo, "NEXT", p.instruction())
	p.root.Refresh()
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
		opts = append(opts, fmt.Sprintf("%d %s", i+1, r.Label))
	}
	p.Banner.Set(ToneInfo, "WHY SHORT?", "Type the number and press Enter, or tap a reason: "+strings.Join(opts, ", ")+".")
	p.app.win.Canvas().Focus(p.Field)
}

func (p *PickScreen) chooseReasonByNumber(s string) {
	for i, r := range pick.ShortReasons {
		if s == fmt.Sprint(i+1) {
			p.short(r.Key)
			return
		}
	}
	p.Banner.Set(ToneInfo, "WHY SHORT?", "Type 1, 2 or 3 and press Enter, or Esc to cancel.")
}

func (p *PickScreen) cancelReason() {
	p.choosing = false
	p.Reasons.Hide()
	p.actions.Show()
	p.root.Refresh()
	p.Banner.Set(ToneInfo, "NEXT", p.instruction())
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
