package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// HandoffScreen hands one order to its customer: verify them, scan every
// bag out, note refused items, complete. The handoff is never recorded
// without a verification: the Complete button stays off until the
// customer is verified and every bag scanned, and the store refuses it
// anyway.
type HandoffScreen struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject
	ref     string
	h       *pickup.Handoff

	Title    *BigText
	Who      *widget.Label // customer, alternate, curbside, waiting
	Step     *BigText      // VERIFY THE CUSTOMER, SCAN EVERY BAG, …
	Bags     *widget.Label // each bag, its shelf, scanned or not
	Lines    *widget.Label // the items, refused ones marked
	Panel    *ScanPanel
	Banner   *Banner
	OK       *widget.Button
	Field    *ScanField
	Choices  *fyne.Container // the options of the choice under way
	IDCheck  *widget.Button
	Refuse   *widget.Button
	Curbside *widget.Button
	Complete *widget.Button
	Leave    *widget.Button

	choice *handoffChoice // nil unless the person is choosing
}

// handoffChoice is a numbered choice the person makes with the keyboard
// (type the number, Enter) or by tapping.
type handoffChoice struct {
	prompt  string
	options []string
	pick    func(i int)
	text    func(s string) // free text instead of a number (the curbside bay)
}

// ShowHandoff shows the handoff of an order. A code, when given, is the
// pickup code the customer's QR carried: it verifies them at once.
func (a *App) ShowHandoff(ref, code string) {
	s := &HandoffScreen{app: a, ref: ref}
	s.ExtendBaseWidget(s)
	fg := theme.Color(theme.ColorNameForeground)
	s.Title = newBigText("ORDER "+ref, fg)
	s.Title.TextSize = 26
	s.Title.TextStyle.Bold = true
	s.Who = widget.NewLabel("")
	s.Who.Wrapping = fyne.TextWrapWord
	s.Step = newBigText("", fg)
	s.Step.TextSize = 34
	s.Step.TextStyle.Bold = true
	s.Bags = widget.NewLabel("")
	s.Bags.TextStyle.Monospace = true
	s.Lines = widget.NewLabel("")
	s.Lines.TextStyle.Monospace = true
	s.Panel = a.NewScanPanel("Scan the pickup QR or type the code; then scan each bag", s.submit)
	s.Panel.OnKey = s.key
	s.Panel.OnAcknowledge = s.acknowledged
	s.Banner, s.Field, s.OK = s.Panel.Banner, s.Panel.Field, s.Panel.OK
	s.Choices = container.NewVBox()
	s.IDCheck = widget.NewButtonWithIcon("Photo ID checked  [F2]", theme.AccountIcon(), s.askIDCheck)
	s.Refuse = widget.NewButtonWithIcon("Customer refuses an item  [F3]", theme.ContentRemoveIcon(), s.askRefuse)
	s.Curbside = widget.NewButtonWithIcon("Curbside: note bay  [F4]", theme.HomeIcon(), s.askBay)
	s.Complete = widget.NewButtonWithIcon("Complete handoff  [F9]", theme.ConfirmIcon(), s.complete)
	s.Complete.Importance = widget.HighImportance
	s.Leave = widget.NewButtonWithIcon("Leave  [Esc]", theme.NavigateBackIcon(), s.leave)

	left := container.NewVBox(s.Title, s.Who, s.Step, s.Panel, s.Choices)
	right := container.NewVBox(widget.NewCard("Bags", "", s.Bags), widget.NewCard("Items", "", s.Lines),
		s.IDCheck, s.Refuse, s.Curbside, s.Complete, s.Leave)
	s.content = container.NewPadded(sideBySide(left, right))
	a.Show(s, s.Field)

	ctx, cancel := a.ctx()
	res, err := a.store.StartHandoff(ctx, ref, a.user.ID)
	cancel()
	if err != nil {
		s.render()
		s.fail(err)
		return
	}
	s.h = res.Handoff
	if s.h.Locked {
		a.ShowPickupLock(ref)
		return
	}
	s.render()
	s.Banner.Set(ToneInfo, "NEXT", s.instruction())
	if code != "" && s.h.Next(time.Now()).Kind == pickup.HandoffVerify {
		s.verify(pickup.VerifyInput{Method: core.VerifyCode, Code: code})
	}
}

// CreateRenderer implements fyne.Widget.
func (s *HandoffScreen) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}

