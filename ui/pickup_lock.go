package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
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

	Headline    *BigText // ORDER LOCKED
	Panel       *ScanPanel
	Banner      *Banner
	Supervisors *widget.Select
	Field       *ScanField // the supervisor's badge, or their PIN
	Release     *widget.Button
	Back        *widget.Button
}

// ShowPickupLock shows the lock-out screen of an order.
func (a *App) ShowPickupLock(ref string) {
	s := &LockScreen{app: a, ref: ref}
	s.Panel = a.NewScanPanel(tr("lock.placeholder"), s.submit)
	s.Panel.OnAcknowledge = s.explain
	s.Banner, s.Field = s.Panel.Banner, s.Panel.Field
	s.ExtendBaseWidget(s)
	s.Headline = newBigText(tr("lock.headline", "Order", ref), colourBad)
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
	s.Supervisors.PlaceHolder = tr("return.supervisor")
	if len(names) == 1 {
		s.Supervisors.SetSelected(names[0])
	}
	s.Panel.SetExtra(s.Supervisors)
	s.Field.Password = true
	s.Panel.OnKey = func(k fyne.KeyName) bool {
		if k == fyne.KeyEscape {
			a.ShowPickup()
			return true
		}
		return false
	}
	s.Release = widget.NewButtonWithIcon(tr("lock.release"), theme.LoginIcon(), func() { s.submit(s.Field.Text); s.Field.SetText("") })
	s.Release.Importance = widget.HighImportance
	s.Back = widget.NewButtonWithIcon(tr("lock.back")+"  [Esc]", theme.NavigateBackIcon(), a.ShowPickup)
	s.explain()

	form := container.NewVBox(s.Headline, s.Panel, s.Release, s.Back)
	s.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(640, 460), form))
	a.Show(s, s.Field)
}

// CreateRenderer implements fyne.Widget.
func (s *LockScreen) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(s.content) }

// Ref returns the locked order.
func (s *LockScreen) Ref() string { return s.ref }

// explain says why the order is locked and who may release it. It is a
// state, not a refusal: amber, and nothing to acknowledge.
func (s *LockScreen) explain() {
	s.Banner.Set(ToneWarn, tr("lock.locked"), tr("lock.locked_text", "Order", s.ref))
}

// submit takes the supervisor's badge scan or PIN. Enter on the empty
// field (the habit from the screen before) does nothing.
func (s *LockScreen) submit(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	var approval sqlite.Approval
	if code, err := s.app.opts.Parser.Parse(text); err == nil && code.Kind == scan.KindBadge {
		approval.Badge = code.ID
	} else {
		for _, st := range s.staff {
			if st.Name == s.Supervisors.Selected {
				approval.SupervisorID = st.ID
			}
		}
		if approval.SupervisorID == 0 {
			s.Panel.RefuseText(tr("return.which_supervisor"), tr("lock.which_supervisor_text"))
			return
		}
		approval.PIN = text
	}
	ctx, cancel := s.app.ctx()
	_, err := s.app.store.UnlockPickupBy(ctx, s.ref, s.app.user.ID, approval)
	cancel()
	if err != nil {
		title := pickupHeadline(err)
		if core.ErrorReason(err) == core.ErrNotAllowed.Reason {
			title = tr("lock.not_supervisor")
		}
		s.Panel.Refuse("unlock pickup", title, err)
		return
	}
	s.app.ShowHandoff(s.ref, "")
	if h := pickupShown[*HandoffScreen](s.app); h != nil {
		h.Panel.Good(tr("open_picks.released"), tr("lock.released_text")+" "+h.instruction())
	}
}
