package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// SignInScreen signs staff in by badge scan, or by name and PIN.
type SignInScreen struct {
	app    *App
	staff  []core.Staff
	Names  *widget.Select
	Field  *ScanField // badge scan, or the PIN for the chosen name
	Button *widget.Button
	Panel  *ScanPanel
	Banner *Banner
}

// ShowSignIn shows the sign-in screen.
func (a *App) ShowSignIn() {
	// Whoever comes next is greeted in the station's language; their own
	// takes over once they are signed in.
	a.useLanguage("")
	s := &SignInScreen{app: a}
	s.Panel = a.NewScanPanel(tr("sign_in.placeholder"), s.submit)
	s.Panel.OnAcknowledge = s.ask
	s.Banner, s.Field = s.Panel.Banner, s.Panel.Field
	ctx, cancel := a.ctx()
	defer cancel()
	staff, err := a.store.StaffList(ctx)
	if err != nil {
		logErr("staff list", err)
	}
	s.staff = staff
	names := make([]string, len(staff))
	for i, st := range staff {
		names[i] = st.Name
	}
	s.Names = widget.NewSelect(names, func(string) { a.win.Canvas().Focus(s.Field) })
	s.Names.PlaceHolder = tr("sign_in.choose_name")
	s.Field.Password = true
	s.Panel.SetExtra(s.Names)
	s.Button = widget.NewButtonWithIcon(tr("sign_in.button"), theme.LoginIcon(), func() { s.submit(s.Field.Text); s.Field.SetText("") })
	s.Button.Importance = widget.HighImportance
	s.ask()

	title := newBigText(a.opts.Title, theme.Color(theme.ColorNameForeground))
	title.TextSize = 32
	title.TextStyle.Bold = true
	form := container.NewVBox(title, s.Panel, s.Button)
	a.Show(container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 420), form)), s.Field)
	a.signIn = s
}

// ask says how to sign in, or that nobody can yet.
func (s *SignInScreen) ask() {
	s.Banner.Set(ToneInfo, tr("sign_in.title_banner"), tr("sign_in.how"))
	if len(s.staff) == 0 {
		s.Banner.Set(ToneWarn, tr("sign_in.no_staff"), tr("sign_in.no_staff_text"))
	}
}

func (s *SignInScreen) submit(text string) {
	a := s.app
	if strings.TrimSpace(text) == "" {
		return
	}
	ctx, cancel := a.ctx()
	defer cancel()
	var who core.Staff
	var err error
	if code, perr := a.opts.Parser.Parse(text); perr == nil && code.Kind == scan.KindBadge {
		who, err = a.store.SignInBadge(ctx, code.ID)
	} else {
		id := s.selectedID()
		if id == 0 {
			s.Panel.RefuseText(tr("sign_in.who"), tr("sign_in.who_text"))
			return
		}
		who, err = a.store.SignInPIN(ctx, id, text)
	}
	if core.ErrorReason(err) == core.ReasonPINChangeRequired {
		// The right PIN, too short for their roles now: a new one first.
		for _, st := range s.staff {
			if st.ID == s.selectedID() {
				a.showPINChange(st, text)
				return
			}
		}
	}
	if err != nil {
		s.Panel.Refuse("sign in", tr("sign_in.refused"), err)
		return
	}
	a.user = &who
	a.useLanguage(who.Language)
	a.opts.Sound.Good()
	a.afterSignIn()
}

func (s *SignInScreen) selectedID() int64 {
	for _, st := range s.staff {
		if st.Name == s.Names.Selected {
			return st.ID
		}
	}
	return 0
}

// afterSignIn resumes the oldest unfinished pick of someone who picks, or
// shows the home screen.
func (a *App) afterSignIn() {
	ctx, cancel := a.ctx()
	defer cancel()
	if !a.user.CanPick() {
		a.ShowHome()
		return
	}
	if id, err := a.store.ActiveBatch(ctx, a.user.ID); err == nil && id != "" {
		a.ShowPick(id, tr("sign_in.welcome_back", "Name", a.user.Name))
		return
	}
	a.ShowHome()
}
