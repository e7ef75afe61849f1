package ui

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

// ReturnScreen inspects one return, one-handed with a scanner: scan an
// item, grade it with one key (1 to 5) or one tap, confirm with Enter; scan
// a bin when it goes back to stock. F3 weighs the parcel, F4 overrides the
// rules' decision, F8 finishes, F9 attaches photos, Esc leaves.
type ReturnScreen struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject
	centre  *fyne.Container // re-laid out when the checklist or panels change
	rma     string
	insp    *returns.Inspection

	Header   *BigText
	Customer *widget.Label
	Lines    *widget.Label // what the customer announced, and what came
	Step     *BigText      // SCAN THE NEXT ITEM, GRADE IT, …
	Big      *BigText      // the item in hand, or the bin
	Detail   *widget.Label // the decision for the grade chosen
	Panel    *ScanPanel
	Banner   *Banner
	OK       *widget.Button
	Field    *ReturnField
	Grades   []*widget.Button // one tap grades: key 1 to 5
	Checks   *fyne.Container  // the category's checklist for the item in hand
	Notes    *widget.Entry
	Photos   *widget.Label
	Confirm  *widget.Button
	Override *widget.Button
	Weigh    *widget.Button
	Undo     *widget.Button // take back the last scan before grading it
	Finish   *widget.Button
	Attach   *widget.Button
	Leave    *widget.Button

	OverridePanel *fyne.Container
	ODisposition  *widget.Select
	ORefund       *widget.Entry // per cent
	OReason       *widget.Entry
	OSupervisor   *widget.Select // only when the refund goes up
	OPIN          *widget.Entry
	OApply        *widget.Button

	ReviewPanel *fyne.Container // a held return: the supervisor decides here
	RSupervisor *widget.Select
	RPIN        *widget.Entry
	RNote       *widget.Entry
	Approve     *widget.Button
	Reject      *widget.Button

	Training *fyne.Container // the expected barcodes as buttons, in training mode

	// What the inspector chose for the item in hand, committed on confirm.
	itemID    int64
	itemSince time.Time
	grade     core.Grade
	lastKey   rune // the grade key just pressed, in case a scanner sent it
	prevGrade core.Grade
	checks    []*widget.Check
	checkIDs  []string // the checks' items as the store names them (the events record these)
	override  *returns.Override
	approval  *sqlite.Approval
	photos    []string

	weighing    bool // the field takes a weight
	finishArmed bool // F8 pressed once with items missing
	supervisors []core.Staff
}

// ReturnField is the inspection screen's scan field: while an item waits
// for its grade, a digit 1 to 5 typed into the empty field grades it at
// once (one key, no Enter).
type ReturnField struct {
	ScanField
	onDigit func(r rune) bool
}

func newReturnField(placeholder string) *ReturnField {
	f := &ReturnField{}
	f.ExtendBaseWidget(f)
	f.SetPlaceHolder(placeholder)
	return f
}

// TypedRune grades on a digit key, else types.
func (f *ReturnField) TypedRune(r rune) {
	if f.Text == "" && f.onDigit != nil && f.onDigit(r) {
		f.input()
		return
	}
	f.ScanField.TypedRune(r)
}

