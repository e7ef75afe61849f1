package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// digit grades the item in hand when a key 1 to 5 is pressed on the empty
// field. It remembers the key: when more characters follow (a scanner,
// not a person), submit puts it back in front of them.
func (s *ReturnScreen) digit(r rune) bool {
	if s.Panel.Refused() || s.weighing || s.insp == nil || s.insp.Next().Kind != returns.StepGrade || r < '1' || r > '5' {
		return false
	}
	prev := s.grade
	s.setGrade(core.Grade(r-'0'), r)
	s.prevGrade = prev
	return true
}

// setGrade chooses the grade of the item in hand (key is the key pressed,
// 0 for a tap) and shows what confirming will decide.
func (s *ReturnScreen) setGrade(g core.Grade, key rune) {
	if s.insp == nil || s.insp.Next().Kind != returns.StepGrade || s.Panel.Refused() {
		return
	}
	s.grade, s.lastKey = g, key
	s.render(s.insp)
	s.say(ToneInfo, fmt.Sprintf("GRADE %d: %s", g, strings.ToUpper(g.String())), s.instruction())
	s.app.win.Canvas().Focus(s.Field)
}

func (s *ReturnScreen) submit(text string) {
	key := s.lastKey
	s.lastKey = 0
	if s.weighing {
		s.weigh(text)
		return
	}
	text = strings.TrimSpace(text)
	if text == "" {
		s.enter()
		return
	}
	if key != 0 {
		// The grade key was the first character of a scan: undo the grade
		// and read the whole scan.
		text = string(key) + text
		s.grade = s.prevGrade
		s.render(s.insp)
	}
	code, err := s.app.opts.Parser.Parse(text)
	if err != nil {
		s.fail(err)
		return
	}
	if code.Kind == scan.KindQuantity && s.insp.Next().Kind == returns.StepGrade && code.Quantity >= 1 && code.Quantity <= 5 {
		s.setGrade(core.Grade(code.Quantity), 0)
		return
	}
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := s.app.store.InspectScan(ctx, s.rma, s.app.user.ID, code)
	if err != nil {
		s.fail(err)
		return
	}
	s.succeed(res)
}

// enter is Enter on the empty field: confirm the graded item, or finish.
func (s *ReturnScreen) enter() {
	switch s.insp.Next().Kind {
	case returns.StepGrade:
		s.confirm()
	case returns.StepFinish:
		s.finish()
	}
}

func (s *ReturnScreen) confirm() {
	if s.insp == nil || s.insp.Next().Kind != returns.StepGrade {
		return
	}
	c := returns.Confirmation{Grade: s.grade, Notes: s.Notes.Text, Photos: s.photos, Override: s.override}
	for _, ch := range s.checks {
		c.Checklist = append(c.Checklist, returns.Check{Item: ch.Text, OK: ch.Checked})
	}
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := s.app.store.InspectConfirm(ctx, s.rma, s.app.user.ID, c, s.approval)
	if err != nil {
		s.fail(err)
		return
	}
	s.succeed(res)
}

func (s *ReturnScreen) finish() {
	if s.insp == nil {
		return
	}
	force := s.finishArmed
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := s.app.store.FinishReturn(ctx, s.rma, s.app.user.ID, force)
	if core.ErrorReason(err) == core.ErrItemsMissing.Reason && !force {
		s.finishArmed = true
		// Not a refusal: a question, answered by F8 again.
		s.say(ToneWarn, "ITEMS MISSING", core.ErrorMessage(err)+" Press F8 again to finish without them.")
		return
	}
	s.finishArmed = false
	if err != nil {
		s.fail(err)
		return
	}
	s.succeed(res)
}

// undo takes back the last scan while its item waits for a grade.
func (s *ReturnScreen) undo() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := s.app.store.UndoReturnScan(ctx, s.rma, s.app.user.ID)
	if err != nil {
		s.fail(err)
		return
	}
	s.succeed(res)
}

func (s *ReturnScreen) startWeighing() {
	if s.Panel.Refused() {
		return
	}
	s.weighing = true
	s.say(ToneInfo, "WEIGH THE PARCEL", weighText)
	s.app.win.Canvas().Focus(s.Field)
}

func (s *ReturnScreen) weigh(text string) {
	grams, ok := parseGrams(text)
	if !ok {
		s.say(ToneBad, "NOT A WEIGHT", fmt.Sprintf("%q is not a weight. Type it like 850 g or 1.2 kg, or Esc to cancel.", text))
		return
	}
	s.weighing = false
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := s.app.store.WeighReturn(ctx, s.rma, s.app.user.ID, grams)
	if err != nil {
		s.fail(err)
		return
	}
	s.succeed(res)
}

