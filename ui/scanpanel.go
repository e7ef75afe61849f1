package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/ui/i18n"
)

// strayEnterWindow is how long after a refusal is acknowledged an empty
// Enter, with nothing typed in between, is taken for the same habitual key
// press and ignored: the person pressed Enter twice, they did not mean
// "confirm" or "nothing scanned".
const strayEnterWindow = 800 * time.Millisecond

// logLines is how many past outcomes the panel's log keeps on screen.
const logLines = 3

// ScanPanel is the one component every screen embeds to take scans and
// answer them: the banner (colour, shape and words), the OK gate that
// keeps a refusal on screen until it is acknowledged, the scan field, the
// outcome's sound and the full-window flash, and a short log of the last
// outcomes. Screens forward scans to the core and tell the panel how each
// one ended (Good, Done, Warn, Refuse); the panel makes every refusal on
// every screen look, sound and get acknowledged the same way.
type ScanPanel struct {
	widget.BaseWidget
	app *App

	Banner *Banner
	OK     *widget.Button
	Field  *ScanField
	Log    *widget.Label

	// Training lists the barcodes the screen expects now as buttons, in
	// training mode: a tap scans it.
	Training *fyne.Container

	focus fyne.Focusable    // the field as the window sees it (a screen may wrap it)
	extra fyne.CanvasObject // shown between the OK button and the field (a name to choose)

	// OnScan receives each scan or typed line once no refusal is waiting;
	// an empty line is Enter on the empty field.
	OnScan func(string)
	// OnKey receives the function keys and Esc the panel does not take.
	OnKey func(fyne.KeyName) bool
	// OnAcknowledge restores the screen's instruction after a refusal.
	OnAcknowledge func()

	refused bool
	ackedAt time.Time
	enterAt time.Time // when the Enter of the scan being answered came
	scanned string    // the scan being answered, for the scan log
	history []string
	answers []panelAnswer // accepted outcomes not drawn yet (beforeframe.go)
	// bannerSets is the banner's count of Set when the last answer waited:
	// a screen that set the banner itself since has the last word.
	bannerSets int
	lastNote   string // the last "read the message first" note
}

// NewScanPanel returns a panel with a plain scan field.
func (a *App) NewScanPanel(placeholder string, onScan func(string)) *ScanPanel {
	f := &ScanField{}
	f.ExtendBaseWidget(f)
	f.SetPlaceHolder(placeholder)
	return a.newScanPanelFor(f, f, onScan)
}

// newScanPanelFor builds the panel around a field a screen made (the
// returns screen's field grades on a digit key); outer is that field as
// the window focuses it.
func (a *App) newScanPanelFor(f *ScanField, outer fyne.Focusable, onScan func(string)) *ScanPanel {
	p := &ScanPanel{app: a, Banner: NewBanner(), Field: f, focus: outer, OnScan: onScan, Log: widget.NewLabel(""),
		Training: container.NewHBox()}
	p.Log.SizeName = theme.SizeNameCaptionText
	f.OnSubmitted = func(s string) {
		f.SetText("")
		p.take(s)
	}
	f.OnKey = p.key
	f.onInput = func() { p.ackedAt = time.Time{} } // typed something: the next Enter is meant
	p.OK = widget.NewButtonWithIcon(tr("panel.ok")+"  [Enter]", theme.ConfirmIcon(), p.Acknowledge)
	p.OK.Importance = widget.DangerImportance
	p.OK.Hide()
	p.ExtendBaseWidget(p)
	return p
}

// SetExtra places an object between the OK button and the field (the
// sign-in screen's name list, the supervisor's name).
func (p *ScanPanel) SetExtra(o fyne.CanvasObject) { p.extra = o }

// CreateRenderer implements fyne.Widget.
func (p *ScanPanel) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{p.Banner, p.OK}
	if p.extra != nil {
		objs = append(objs, p.extra)
	}
	// The log scrolls sideways on a narrow window rather than truncate:
	// truncating re-shapes the line at every answer with a new shaper,
	// which made a scanner's burst wait for its answers.
	objs = append(objs, p.focus.(fyne.CanvasObject), container.NewHScroll(p.Log))
	if p.app.opts.Training {
		// One row that scrolls sideways: never taller, never wider.
		objs = append(objs, container.NewHScroll(p.Training))
	}
	return widget.NewSimpleRenderer(container.NewVBox(objs...))
}

// SetTraining shows the barcodes the screen expects now, in training mode
// (at most six: enough to practise, never a wall of buttons).
func (p *ScanPanel) SetTraining(codes []string) {
	if !p.app.opts.Training {
		return
	}
	setCodeButtons(p.Training, codes[:min(len(codes), 6)], p.take)
}

// TrainingCodes returns the barcodes training mode offers now.
func (p *ScanPanel) TrainingCodes() []string { return codeButtonTexts(p.Training) }

// Refused reports whether a refusal waits to be acknowledged.
func (p *ScanPanel) Refused() bool { return p.refused }

// Focus gives the scan field the keyboard.
func (p *ScanPanel) Focus() { p.app.win.Canvas().Focus(p.focus) }

// take handles one submitted line: while a refusal is shown, Enter
// acknowledges it and anything else is not recorded; right after, a
// second Enter is ignored.
func (p *ScanPanel) take(text string) {
	p.enterAt, p.scanned = p.Field.enterAt, text
	blank := strings.TrimSpace(text) == ""
	if p.refused {
		if blank {
			p.Acknowledge()
			return
		}
		// A scan over an unread refusal would hide it: make them read it first.
		p.app.opts.Sound.Bad()
		p.lastNote = tr("panel.not_recorded_text")
		p.Log.SetText(p.lastNote)
		p.app.logOutcome(p.enterAt, p.app.now(), ToneBad, text, "NOT RECORDED")
		p.Focus()
		return
	}
	if blank && !p.ackedAt.IsZero() && p.app.now().Sub(p.ackedAt) < strayEnterWindow {
		p.ackedAt = time.Time{}
		return
	}
	p.ackedAt = time.Time{}
	if p.OnScan != nil {
		p.OnScan(text)
	}
}