// ShowReturn shows the inspection of a return; replay, when set, is a scan
// to apply at once (the item that found an unexpected return).
func (a *App) ShowReturn(rma, replay string) {
	s := &ReturnScreen{app: a, rma: rma}
	s.ExtendBaseWidget(s)
	fg := theme.Color(theme.ColorNameForeground)
	s.Header = newBigText(tr("return.header", "RMA", rma), fg)
	s.Header.TextSize = 24
	s.Header.TextStyle.Bold = true
	s.Customer = widget.NewLabel("")
	s.Lines = widget.NewLabel("")
	s.Lines.TextStyle.Monospace = true
	s.Step = newBigText("", fg)
	s.Step.TextSize = 22
	s.Step.TextStyle.Bold = true
	s.Big = newBigText("", fg)
	s.Big.TextSize = 40
	s.Big.TextStyle.Bold = true
	s.Detail = widget.NewLabel("")
	s.Detail.Wrapping = fyne.TextWrapWord
	s.Field = newReturnField(tr("home.scan_here"))
	s.Field.onDigit = s.digit
	s.Panel = a.newScanPanelFor(&s.Field.ScanField, s.Field, s.submit)
	s.Panel.OnKey = s.key
	s.Panel.OnAcknowledge = s.acknowledged
	s.Banner, s.OK = s.Panel.Banner, s.Panel.OK
	for _, g := range core.Grades {
		g := g
		s.Grades = append(s.Grades, widget.NewButton(fmt.Sprintf("%d  %s", g, shortGrade(g)), func() { s.setGrade(g, 0) }))
	}
	s.Checks = container.NewVBox()
	s.Notes = widget.NewMultiLineEntry()
	s.Notes.SetPlaceHolder(tr("return.notes"))
	s.Notes.SetMinRowsVisible(2)
	s.Photos = widget.NewLabel("")
	s.Confirm = widget.NewButtonWithIcon(tr("return.confirm")+"  [Enter]", theme.ConfirmIcon(), s.confirm)
	s.Confirm.Importance = widget.HighImportance
	s.Override = widget.NewButtonWithIcon(tr("return.override")+"  [F4]", theme.DocumentCreateIcon(), s.openOverride)
	s.Weigh = widget.NewButtonWithIcon(tr("return.weigh")+"  [F3]", theme.ViewFullScreenIcon(), s.startWeighing)
	s.Undo = widget.NewButtonWithIcon(tr("return.undo")+"  [F2]", theme.ContentUndoIcon(), s.undo)
	s.Finish = widget.NewButtonWithIcon(tr("return.finish")+"  [F8]", theme.MailSendIcon(), func() { s.finish() })
	s.Attach = widget.NewButtonWithIcon(tr("return.photos")+"  [F9]", theme.MediaPhotoIcon(), s.attachPhotos)
	s.Leave = widget.NewButtonWithIcon(tr("pick.leave")+"  [Esc]", theme.NavigateBackIcon(), a.ShowReturns)

	var dispositions []string
	for _, d := range core.Dispositions {
		dispositions = append(dispositions, dispositionWords(d))
	}
	s.ODisposition = widget.NewSelect(dispositions, nil)
	s.ORefund = widget.NewEntry()
	s.ORefund.SetPlaceHolder(tr("return.refund_placeholder"))
	s.OReason = widget.NewEntry()
	s.OReason.SetPlaceHolder(tr("return.why_placeholder"))
	s.OSupervisor = widget.NewSelect(nil, nil)
	s.OSupervisor.PlaceHolder = tr("return.supervisor_if_up")
	s.OPIN = widget.NewPasswordEntry()
	s.OPIN.SetPlaceHolder(tr("return.supervisor_pin"))
	s.OApply = widget.NewButtonWithIcon(tr("return.use_decision"), theme.ConfirmIcon(), s.applyOverride)
	cancel := widget.NewButton(tr("common.cancel"), s.closeOverride)
	s.OverridePanel = container.NewVBox(widget.NewLabel(tr("return.override_title")), s.ODisposition, s.ORefund, s.OReason,
		container.NewGridWithColumns(2, s.OSupervisor, s.OPIN), container.NewGridWithColumns(2, s.OApply, cancel))
	s.OverridePanel.Hide()

	s.RSupervisor = widget.NewSelect(nil, nil)
	s.RSupervisor.PlaceHolder = tr("return.supervisor")
	s.RPIN = widget.NewPasswordEntry()
	s.RPIN.SetPlaceHolder(tr("return.pin"))
	s.RNote = widget.NewEntry()
	s.RNote.SetPlaceHolder(tr("return.note_to_refuse"))
	s.Approve = widget.NewButtonWithIcon(tr("return.approve"), theme.ConfirmIcon(), func() { s.review(true) })
	s.Approve.Importance = widget.HighImportance
	s.Reject = widget.NewButtonWithIcon(tr("return.refuse"), theme.CancelIcon(), func() { s.review(false) })
	s.Reject.Importance = widget.DangerImportance
	s.ReviewPanel = container.NewVBox(widget.NewLabel(tr("return.review")), container.NewGridWithColumns(2, s.RSupervisor, s.RPIN),
		s.RNote, container.NewGridWithColumns(2, s.Approve, s.Reject))
	s.ReviewPanel.Hide()
	s.Training = container.NewVBox()
	s.loadSupervisors()

	grades := container.NewAdaptiveGrid(len(s.Grades))
	for _, b := range s.Grades {
		grades.Add(b)
	}
	top := container.NewVBox(s.Header, s.Customer, widget.NewCard("", tr("return.announced"), s.Lines))
	s.centre = container.NewVBox(s.Step, s.Big, s.Detail, s.Panel, grades, s.Checks, s.Notes, s.Photos,
		fitRow(centreWidth, s.Confirm, s.Override, s.Attach),
		fitRow(centreWidth, s.Undo, s.Weigh, s.Finish, s.Leave), s.OverridePanel, s.ReviewPanel)
	var training fyne.CanvasObject = layoutSpacer()
	if a.opts.Training {
		training = widget.NewCard(tr("training.title"), tr("training.tap"), s.Training)
	}
	s.content = container.NewPadded(container.NewBorder(top, nil, nil, container.NewVScroll(training), container.NewVScroll(s.centre)))
	a.Show(s, s.Field)

	if !s.reload() {
		return
	}
	s.say(ToneInfo, tr("panel.next"), s.instruction())
	if replay != "" {
		s.submit(replay)
	}
}

