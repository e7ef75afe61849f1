package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
)

// LockScreen is what the counter shows for an order locked after too many
// wrong pickup codes: nothing can be handed over until a supervisor
// releases it with their PIN.
type LockScreen struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject
	ref     string
	staff   []core.Staff

	Headline    *canvas.Text // ORDER LOCKED
	Banner      *Banner
	Supervisors *widget.Select
	Field       *ScanField // the supervisor's PIN
	Release     *widget.Button
	Back        *widget.Button
}

// ShowPickupLock shows the lock-out screen of an order.
func (a *App) ShowPickupLock(ref string) {
	s := &LockScreen{app: a, ref: ref, Banner: NewBanner()}
	s.ExtendBaseWidget(s)
	s.Headline = canvas.NewText("ORDER "+ref+" LOCKED", colourBad)
	s.Headline.TextSize = 40
	s.Headline.TextStyle.Bold = true
	ctx, cancel := a.ctx()
	staff, err := a.store.StaffList(ctx)
	cancel()
	if err != nil {
		logErr("staff list", err)
	}
	var names []string
	for _, st := range staff {
		if st.Can(core.RoleSupervisor) {
			s.staff = append(s.staff, st)
			names = append(names, st.Name)
		}
	}
	s.Supervisors = widget.NewSelect(names, func(string) { a.win.Canvas().Focus(s.Field) })
	s.Supervisors.PlaceHolder = "Supervisor"
	if len(names) == 1 {
		s.Supervisors.SetSelected(names[0])
	}
	s.Field = NewScanField("Supervisor's PIN", s.submit)
	s.Field.Password = true
	s.Field.OnKey = func(k fyne.KeyName) bool {
		if k == fyne.KeyEscape {
			a.ShowPickup()
			return true
		}
		return false
	}
	s.Release = widget.NewButtonWithIcon("Release the order", theme.LoginIcon(), func() { s.submit(s.Field.Text); s.Field.SetText("") })
	s.Release.Importance = widget.HighImportance
	s.Back = widget.NewButtonWithIcon("Back to the queue  [Esc]", theme.NavigateBackIcon(), a.ShowPickup)
	s.Banner.Set(ToneBad, "LOCKED", fmt.Sprintf("Too many wrong pickup codes were given for order %s. Do not hand anything over. A supervisor must check the customer and release the order with their PIN.", ref))

	form := container.NewVBox(s.Headline, s.Banner, s.Supervisors, s.Field, s.Release, s.Back)
	s.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(640, 460), form))
	a.Show(s, s.Field)
}

// CreateRenderer implements fyne.Widget.
func (s *LockScreen) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(s.content) }

// Ref returns the locked order.
func (s *LockScreen) Ref() string { return s.ref }

func (s *LockScreen) submit(pin string) {
	pin = strings.TrimSpace(pin)
	var id int64
	for _, st := range s.staff {
		if st.Name == s.Supervisors.Selected {
			id = st.ID
		}
	}
	if id == 0 {
		s.Banner.Set(ToneBad, "WHICH SUPERVISOR?", "Choose the supervisor's name first, then they type their PIN.")
		s.app.opts.Sound.Bad()
		return
	}
	ctx, cancel := s.app.ctx()
	_, err := s.app.store.UnlockPickup(ctx, s.ref, s.app.user.ID, id, pin)
	cancel()
	if err != nil {
		logErr("unlock pickup", err)
		s.Banner.Set(ToneBad, pickupHeadline(err), core.ErrorMessage(err))
		s.app.opts.Sound.Bad()
		s.app.win.Canvas().Focus(s.Field)
		return
	}
	s.app.opts.Sound.Good()
	s.app.ShowHandoff(s.ref, "")
	if h := pickupShown[*HandoffScreen](s.app); h != nil {
		h.Banner.Set(ToneGood, "RELEASED", "The supervisor released the order. "+h.instruction())
	}
}
