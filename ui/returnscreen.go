package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/core/sqlite"
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
	s.Header = newBigText("RETURN "+rma, fg)
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
	s.Field = newReturnField("Scan here")
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
	s.Notes.SetPlaceHolder("Notes (optional)")
	s.Notes.SetMinRowsVisible(2)
	s.Photos = widget.NewLabel("")
	s.Confirm = widget.NewButtonWithIcon("Confirm  [Enter]", theme.ConfirmIcon(), s.confirm)
	s.Confirm.Importance = widget.HighImportance
	s.Override = widget.NewButtonWithIcon("Override  [F4]", theme.DocumentCreateIcon(), s.openOverride)
	s.Weigh = widget.NewButtonWithIcon("Weigh  [F3]", theme.ViewFullScreenIcon(), s.startWeighing)
	s.Undo = widget.NewButtonWithIcon("Undo  [F2]", theme.ContentUndoIcon(), s.undo)
	s.Finish = widget.NewButtonWithIcon("Finish  [F8]", theme.MailSendIcon(), func() { s.finish() })
	s.Attach = widget.NewButtonWithIcon("Photos  [F9]", theme.MediaPhotoIcon(), s.attachPhotos)
	s.Leave = widget.NewButtonWithIcon("Leave  [Esc]", theme.NavigateBackIcon(), a.ShowReturns)

	var dispositions []string
	for _, d := range core.Dispositions {
		dispositions = append(dispositions, d.Label())
	}
	s.ODisposition = widget.NewSelect(dispositions, nil)
	s.ORefund = widget.NewEntry()
	s.ORefund.SetPlaceHolder("Refund %: 0 to 100")
	s.OReason = widget.NewEntry()
	s.OReason.SetPlaceHolder("Why (required)")
	s.OSupervisor = widget.NewSelect(nil, nil)
	s.OSupervisor.PlaceHolder = "Supervisor (if the refund goes up)"
	s.OPIN = widget.NewPasswordEntry()
	s.OPIN.SetPlaceHolder("Supervisor PIN")
	s.OApply = widget.NewButtonWithIcon("Use this decision", theme.ConfirmIcon(), s.applyOverride)
	cancel := widget.NewButton("Cancel", s.closeOverride)
	s.OverridePanel = container.NewVBox(widget.NewLabel("Override the rules' decision"), s.ODisposition, s.ORefund, s.OReason,
		container.NewGridWithColumns(2, s.OSupervisor, s.OPIN), container.NewGridWithColumns(2, s.OApply, cancel))
	s.OverridePanel.Hide()

	s.RSupervisor = widget.NewSelect(nil, nil)
	s.RSupervisor.PlaceHolder = "Supervisor"
	s.RPIN = widget.NewPasswordEntry()
	s.RPIN.SetPlaceHolder("PIN")
	s.RNote = widget.NewEntry()
	s.RNote.SetPlaceHolder("Note (required to refuse)")
	s.Approve = widget.NewButtonWithIcon("Approve the refund", theme.ConfirmIcon(), func() { s.review(true) })
	s.Approve.Importance = widget.HighImportance
	s.Reject = widget.NewButtonWithIcon("Refuse the refund", theme.CancelIcon(), func() { s.review(false) })
	s.Reject.Importance = widget.DangerImportance
	s.ReviewPanel = container.NewVBox(widget.NewLabel("Supervisor review"), container.NewGridWithColumns(2, s.RSupervisor, s.RPIN),
		s.RNote, container.NewGridWithColumns(2, s.Approve, s.Reject))
	s.ReviewPanel.Hide()
	s.Training = container.NewVBox()
	s.loadSupervisors()

	grades := container.NewAdaptiveGrid(len(s.Grades))
	for _, b := range s.Grades {
		grades.Add(b)
	}
	top := container.NewVBox(s.Header, s.Customer, widget.NewCard("", "Announced by the customer", s.Lines))
	s.centre = container.NewVBox(s.Step, s.Big, s.Detail, s.Panel, grades, s.Checks, s.Notes, s.Photos,
		container.NewGridWithColumns(3, s.Confirm, s.Override, s.Attach),
		container.NewGridWithColumns(4, s.Undo, s.Weigh, s.Finish, s.Leave), s.OverridePanel, s.ReviewPanel)
	var training fyne.CanvasObject = layoutSpacer()
	if a.opts.Training {
		training = widget.NewCard("Training", "Tap the barcode you would scan", s.Training)
	}
	s.content = container.NewPadded(container.NewBorder(top, nil, nil, container.NewVScroll(training), container.NewVScroll(s.centre)))
	a.Show(s, s.Field)

	if !s.reload() {
		return
	}
	s.say(ToneInfo, "NEXT", s.instruction())
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
		s.Panel.Refuse("load return", "CANNOT OPEN RETURN", err)
		return false
	}
	s.render(in)
	return true
}