// attachPhotos attaches the pictures the station's camera saved into its
// photo folder since the item was scanned.
func (s *ReturnScreen) attachPhotos() {
	if s.insp == nil || s.insp.Next().Kind != returns.StepGrade {
		return
	}
	ctx, cancel := s.app.ctx()
	defer cancel()
	dir, err := s.app.store.Setting(ctx, sqlite.SettingReturnPhotoDir)
	if err != nil || dir == "" {
		s.say(ToneBad, "NO CAMERA FOLDER", "This station has no photo folder set up (setting "+sqlite.SettingReturnPhotoDir+"): no photos to attach.")
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		s.say(ToneBad, "NO CAMERA FOLDER", fmt.Sprintf("The photo folder %s cannot be read.", dir))
		return
	}
	added := 0
	for _, e := range entries {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".jpg", ".jpeg", ".png", ".heic", ".webp":
		default:
			continue
		}
		info, err := e.Info()
		path := filepath.Join(dir, e.Name())
		if err != nil || !info.Mode().IsRegular() || info.ModTime().Before(s.itemSince) || slices.Contains(s.photos, path) {
			continue
		}
		s.photos = append(s.photos, path)
		added++
	}
	var names []string
	for _, p := range s.photos {
		names = append(names, filepath.Base(p))
	}
	s.Photos.SetText(strings.Join(names, ", "))
	s.say(ToneInfo, fmt.Sprintf("%d PHOTO(S)", len(s.photos)), fmt.Sprintf("%d new photo(s) attached; they are saved when you confirm.", added))
	s.app.win.Canvas().Focus(s.Field)
}

func (s *ReturnScreen) openOverride() {
	if s.insp == nil || s.insp.Next().Kind != returns.StepGrade || !s.grade.Valid() {
		s.say(ToneInfo, "GRADE IT FIRST", "Grade the item (1 to 5) before overriding the decision.")
		return
	}
	_, final := s.insp.Propose(s.insp.Next().Item, s.grade, time.Now())
	s.ODisposition.SetSelected(final.Disposition.Label())
	s.ORefund.SetText(strconv.Itoa(final.RefundPct))
	s.OReason.SetText("")
	s.OPIN.SetText("")
	s.OverridePanel.Show()
	s.centre.Refresh()
	s.say(ToneInfo, "OVERRIDE", "Choose the disposition and refund, say why. A higher refund needs a supervisor and their PIN.")
	s.app.win.Canvas().Focus(s.OReason)
}

func (s *ReturnScreen) closeOverride() {
	s.OverridePanel.Hide()
	if s.app.win.Canvas().Focused() != s.Field && s.Field != nil {
		s.app.win.Canvas().Focus(s.Field)
	}
}

// applyOverride keeps the override for the item in hand; confirming
// commits it, and the store checks the supervisor's PIN then.
func (s *ReturnScreen) applyOverride() {
	var d core.Disposition
	for _, x := range core.Dispositions {
		if x.Label() == s.ODisposition.Selected {
			d = x
		}
	}
	pct, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s.ORefund.Text), "%")))
	switch {
	case d == "":
		s.say(ToneBad, "CHOOSE", "Choose what happens to the item.")
		return
	case err != nil || pct < 0 || pct > 100:
		s.say(ToneBad, "REFUND 0 TO 100", "Type the refund as a per cent from 0 to 100.")
		return
	case strings.TrimSpace(s.OReason.Text) == "":
		s.say(ToneBad, "SAY WHY", "An override needs a reason: it is audited.")
		return
	}
	s.override = &returns.Override{Disposition: d, RefundPct: pct, Reason: strings.TrimSpace(s.OReason.Text)}
	s.approval = nil
	if a, ok := s.approvalFrom(s.OSupervisor.Selected, s.OPIN.Text); ok {
		s.approval = &a
	}
	s.OPIN.SetText("")
	s.OverridePanel.Hide()
	s.render(s.insp)
	s.say(ToneInfo, "OVERRIDE READY", s.Detail.Text)
	s.app.win.Canvas().Focus(s.Field)
}