// say sets the banner and lays the screen out again: a wrapped banner
// text grows once it knows its width.
func (s *ReturnScreen) say(tone Tone, title, text string) {
	switch tone {
	case ToneGood:
		s.Panel.Good(title, text)
	case ToneWarn:
		s.Panel.Warn(title, text)
	case ToneBad:
		s.Panel.RefuseText(title, text)
	default:
		s.Panel.Say(title, text)
	}
	s.centre.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (s *ReturnScreen) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}

func (s *ReturnScreen) loadSupervisors() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	staff, err := s.app.store.StaffList(ctx)
	if err != nil {
		logErr("staff list", err)
		return
	}
	var names []string
	for _, st := range staff {
		if st.Can(core.RoleSupervisor) {
			s.supervisors = append(s.supervisors, st)
			names = append(names, st.Name)
		}
	}
	s.OSupervisor.Options, s.RSupervisor.Options = names, names
}

func (s *ReturnScreen) supervisorID(name string) int64 {
	for _, st := range s.supervisors {
		if st.Name == name {
			return st.ID
		}
	}
	return 0
}

// reload reads the return from the store and renders it.
func (s *ReturnScreen) reload() bool {
	ctx, cancel := s.app.ctx()
	defer cancel()
	in, err := s.app.store.Inspection(ctx, s.rma)
	if err != nil {
		s.Panel.Refuse("load return", tr("return.cannot_open"), err)
		return false
	}
	s.render(in)
	return true
}