func (s *ReturnScreen) render(in *returns.Inspection) {
	s.insp = in
	now := time.Now()
	header := fmt.Sprintf("RETURN %s · ORDER %s", in.RMA, in.OrderRef)
	if in.Unexpected {
		header += " · UNEXPECTED"
	}
	s.Header.Text = header
	s.Header.Refresh()
	cust := in.Customer.Name
	if !in.DeliveredAt.IsZero() {
		cust += fmt.Sprintf(" · delivered %d days ago", in.DaysSinceDelivery(now))
	}
	if in.CustomerReturns > 1 {
		cust += fmt.Sprintf(" · %d returns lately", in.CustomerReturns)
	}
	if in.ReceivedWeightG > 0 {
		cust += " · parcel " + returns.FormatGrams(in.ReceivedWeightG)
	}
	s.Customer.SetText(cust)
	var lines []string
	for i := range in.Lines {
		l := &in.Lines[i]
		row := fmt.Sprintf("%d/%d  %-10s %s — %s", in.Received(l.ID), l.Qty, l.SKU, l.Name, strings.ReplaceAll(l.Reason, "_", " "))
		if l.Comment != "" {
			row += fmt.Sprintf(" (“%s”)", l.Comment)
		}
		lines = append(lines, row)
	}
	for _, it := range in.Items {
		if it.Flag != "" {
			lines = append(lines, fmt.Sprintf("FLAGGED  %s: %s", it.Flag.Label(), it.FlagDetail))
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
		s.Step.Text = "SCAN THE NEXT ITEM FROM THE PARCEL"
		s.Big.Text = fmt.Sprintf("%d TO COME", step.Missing)
		if len(in.Lines) == 0 {
			s.Big.Text = "SCAN AN ITEM"
		}
	case returns.StepGrade:
		it := step.Item
		s.Step.Text = "GRADE IT: PRESS 1 TO 5, THEN ENTER"
		if it.Flag != "" {
			s.Step.Text = "FLAGGED: " + strings.ToUpper(it.Flag.Label()) + " — GRADE IT ANYWAY"
		}
		s.Big.Text = itemName(it)
		s.Detail.Text = s.decisionText(it)
	case returns.StepRestock:
		s.Step.Text = "PUT IT IN A BIN AND SCAN THE BIN"
		s.Big.Text = step.Item.HomeBin
		if s.Big.Text == "" {
			s.Big.Text = "ANY BIN"
		}
		s.Detail.Text = itemName(step.Item) + " goes back to stock."
	case returns.StepFinish:
		s.Step.Text = "EVERYTHING ANNOUNCED IS INSPECTED"
		s.Big.Text = "PRESS ENTER TO FINISH"
	case returns.StepHeld:
		s.Step.Text = "HELD FOR A SUPERVISOR"
		s.Big.Text = "NO REFUND YET"
		var flags []string
		for _, f := range in.Flags {
			flags = append(flags, f.Flag.Label()+": "+f.Detail)
		}
		s.Detail.Text = strings.Join(flags, "\n")
	case returns.StepDone:
		s.Step.Text = "RETURN FINISHED"
		s.Big.Text = "DONE"
		if in.Refund != nil {
			s.Big.Text = refundTitle(in.Refund.Kind)
			s.Detail.Text = strings.Join(in.Refund.Reasons, "\n")
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
	s.itemID, s.checks = 0, nil
	s.Notes.SetText("")
	s.Photos.SetText("")
	s.closeOverride()
	s.Checks.Objects = nil
	if step.Kind == returns.StepGrade {
		s.itemID, s.itemSince = step.Item.ID, time.Now()
		for _, item := range s.insp.Checklist(step.Item.Category) {
			c := widget.NewCheck(item, nil)
			s.checks = append(s.checks, c)
			s.Checks.Objects = append(s.Checks.Objects, c)
		}
	}
	s.Checks.Refresh()
}

// decisionText says what confirming would decide for the item.
func (s *ReturnScreen) decisionText(it *returns.Item) string {
	if !s.grade.Valid() {
		return "Press 1 New, sealed · 2 Opened, like new · 3 Used · 4 Damaged · 5 Missing parts."
	}
	rule, final := s.insp.Propose(it, s.grade, time.Now())
	text := fmt.Sprintf("Grade %d %s → %s", s.grade, s.grade, decisionWords(final))
	if o := s.override; o != nil {
		text = fmt.Sprintf("Grade %d %s → OVERRIDE: %s, %s — %s (the rules say %s)", s.grade, s.grade, o.Disposition.Label(),
			refundWords(o.RefundPct), o.Reason, decisionWords(rule))
	}
	return text + ". Enter confirms."
}

// instruction says in words what to do next.
func (s *ReturnScreen) instruction() string {
	if s.insp == nil {
		return ""
	}
	step := s.insp.Next()
	switch step.Kind {
	case returns.StepItem:
		return "Take the next item out of the parcel and scan it (the GS1 code with the serial where there is one). F8 finishes if nothing else is in the parcel."
	case returns.StepGrade:
		if s.grade.Valid() {
			return fmt.Sprintf("%s: %s. Tick the checks, add notes or photos if needed, then press Enter to confirm.", itemName(step.Item), s.grade)
		}
		return fmt.Sprintf("Grade %s: press 1 to 5 (or tap), then Enter.", itemName(step.Item))
	case returns.StepRestock:
		bin := step.Item.HomeBin
		if bin == "" {
			return "Put it in a bin and scan the bin."
		}
		return fmt.Sprintf("Put it in bin %s (or any bin) and scan the bin.", bin)
	case returns.StepFinish:
		return "Everything announced is inspected. Press Enter to finish, or scan anything else found in the parcel."
	case returns.StepHeld:
		return "Fraud signals: a supervisor must approve or refuse the refund below, with their PIN."
	}
	return "This return is finished. Press Esc to go back to the returns desk."
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
	var buttons []fyne.CanvasObject
	for _, c := range codes {
		c := c
		buttons = append(buttons, widget.NewButton(c, func() { s.submit(c) }))
	}
	s.Training.Objects = buttons
	s.Training.Refresh()
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
		name = "Unknown item " + it.GTIN
	}
	if it.Serial != "" {
		name += " · serial " + it.Serial
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
	switch g {
	case core.GradeNewSealed:
		return "Sealed"
	case core.GradeLikeNew:
		return "Like new"
	case core.GradeMissingParts:
		return "Parts missing"
	}
	return g.String()
}
