package ui

import (
	"fmt"
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
	s := &SignInScreen{app: a}
	s.Panel = a.NewScanPanel("Scan your badge, or type your PIN", s.submit)
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
	s.Names.PlaceHolder = "Choose your name"
	s.Field.Password = true
	s.Panel.SetExtra(s.Names)
	s.Button = widget.NewButtonWithIcon("Sign in", theme.LoginIcon(), func() { s.submit(s.Field.Text); s.Field.SetText("") })
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
	s.Banner.Set(ToneInfo, "SIGN IN", "Scan your badge, or choose your name and type your PIN.")
	if len(s.staff) == 0 {
		s.Banner.Set(ToneWarn, "NO STAFF", "No staff are set up on this station yet. Connect it to the hub, or start it with --demo.")
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
			s.Panel.RefuseText("WHO ARE YOU?", "Choose your name first, then type your PIN. Or scan your badge.")
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
		s.Panel.Refuse("sign in", "NOT SIGNED IN", err)
		return
	}
	a.user = &who
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
		a.ShowPick(id, fmt.Sprintf("Welcome back, %s: your pick continues where you left it.", a.user.Name))
		return
	}
	a.ShowHome()
}