func (s *ReturnScreen) render(in *returns.Inspection) {
	s.insp = in
	now := time.Now()
	header := tr("return.header_order", "RMA", in.RMA, "Order", in.OrderRef)
	if in.Unexpected {
		header += " · " + tr("return.unexpected_tag")
	}
	s.Header.Text = header
	s.Header.Refresh()
	cust := in.Customer.Name
	if !in.DeliveredAt.IsZero() {
		cust += " · " + tr("return.delivered_days", "N", in.DaysSinceDelivery(now))
	}
	if in.CustomerReturns > 1 {
		cust += " · " + tr("return.returns_lately", "N", in.CustomerReturns)
	}
	if in.ReceivedWeightG > 0 {
		cust += " · " + tr("return.parcel_weight", "Weight", i18n.Weight(in.ReceivedWeightG))
	}
	s.Customer.SetText(cust)
	var lines []string
	for i := range in.Lines {
		l := &in.Lines[i]
		row := fmt.Sprintf("%d/%d  %-10s %s — %s", in.Received(l.ID), l.Qty, l.SKU, l.Name, returnReasonWords(l.Reason))
		if l.Comment != "" {
			row += fmt.Sprintf(" (“%s”)", l.Comment)
		}
		lines = append(lines, row)
	}
	for _, it := range in.Items {
		if it.Flag != "" {
			lines = append(lines, tr("return.flagged")+"  "+flagLine(it.Flag, it.FlagText, it.FlagDetail))
		}
	}
	s.Lines.SetText(strings.Join(lines, "\n"))

	step := in.Next()
	if step.Kind != returns.StepGrade || step.Item.ID != s.itemID {
		s.newItem(step)
	}
	grading := step.Kind == returns.StepGrade
	for _, b := range s.Grades {
		setEnabled(b, grading)
	}
	setEnabled(s.Confirm, grading && s.grade.Valid())
	setEnabled(s.Override, grading && s.grade.Valid())
	setEnabled(s.Attach, grading)
	setEnabled(s.Undo, grading)
	setEnabled(s.Finish, step.Kind == returns.StepItem || step.Kind == returns.StepFinish)
	setEnabled(s.Weigh, step.Kind != returns.StepHeld && step.Kind != returns.StepDone)
	showIf(s.Notes, grading)
	showIf(s.Checks, grading)
	showIf(s.ReviewPanel, step.Kind == returns.StepHeld)

	s.Detail.Text = ""
	switch step.Kind {
	case returns.StepItem:
		s.Step.Text = tr("return.step_next_item")
		s.Big.Text = tr("return.to_come", "N", step.Missing)
		if len(in.Lines) == 0 {
			s.Big.Text = tr("return.scan_an_item")
		}
	case returns.StepGrade:
		it := step.Item
		s.Step.Text = tr("return.step_grade")
		if it.Flag != "" {
			s.Step.Text = tr("return.step_grade_flagged", "Flag", strings.ToUpper(flagWords(it.Flag)))
		}
		s.Big.Text = itemName(it)
		s.Detail.Text = s.decisionText(it)
	case returns.StepRestock:
		s.Step.Text = tr("return.step_restock")
		s.Big.Text = step.Item.HomeBin
		if s.Big.Text == "" {
			s.Big.Text = tr("return.any_bin")
		}
		s.Detail.Text = tr("return.back_to_stock", "Item", itemName(step.Item))
	case returns.StepFinish:
		s.Step.Text = tr("return.step_all_inspected")
		s.Big.Text = tr("return.press_enter_finish")
	case returns.StepHeld:
		s.Step.Text = tr("return.step_held")
		s.Big.Text = tr("return.no_refund_yet")
		var flags []string
		for _, f := range in.Flags {
			flags = append(flags, heldFlagLine(f))
		}
		s.Detail.Text = strings.Join(flags, "\n")
	case returns.StepDone:
		s.Step.Text = tr("headline.return_finished")
		s.Big.Text = tr("pick.big_done")
		if in.Refund != nil {
			s.Big.Text = refundTitle(in.Refund.Kind)
			s.Detail.Text = strings.Join(refundReasons(in.Refund), "\n")
		}
	}
	s.Step.Refresh()
	s.Big.Refresh()
	s.Detail.Refresh()
	s.renderTraining(step)
	s.centre.Refresh()
}

// newItem forgets what was chosen for the previous item and sets up the
// checklist for the one now in hand.
func (s *ReturnScreen) newItem(step returns.Step) {
	s.grade, s.prevGrade, s.lastKey = core.GradeNone, core.GradeNone, 0
	s.override, s.approval, s.photos = nil, nil, nil
	s.itemID, s.checks, s.checkIDs = 0, nil, nil
	s.Notes.SetText("")
	s.Photos.SetText("")
	s.closeOverride()
	s.Checks.Objects = nil
	if step.Kind == returns.StepGrade {
		s.itemID, s.itemSince = step.Item.ID, time.Now()
		for _, item := range s.insp.Checklist(step.Item.Category) {
			c := widget.NewCheck(checkWords(item), nil)
			s.checks = append(s.checks, c)
			s.checkIDs = append(s.checkIDs, item)
			s.Checks.Objects = append(s.Checks.Objects, c)
		}
	}
	s.Checks.Refresh()
}