// Handoff returns the state on show.
func (s *HandoffScreen) Handoff() *pickup.Handoff { return s.h }

func (s *HandoffScreen) render() {
	h := s.h
	if h == nil {
		s.Step.Text = "NOT FOUND"
		s.Step.Refresh()
		s.Complete.Disable()
		return
	}
	who := "Customer: " + h.Customer
	if h.AltPickup != "" {
		who += "   ·   may also be collected by: " + h.AltPickup
	}
	if h.Curbside != nil {
		who += fmt.Sprintf("\nCURBSIDE: bay %s %s", h.Curbside.Bay, h.Curbside.Car)
	}
	if !h.ArrivedAt.IsZero() && h.Status == core.OrderStaged {
		who += "\nWaiting " + waited(time.Since(h.ArrivedAt))
	}
	if v := h.Verified; v != nil {
		who += "\nVerified: " + describeVerification(*v)
	}
	s.Who.SetText(who)

	var bags []string
	for _, b := range h.Bags {
		mark := "[ ]"
		if b.Handed {
			mark = "[x]"
		}
		shelf := b.ShelfCode
		if shelf == "" {
			shelf = "no shelf"
		}
		bags = append(bags, fmt.Sprintf("%s bag %d of %d   shelf %s", mark, b.N, len(h.Bags), shelf))
	}
	s.Bags.SetText(strings.Join(bags, "\n"))
	var lines []string
	for i, l := range h.Lines {
		text := fmt.Sprintf("%d  %d × %s", i+1, l.Picked, l.Name)
		if l.Refused > 0 {
			text += fmt.Sprintf("   (%d REFUSED)", l.Refused)
		}
		lines = append(lines, text)
	}
	s.Lines.SetText(strings.Join(lines, "\n"))

	step := h.Next(time.Now())
	switch step.Kind {
	case pickup.HandoffVerify:
		s.Step.Text = "VERIFY THE CUSTOMER"
	case pickup.HandoffBags:
		s.Step.Text = fmt.Sprintf("SCAN BAG %d (SHELF %s)", step.Bag.N, step.Bag.ShelfCode)
	case pickup.HandoffComplete:
		s.Step.Text = "HAND IT OVER: COMPLETE"
	case pickup.HandoffLocked:
		s.Step.Text = "LOCKED"
	default:
		s.Step.Text = upper(string(h.Status))
	}
	s.Step.Refresh()
	if step.Kind == pickup.HandoffComplete {
		s.Complete.Enable()
	} else {
		s.Complete.Disable()
	}
}

func describeVerification(v pickup.Verification) string {
	how := "pickup code"
	if v.Method == core.VerifyIDCheck {
		how = "photo ID (" + labelOf(pickup.IDTypes, v.IDType) + ")"
	}
	return fmt.Sprintf("%s, by %s", v.Name, how)
}

func labelOf(list []struct{ Key, Label string }, key string) string {
	for _, x := range list {
		if x.Key == key {
			return x.Label
		}
	}
	return key
}

// instruction says in words what to do next.
func (s *HandoffScreen) instruction() string {
	if s.h == nil {
		return ""
	}
	step := s.h.Next(time.Now())
	switch step.Kind {
	case pickup.HandoffVerify:
		if s.h.AltPickup != "" {
			return fmt.Sprintf("Scan the customer's pickup QR code or type their code. No code? Check the photo ID of %s or of %s (F2).", s.h.Customer, s.h.AltPickup)
		}
		return fmt.Sprintf("Scan the customer's pickup QR code or type their code. No code? Check %s's photo ID (F2).", s.h.Customer)
	case pickup.HandoffBags:
		return fmt.Sprintf("Fetch the bags from %s and scan each one as you hand it over.", strings.Join(s.h.Shelves(), ", "))
	case pickup.HandoffComplete:
		return "Every bag is scanned. Press F9 to complete the handoff. Refused an item? F3 first."
	case pickup.HandoffLocked:
		return "This order is locked: a supervisor must release it."
	}
	return "This order is not waiting for pickup. Press Esc to go back to the queue."
}