func (p *ScanPanel) key(k fyne.KeyName) bool {
	p.app.drawNow() // a key acts on the screen as the person sees it
	if k == fyne.KeyF12 && p.app.opts.SyncNow != nil {
		p.app.opts.SyncNow() // sync now, on any screen, refusal or not
		return true
	}
	if p.refused {
		if k == fyne.KeyEscape {
			p.Acknowledge()
			return true
		}
		// Function keys wait too: nothing happens behind an unread refusal.
		p.app.opts.Sound.Bad()
		return true
	}
	return p.OnKey != nil && p.OnKey(k)
}

// Say shows an instruction or a state with no sound: what to do next.
func (p *ScanPanel) Say(title, text string) { p.show(ToneInfo, title, text, false) }

// Good answers an accepted scan or action: green, a tick, the good beep.
func (p *ScanPanel) Good(title, text string) {
	p.show(ToneGood, title, text, true)
	p.app.opts.Sound.Good()
}

// Done answers the scan that finished a piece of work (an order picked,
// packed, handed over): green, a tick, the done chime.
func (p *ScanPanel) Done(title, text string) {
	p.show(ToneGood, title, text, true)
	p.app.opts.Sound.Done()
}

// Warn answers a scan that was recorded but needs someone's attention
// (held for a supervisor, flagged): amber, a triangle, the bad sound, no
// gate (the work may go on, and undo is offered).
func (p *ScanPanel) Warn(title, text string) {
	p.show(ToneWarn, title, text, true)
	p.app.opts.Sound.Bad()
}

// Refuse shows why a scan or action was refused: red, a stop sign, the
// reason under its headline, the OK gate and the refused sound. what names
// the screen in the log for internal errors.
func (p *ScanPanel) Refuse(what, title string, err error) {
	logErr(what, err)
	p.RefuseText(title, errorText(err))
}

// RefuseText refuses with a reason the screen words itself.
func (p *ScanPanel) RefuseText(title, text string) {
	p.refused = true
	p.OK.Show()
	p.show(ToneBad, title, text, true)
	p.app.opts.Sound.Bad()
	p.Focus()
}

// Acknowledge takes the refusal away and lets the screen say what is next.
func (p *ScanPanel) Acknowledge() {
	if !p.refused {
		return
	}
	p.app.drawNow()
	p.refused = false
	p.ackedAt = p.app.now()
	p.OK.Hide()
	p.app.flash(ToneInfo)
	if p.OnAcknowledge != nil {
		p.OnAcknowledge()
	}
	if p.Banner.Tone() == ToneBad { // the screen had nothing to add
		p.Banner.Set(ToneInfo, tr("panel.next"), tr("panel.next_text"))
	}
	p.Refresh()
	p.Focus()
}

// show sets the banner; an outcome (not an instruction) also flashes the
// window, goes into the log and is written to the scan log. An accepted
// outcome is counted at once and drawn before the next frame (see
// beforeframe.go); an instruction or a refusal is drawn at once, after
// whatever waited to be drawn.
func (p *ScanPanel) show(tone Tone, title, text string, outcome bool) {
	if !outcome {
		p.app.drawNow()
		p.Banner.Set(tone, title, text)
		return
	}
	if tone == ToneBad {
		p.app.drawNow() // what waited comes first, and the refusal has the last word
	}
	now := p.app.now()
	p.history = append(p.history, fmt.Sprintf("%s %s %s", i18n.ClockSeconds(now), toneMark(tone), title))
	if len(p.history) > logLines {
		p.history = p.history[len(p.history)-logLines:]
	}
	if p.scanned != "" {
		p.app.countScan(tone == ToneBad)
	}
	p.answers = append(p.answers, panelAnswer{enter: p.enterAt, tone: tone, scanned: p.scanned, title: title, text: text})
	p.enterAt, p.scanned = time.Time{}, ""
	p.bannerSets = p.Banner.sets
	if tone == ToneBad {
		p.drawAnswers()
		return
	}
	p.app.beforeFrame(p, p.drawAnswers)
}

// panelAnswer is an outcome waiting to be drawn.
type panelAnswer struct {
	enter                time.Time
	tone                 Tone
	scanned, title, text string
}

// drawAnswers draws the last outcome waiting (the banner, the flash), the
// log, and writes each outcome's scan log line: answered now, shown by the
// frame that follows.
func (p *ScanPanel) drawAnswers() {
	if len(p.answers) == 0 {
		return
	}
	last := p.answers[len(p.answers)-1]
	if p.Banner.sets == p.bannerSets { // nothing has been said since, directly
		p.Banner.Set(last.tone, last.title, last.text)
	}
	p.app.flash(last.tone)
	p.Log.SetText(strings.Join(reversed(p.history), "   ·   "))
	now := p.app.now()
	for _, a := range p.answers {
		p.app.logOutcome(a.enter, now, a.tone, a.scanned, a.title)
	}
	p.answers = p.answers[:0]
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[len(s)-1-i] = x
	}
	return out
}

// toneMark is the log's one-character shape of a tone, so the log reads
// without colour too.
func toneMark(t Tone) string {
	switch t {
	case ToneGood:
		return "✓"
	case ToneBad:
		return "✗"
	case ToneWarn:
		return "!"
	}
	return "·"
}