// approvalFrom reads a supervisor's consent from the PIN field: their
// badge scanned into it, or the name chosen and the PIN typed.
func (s *ReturnScreen) approvalFrom(name, pin string) (sqlite.Approval, bool) {
	pin = strings.TrimSpace(pin)
	if code, err := s.app.opts.Parser.Parse(pin); err == nil && code.Kind == scan.KindBadge {
		return sqlite.Approval{Badge: code.ID}, true
	}
	id := s.supervisorID(name)
	return sqlite.Approval{SupervisorID: id, PIN: pin}, id != 0 && pin != ""
}

func (s *ReturnScreen) review(approve bool) {
	approval, ok := s.approvalFrom(s.RSupervisor.Selected, s.RPIN.Text)
	if !ok {
		s.say(ToneBad, "WHICH SUPERVISOR?", "Scan the supervisor's badge into the PIN field, or choose their name and type their PIN.")
		return
	}
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := s.app.store.ReviewReturn(ctx, s.rma, s.app.user.ID, approval, approve, s.RNote.Text)
	s.RPIN.SetText("")
	if err != nil {
		s.fail(err)
		return
	}
	s.succeed(res)
}

func (s *ReturnScreen) succeed(res sqlite.ReturnResult) {
	e := res.Effect
	if !s.reload() {
		return
	}
	tone, title, msg := ToneGood, "OK", s.instruction()
	switch e.Kind {
	case returns.EffectReceive:
		title = "MATCHED"
		if e.Flag != "" {
			tone, title = ToneWarn, "FLAGGED: "+strings.ToUpper(e.Flag.Label())
			msg = "Recorded and flagged for a supervisor (" + e.FlagDetail + "). Scanned the wrong item? F2 takes the scan back. " + msg
		}
	case returns.EffectConfirm:
		title = strings.ToUpper(e.Final.Disposition.Label())
		if e.Final.Disposition == core.DispositionHold {
			tone = ToneWarn // set aside: someone must look at it
		}
		if sum := returns.CheckSummary(e.Checklist); sum != "" {
			msg = sum + " " + msg
		}
		msg = decisionWords(e.Final) + ". " + msg
	case returns.EffectRestock:
		title = "RESTOCKED IN " + e.BinCode
	case returns.EffectUndo:
		title = "TAKEN BACK"
		msg = fmt.Sprintf("The scan of %s is undone: it is as if it was never scanned. ", e.Name) + msg
	case returns.EffectWeigh:
		title = "WEIGHED " + returns.FormatGrams(e.WeightG)
		if e.Suspicious {
			tone, title = ToneWarn, "WEIGHT: "+returns.FormatGrams(e.WeightG)
			msg = fmt.Sprintf("Shipped weight was %s: flagged for a supervisor. ", returns.FormatGrams(e.ExpectedG)) + msg
		}
	case returns.EffectFinish:
		if e.Held {
			tone, title = ToneWarn, "HELD FOR A SUPERVISOR"
		} else {
			title = refundTitle(e.Refund.Kind)
			msg = "The refund decision was sent to the hub. " + msg
		}
	case returns.EffectReview:
		title = "REVIEWED: " + refundTitle(e.Refund.Kind)
		msg = "The refund decision was sent to the hub. " + msg
	}
	s.say(tone, title, msg)
	s.Panel.Focus()
}

func (s *ReturnScreen) fail(err error) {
	s.Panel.Refuse("return", returnHeadline(err), err)
	s.centre.Refresh()
}

// acknowledged shows the step again once a refusal is read.
func (s *ReturnScreen) acknowledged() {
	if s.insp != nil {
		s.render(s.insp)
	}
	if s.weighing {
		s.say(ToneInfo, "WEIGH THE PARCEL", weighText)
		return
	}
	s.say(ToneInfo, "NEXT", s.instruction())
}

const weighText = "Put the parcel on the scale and type its weight (850 g, 1.2 kg), then Enter. Esc cancels."

func (s *ReturnScreen) key(k fyne.KeyName) bool {
	s.lastKey = 0
	switch k {
	case fyne.KeyF2:
		s.undo()
	case fyne.KeyF3:
		s.startWeighing()
	case fyne.KeyF4:
		s.openOverride()
	case fyne.KeyF8:
		s.finish()
	case fyne.KeyF9:
		s.attachPhotos()
	case fyne.KeyEscape:
		switch {
		case s.weighing:
			s.weighing = false
			s.say(ToneInfo, "NEXT", s.instruction())
		case s.OverridePanel.Visible():
			s.closeOverride()
		default:
			s.app.ShowReturns()
		}
	default:
		return false
	}
	return true
}