func (s *HandoffScreen) submit(text string) {
	text = strings.TrimSpace(text)
	if s.choice != nil {
		s.choose(text)
		return
	}
	if text == "" || s.h == nil {
		return
	}
	sc, err := pickup.ParseScan(s.app.opts.Parser, text)
	switch {
	case err == nil && sc.Bag != nil:
		s.step(func(ctx context.Context) (sqlite.HandoffResult, error) {
			return s.app.store.HandOverBag(ctx, s.ref, s.app.user.ID, *sc.Bag)
		}, fmt.Sprintf("BAG %d OK", sc.Bag.N))
	case err == nil && sc.Code.Kind == scan.KindPickup:
		s.verify(pickup.VerifyInput{Method: core.VerifyCode, Code: sc.Code.ID})
	case s.h.Next(time.Now()).Kind == pickup.HandoffVerify && (err != nil || !ownKind(sc.Code.Kind)):
		// Typed from the customer's confirmation: the code itself.
		s.verify(pickup.VerifyInput{Method: core.VerifyCode, Code: text})
	case err != nil:
		s.fail(err)
	default:
		s.fail(core.Errorf(core.ECONFLICT, "unexpected_scan", "Not now. %s", s.instruction()))
	}
}

// ownKind reports whether k is one of the station's own labels, which are
// never a pickup code typed by hand.
func ownKind(k scan.Kind) bool {
	switch k {
	case scan.KindOrder, scan.KindTote, scan.KindBin, scan.KindReturn, scan.KindBadge:
		return true
	}
	return false
}

func (s *HandoffScreen) verify(in pickup.VerifyInput) {
	s.step(func(ctx context.Context) (sqlite.HandoffResult, error) {
		return s.app.store.VerifyPickup(ctx, s.ref, s.app.user.ID, in)
	}, "VERIFIED")
}

// step runs one handoff step and shows what it did.
func (s *HandoffScreen) step(do func(context.Context) (sqlite.HandoffResult, error), good string) {
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := do(ctx)
	if res.Handoff != nil {
		s.h = res.Handoff
		s.render()
	}
	if err != nil {
		if core.ErrorReason(err) == core.ErrPickupLocked.Reason {
			s.app.opts.Sound.Bad()
			s.app.ShowPickupLock(s.ref)
			return
		}
		s.fail(err)
		return
	}
	if res.Effect.Kind == pickup.EffectNone {
		s.Banner.Set(ToneInfo, "ALREADY DONE", s.instruction())
	} else {
		s.Banner.Set(ToneGood, good, s.instruction())
	}
	s.app.opts.Sound.Good()
	s.focus()
}

func (s *HandoffScreen) complete() {
	if s.Panel.Refused() || s.h == nil {
		return
	}
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := s.app.store.CompleteHandoff(ctx, s.ref, s.app.user.ID)
	if err != nil {
		s.fail(err)
		return
	}
	s.h = res.Handoff
	s.render()
	msg := fmt.Sprintf("Order %s handed to %s.", s.ref, describeVerification(res.Effect.Verification))
	if n := len(res.Effect.Refused); n > 0 {
		msg += fmt.Sprintf(" %d refused item(s) go back to stock: see Expired and returns to stock. The refund is on its way.", n)
	}
	s.Panel.Done("COLLECTED", msg+" Press Esc for the next customer.")
	s.focus()
}

func (s *HandoffScreen) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF2:
		s.askIDCheck()
	case fyne.KeyF3:
		s.askRefuse()
	case fyne.KeyF4:
		s.askBay()
	case fyne.KeyF9:
		s.complete()
	case fyne.KeyEscape:
		switch {
		case s.choice != nil:
			s.endChoice()
			s.Banner.Set(ToneInfo, "NEXT", s.instruction())
		default:
			s.leave()
		}
	default:
		return false
	}
	return true
}

// leave goes back to the queue; a handoff under way (verified, bags out,
// items refused) is abandoned, so nobody completes it later by mistake.
func (s *HandoffScreen) leave() {
	if s.h != nil && s.h.Status == core.OrderStaged {
		ctx, cancel := s.app.ctx()
		_, err := s.app.store.AbandonHandoff(ctx, s.ref, s.app.user.ID)
		cancel()
		if err != nil {
			logErr("abandon handoff", err)
		}
	}
	s.app.ShowPickup()
}

func (s *HandoffScreen) fail(err error) { s.Panel.Refuse("handoff", pickupHeadline(err), err) }

// acknowledged shows the step again once a refusal is read.
func (s *HandoffScreen) acknowledged() {
	s.render()
	s.Banner.Set(ToneInfo, "NEXT", s.instruction())
	s.focus()
}

func (s *HandoffScreen) focus() { s.app.win.Canvas().Focus(s.Field) }
