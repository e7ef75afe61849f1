package ui

import (
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
	"github.com/stationhand/stationhand/ui/i18n"
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
	s.say(ToneInfo, tr("return.grade_title", "N", int(g), "Grade", strings.ToUpper(gradeWords(g))), s.instruction())
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
	for i, ch := range s.checks {
		c.Checklist = append(c.Checklist, returns.Check{Item: s.checkIDs[i], OK: ch.Checked})
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
		s.say(ToneWarn, tr("headline.items_missing"), errorText(err)+" "+tr("return.f8_again"))
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
	s.say(ToneInfo, tr("return.weigh_title"), tr("return.weigh_text"))
	s.app.win.Canvas().Focus(s.Field)
}

func (s *ReturnScreen) weigh(text string) {
	grams, ok := parseGrams(text)
	if !ok {
		s.say(ToneBad, tr("headline.not_a_weight"), tr("return.not_a_weight_text", "Text", text))
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
		s.say(ToneBad, tr("return.no_camera"), tr("return.no_camera_text", "Setting", sqlite.SettingReturnPhotoDir))
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		s.say(ToneBad, tr("return.no_camera"), tr("return.camera_unreadable", "Dir", dir))
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
	s.say(ToneInfo, tr("return.photos_title", "N", len(s.photos)), tr("return.photos_text", "N", added))
	s.app.win.Canvas().Focus(s.Field)
}

func (s *ReturnScreen) openOverride() {
	if s.insp == nil || s.insp.Next().Kind != returns.StepGrade || !s.grade.Valid() {
		s.say(ToneInfo, tr("headline.grade_it_first"), tr("return.grade_before_override"))
		return
	}
	_, final := s.insp.Propose(s.insp.Next().Item, s.grade, time.Now())
	s.ODisposition.SetSelected(dispositionWords(final.Disposition))
	s.ORefund.SetText(strconv.Itoa(final.RefundPct))
	s.OReason.SetText("")
	s.OPIN.SetText("")
	s.OverridePanel.Show()
	s.centre.Refresh()
	s.say(ToneInfo, tr("return.override_banner"), tr("return.override_text"))
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
		if dispositionWords(x) == s.ODisposition.Selected {
			d = x
		}
	}
	pct, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s.ORefund.Text), "%")))
	switch {
	case d == "":
		s.say(ToneBad, tr("return.choose"), tr("return.choose_text"))
		return
	case err != nil || pct < 0 || pct > 100:
		s.say(ToneBad, tr("return.refund_range"), tr("return.refund_range_text"))
		return
	case strings.TrimSpace(s.OReason.Text) == "":
		s.say(ToneBad, tr("headline.say_why"), tr("return.override_reason"))
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
	s.say(ToneInfo, tr("return.override_ready"), s.Detail.Text)
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
		s.say(ToneBad, tr("return.which_supervisor"), tr("return.which_supervisor_text"))
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
	tone, title, msg := ToneGood, tr("common.ok"), s.instruction()
	switch e.Kind {
	case returns.EffectReceive:
		title = tr("return.matched")
		if e.Flag != "" {
			tone, title = ToneWarn, tr("return.flagged_title", "Flag", strings.ToUpper(flagWords(e.Flag)))
			d := flagDetailWords(e.FlagText, e.FlagDetail)
			if d == "" {
				d = flagWords(e.Flag)
			}
			msg = tr("return.flagged_text", "Detail", d) + " " + msg
		}
	case returns.EffectConfirm:
		title = strings.ToUpper(dispositionWords(e.Final.Disposition))
		if e.Final.Disposition == core.DispositionHold {
			tone = ToneWarn // set aside: someone must look at it
		}
		if sum := checkSummary(e.Checklist); sum != "" {
			msg = sum + " " + msg
		}
		msg = decisionWords(e.Final) + ". " + msg
	case returns.EffectRestock:
		title = tr("return.restocked", "Bin", e.BinCode)
	case returns.EffectUndo:
		title = tr("return.taken_back")
		msg = tr("return.undone_text", "Item", e.Name) + " " + msg
	case returns.EffectWeigh:
		title = tr("return.weighed", "Weight", i18n.Weight(e.WeightG))
		if e.Suspicious {
			tone, title = ToneWarn, tr("return.weight_title", "Weight", i18n.Weight(e.WeightG))
			msg = tr("return.weight_flagged", "Weight", i18n.Weight(e.ExpectedG)) + " " + msg
		}
	case returns.EffectFinish:
		if e.Held {
			tone, title = ToneWarn, tr("return.step_held")
		} else {
			title = refundTitle(e.Refund.Kind)
			msg = tr("return.sent_to_hub") + " " + msg
		}
	case returns.EffectReview:
		title = tr("return.reviewed", "Refund", refundTitle(e.Refund.Kind))
		msg = tr("return.sent_to_hub") + " " + msg
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
		s.say(ToneInfo, tr("return.weigh_title"), tr("return.weigh_text"))
		return
	}
	s.say(ToneInfo, tr("panel.next"), s.instruction())
}

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
			s.say(ToneInfo, tr("panel.next"), s.instruction())
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
