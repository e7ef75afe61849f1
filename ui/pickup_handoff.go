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
	s.Title = newBigText(upper(tr("pick.order", "Order", ref)), fg)
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
	s.Panel = a.NewScanPanel(tr("handoff.placeholder"), s.submit)
	s.Panel.OnKey = s.key
	s.Panel.OnAcknowledge = s.acknowledged
	s.Banner, s.Field, s.OK = s.Panel.Banner, s.Panel.Field, s.Panel.OK
	s.Choices = container.NewVBox()
	s.IDCheck = widget.NewButtonWithIcon(tr("handoff.id_checked")+"  [F2]", theme.AccountIcon(), s.askIDCheck)
	s.Refuse = widget.NewButtonWithIcon(tr("handoff.refuses")+"  [F3]", theme.ContentRemoveIcon(), s.askRefuse)
	s.Curbside = widget.NewButtonWithIcon(tr("handoff.curbside")+"  [F4]", theme.HomeIcon(), s.askBay)
	s.Complete = widget.NewButtonWithIcon(tr("handoff.complete")+"  [F9]", theme.ConfirmIcon(), s.complete)
	s.Complete.Importance = widget.HighImportance
	s.Leave = widget.NewButtonWithIcon(tr("pick.leave")+"  [Esc]", theme.NavigateBackIcon(), s.leave)

	left := container.NewVBox(s.Title, s.Who, s.Step, s.Panel, s.Choices)
	right := container.NewVBox(widget.NewCard(tr("handoff.bags"), "", s.Bags), widget.NewCard(tr("handoff.items"), "", s.Lines),
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
	s.Banner.Set(ToneInfo, tr("panel.next"), s.instruction())
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
		s.Step.Text = tr("handoff.not_found")
		s.Step.Refresh()
		s.Complete.Disable()
		return
	}
	who := tr("handoff.customer", "Name", h.Customer)
	if h.AltPickup != "" {
		who += "   ·   " + tr("handoff.alt", "Name", h.AltPickup)
	}
	if h.Curbside != nil {
		who += "\n" + tr("handoff.curbside_bay", "Bay", h.Curbside.Bay, "Car", h.Curbside.Car)
	}
	if !h.ArrivedAt.IsZero() && h.Status == core.OrderStaged {
		who += "\n" + tr("handoff.waiting", "Waited", waited(time.Since(h.ArrivedAt)))
	}
	if v := h.Verified; v != nil {
		who += "\n" + tr("handoff.verified_by", "How", describeVerification(*v))
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
			shelf = tr("handoff.no_shelf")
		}
		bags = append(bags, mark+" "+tr("handoff.bag_row", "N", b.N, "Of", len(h.Bags), "Shelf", shelf))
	}
	s.Bags.SetText(strings.Join(bags, "\n"))
	var lines []string
	for i, l := range h.Lines {
		text := fmt.Sprintf("%d  %d × %s", i+1, l.Picked, l.Name)
		if l.Refused > 0 {
			text += "   (" + tr("handoff.n_refused", "N", l.Refused) + ")"
		}
		lines = append(lines, text)
	}
	s.Lines.SetText(strings.Join(lines, "\n"))

	step := h.Next(time.Now())
	switch step.Kind {
	case pickup.HandoffVerify:
		s.Step.Text = tr("handoff.step_verify")
	case pickup.HandoffBags:
		s.Step.Text = tr("handoff.step_bag", "N", step.Bag.N, "Shelf", step.Bag.ShelfCode)
	case pickup.HandoffComplete:
		s.Step.Text = tr("handoff.step_complete")
	case pickup.HandoffLocked:
		s.Step.Text = tr("lock.locked")
	default:
		s.Step.Text = upper(statusWords(h.Status))
	}
	s.Step.Refresh()
	if step.Kind == pickup.HandoffComplete {
		s.Complete.Enable()
	} else {
		s.Complete.Disable()
	}
}

func describeVerification(v pickup.Verification) string {
	how := tr("handoff.by_code")
	if v.Method == core.VerifyIDCheck {
		how = tr("handoff.by_id", "ID", tr("id_type."+v.IDType))
	}
	return tr("handoff.verification", "Name", v.Name, "How", how)
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
			return tr("handoff.do_verify_alt", "Customer", s.h.Customer, "Alt", s.h.AltPickup)
		}
		return tr("handoff.do_verify", "Customer", s.h.Customer)
	case pickup.HandoffBags:
		return tr("handoff.do_bags", "Shelves", strings.Join(s.h.Shelves(), ", "))
	case pickup.HandoffComplete:
		return tr("handoff.do_complete")
	case pickup.HandoffLocked:
		return tr("handoff.do_locked")
	}
	return tr("handoff.do_none")
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
		}, tr("handoff.bag_ok", "N", sc.Bag.N))
	case err == nil && sc.Code.Kind == scan.KindPickup:
		s.verify(pickup.VerifyInput{Method: core.VerifyCode, Code: sc.Code.ID})
	case s.h.Next(time.Now()).Kind == pickup.HandoffVerify && (err != nil || !ownKind(sc.Code.Kind)):
		// Typed from the customer's confirmation: the code itself.
		s.verify(pickup.VerifyInput{Method: core.VerifyCode, Code: text})
	case err != nil:
		s.fail(err)
	default:
		s.fail(refusal(core.ECONFLICT, "unexpected_scan", tr("handoff.not_now")+" "+s.instruction()))
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
	}, tr("handoff.verified"))
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
		s.Banner.Set(ToneInfo, tr("handoff.already_done"), s.instruction())
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
	msg := tr("handoff.handed", "Order", s.ref, "Who", describeVerification(res.Effect.Verification))
	if n := len(res.Effect.Refused); n > 0 {
		msg += " " + tr("handoff.refused_back", "N", n)
	}
	s.Panel.Done(tr("handoff.collected"), msg+" "+tr("handoff.esc_next"))
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
			s.Banner.Set(ToneInfo, tr("panel.next"), s.instruction())
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
	s.Banner.Set(ToneInfo, tr("panel.next"), s.instruction())
	s.focus()
}

func (s *HandoffScreen) focus() { s.app.win.Canvas().Focus(s.Field) }