// decisionText says what confirming would decide for the item.
func (s *ReturnScreen) decisionText(it *returns.Item) string {
	if !s.grade.Valid() {
		var keys []string
		for _, g := range core.Grades {
			keys = append(keys, fmt.Sprintf("%d %s", g, gradeWords(g)))
		}
		return tr("return.press_grade", "Grades", strings.Join(keys, " · "))
	}
	rule, final := s.insp.Propose(it, s.grade, time.Now())
	text := tr("return.decision", "N", int(s.grade), "Grade", gradeWords(s.grade), "Decision", decisionWords(final))
	if o := s.override; o != nil {
		text = tr("return.decision_override", "N", int(s.grade), "Grade", gradeWords(s.grade), "Disposition", dispositionWords(o.Disposition),
			"Refund", refundWords(o.RefundPct), "Reason", o.Reason, "Rule", decisionWords(rule))
	}
	return text + ". " + tr("return.enter_confirms")
}

// instruction says in words what to do next.
func (s *ReturnScreen) instruction() string {
	if s.insp == nil {
		return ""
	}
	step := s.insp.Next()
	switch step.Kind {
	case returns.StepItem:
		return tr("return.do_next_item")
	case returns.StepGrade:
		if s.grade.Valid() {
			return tr("return.do_confirm", "Item", itemName(step.Item), "Grade", gradeWords(s.grade))
		}
		return tr("return.do_grade", "Item", itemName(step.Item))
	case returns.StepRestock:
		bin := step.Item.HomeBin
		if bin == "" {
			return tr("return.do_any_bin")
		}
		return tr("return.do_bin", "Bin", bin)
	case returns.StepFinish:
		return tr("return.do_finish")
	case returns.StepHeld:
		return tr("return.do_held")
	}
	return tr("return.do_done")
}

func (s *ReturnScreen) renderTraining(step returns.Step) {
	if !s.app.opts.Training {
		return
	}
	var codes []string
	switch step.Kind {
	case returns.StepItem, returns.StepFinish:
		used := map[string]bool{}
		for _, it := range s.insp.Items {
			used[it.Serial] = true
		}
		for i := range s.insp.Lines {
			l := &s.insp.Lines[i]
			if s.insp.Remaining(l) == 0 || l.GTIN == "" {
				continue
			}
			codes = append(codes, trainingUnit(l, used))
		}
	case returns.StepRestock:
		if step.Item.HomeBin != "" {
			codes = append(codes, "BIN-"+step.Item.HomeBin)
		}
	}
	setCodeButtons(s.Training, codes, s.submit)
}

// trainingUnit is the barcode of the next unit of a line as shipped: a
// serial not yet received and a shipped lot where the product tracks them.
func trainingUnit(l *returns.Line, used map[string]bool) string {
	if !l.CaptureSerial && !l.CaptureLot {
		return l.GTIN
	}
	code := fmt.Sprintf("(01)%014s", l.GTIN)
	if l.CaptureLot {
		lots := slices.Sorted(maps.Keys(l.Lots))
		lot := "TRAIN1"
		if len(lots) > 0 {
			lot = lots[0]
		}
		code += "(10)" + lot
	}
	if l.CaptureSerial {
		serial := ""
		for _, x := range slices.Sorted(maps.Keys(l.Serials)) {
			if !used[x] {
				serial = x
				break
			}
		}
		if serial == "" {
			serial = fmt.Sprintf("TR%d", len(used)+1)
		}
		code += "(21)" + serial
	}
	return code
}

func itemName(it *returns.Item) string {
	name := it.Name
	if name == "" {
		name = tr("return.unknown_item", "GTIN", it.GTIN)
	}
	if it.Serial != "" {
		name += " · " + tr("return.serial", "Serial", it.Serial)
	}
	return name
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func showIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// shortGrade is a grade's word on its button, short enough for five in a
// row on a small monitor; the decision line says it in full.
func shortGrade(g core.Grade) string {
	return tr("grade_short." + strconv.Itoa(int(g)))
}
