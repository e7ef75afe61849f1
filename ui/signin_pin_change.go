package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
)

// pinChanger is the store's PIN change (core/sqlite.DB.ChangePIN).
type pinChanger interface {
	ChangePIN(ctx context.Context, staffID int64, oldPIN, newPIN string) (core.Staff, error)
}

// PINChangeScreen makes a person whose PIN is too short for their roles
// (a supervisor's PIN from before the six-digit rule) choose a new one,
// typed twice, before they are signed in.
type PINChangeScreen struct {
	app    *App
	who    core.Staff
	oldPIN string
	first  string // the new PIN as typed the first time; "" until then
	Panel  *ScanPanel
	Field  *ScanField
	Banner *Banner
	Cancel *widget.Button
}

// showPINChange asks who (signed in with oldPIN, which was right) for a
// new PIN.
func (a *App) showPINChange(who core.Staff, oldPIN string) *PINChangeScreen {
	s := &PINChangeScreen{app: a, who: who, oldPIN: oldPIN}
	s.Panel = a.NewScanPanel(tr("pin_change.placeholder"), s.submit)
	s.Panel.OnAcknowledge = s.ask
	s.Panel.OnKey = func(k fyne.KeyName) bool {
		if k == fyne.KeyEscape {
			a.ShowSignIn()
			return true
		}
		return false
	}
	s.Banner, s.Field = s.Panel.Banner, s.Panel.Field
	s.Field.Password = true
	s.Cancel = widget.NewButtonWithIcon(tr("pin_change.cancel"), theme.CancelIcon(), a.ShowSignIn)
	s.ask()
	title := newBigText(a.opts.Title, theme.Color(theme.ColorNameForeground))
	title.TextSize = 32
	title.TextStyle.Bold = true
	form := container.NewVBox(title, s.Panel, s.Cancel)
	a.Show(container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 420), form)), s.Field)
	a.pinChange = s
	return s
}

// ask says what to type now: the new PIN, or the same again.
func (s *PINChangeScreen) ask() {
	if s.first == "" {
		s.Panel.Say(tr("pin_change.title"), tr("pin_change.first", "Name", s.who.Name, "Digits", minPINLen(s.who.Roles)))
		return
	}
	s.Panel.Say(tr("pin_change.again_title"), tr("pin_change.again"))
}

func minPINLen(roles []core.Role) int {
	if core.Approves(roles) {
		return core.MinApproverPINLen
	}
	return core.MinPINLen
}

func (s *PINChangeScreen) submit(text string) {
	if text == "" {
		return
	}
	if s.first == "" {
		if err := core.CheckPINPolicy(s.who.Roles, text); err != nil || !allDigits(text) || len(text) > core.MaxPINLen || text == s.oldPIN {
			s.Panel.RefuseText(tr("pin_change.refused"), tr("pin_change.rule", "Min", minPINLen(s.who.Roles), "Max", core.MaxPINLen))
			return
		}
		s.first = text
		s.ask()
		return
	}
	if text != s.first {
		s.first = ""
		s.Panel.RefuseText(tr("pin_change.refused"), tr("pin_change.differ"))
		return
	}
	ch, ok := s.app.store.(pinChanger)
	if !ok {
		s.Panel.RefuseText(tr("pin_change.refused"), tr("pin_change.unsupported"))
		return
	}
	// Hashing the new PIN is slow on purpose (core.PINCost): give it
	// longer than an ordinary store call.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	who, err := ch.ChangePIN(ctx, s.who.ID, s.oldPIN, text)
	if err != nil {
		s.first = ""
		s.Panel.Refuse("change PIN", tr("pin_change.refused"), err)
		return
	}
	s.app.user = &who
	s.app.opts.Sound.Good()
	s.app.afterSignIn()
	if h := s.app.home; h != nil {
		h.Panel.Good(tr("pin_change.done_title"), tr("pin_change.done"))
	}
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
