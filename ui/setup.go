package ui

import (
	"context"
	"strings"
	gosync "sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/ui/i18n"
)

// Languages a station can be set to, by code, each named in its own
// language: the translations of ui/i18n. The choice is the station's
// default language (SettingLanguage), which the screens speak to whoever
// has no language of their own on their staff record.
var Languages = func() []Language {
	out := make([]Language, len(i18n.Languages))
	for i, code := range i18n.Languages {
		out[i] = Language{code, i18n.Names[code]}
	}
	return out
}()

// Language is one language a station's screens can speak.
type Language struct{ Code, Name string }

// SetupRequest is what the first-start screen collected: a scanned
// enrolment code, or the hub's address and one-time code typed by hand.
type SetupRequest struct {
	Scanned  string
	HubURL   string
	Code     string
	Name     string // the station's name; "" keeps the one given with the code
	Language string // a Languages code
}

// SetupOptions wire the first-start screen.
type SetupOptions struct {
	Title string
	// Enrol connects the station to its hub. It runs off the UI goroutine
	// (it talks to the hub) and returns who the station now is.
	Enrol func(ctx context.Context, r SetupRequest) (core.Terminal, error)
	// Done is called on the UI goroutine once the station is enrolled.
	Done func(core.Terminal)
	// Skip, when set, offers to go on without a hub for now.
	Skip func()
	// Sound plays the good and bad tones; nil is silent.
	Sound Sounder

	do func(func()) // fyne.Do unless a test stands in for it
}

// SetupScreen is what a station with no hub shows on its first start:
// its language, its name, and "scan the enrolment code" (or type the
// hub's address and the code).
type SetupScreen struct {
	opts     SetupOptions
	win      fyne.Window
	Language *widget.Select
	Name     *widget.Entry
	Field    *ScanField // the enrolment code's scan
	HubURL   *widget.Entry
	Code     *widget.Entry
	Enrol    *widget.Button // enrol with what was typed
	SkipBtn  *widget.Button
	Banner   *Banner

	mu   gosync.Mutex
	busy bool
}

// ShowSetup shows the first-start screen in win.
func ShowSetup(win fyne.Window, opts SetupOptions) *SetupScreen {
	if opts.do == nil {
		opts.do = fyne.Do
	}
	if opts.Sound == nil {
		opts.Sound = silent{}
	}
	s := &SetupScreen{opts: opts, win: win, Banner: NewBanner()}
	names := make([]string, len(Languages))
	for i, l := range Languages {
		names[i] = l.Name
	}
	s.Language = widget.NewSelect(names, nil)
	for i, l := range Languages {
		if l.Code == i18n.Current() {
			s.Language.SetSelectedIndex(i)
		}
	}
	s.Language.OnChanged = func(string) {
		if code := s.language(); code != i18n.Current() {
			// The screen speaks the language as soon as it is chosen.
			i18n.SetLanguage(code)
			ShowSetup(win, opts)
			return
		}
		win.Canvas().Focus(s.Field)
	}
	s.Name = widget.NewEntry()
	s.Name.SetPlaceHolder(tr("setup.name_placeholder"))
	s.Field = NewScanField(tr("setup.scan_code"), func(text string) { s.submit(SetupRequest{Scanned: text}) })
	s.HubURL = widget.NewEntry()
	s.HubURL.SetPlaceHolder(tr("setup.hub_placeholder"))
	s.Code = widget.NewEntry()
	s.Code.SetPlaceHolder(tr("setup.code_placeholder"))
	s.Enrol = widget.NewButtonWithIcon(tr("setup.enrol_typed"), theme.ConfirmIcon(), func() {
		s.submit(SetupRequest{HubURL: s.HubURL.Text, Code: s.Code.Text})
	})
	s.Banner.Set(ToneInfo, tr("setup.title"), tr("setup.how"))

	title := canvas.NewText(opts.Title, theme.Color(theme.ColorNameForeground))
	if title.Text == "" {
		title.Text = "Stationhand"
	}
	title.TextSize = 32
	title.TextStyle.Bold = true
	typed := widget.NewAccordion(widget.NewAccordionItem(tr("setup.no_scanner"),
		container.NewVBox(s.HubURL, s.Code, s.Enrol)))
	form := container.NewVBox(title, s.Banner,
		widget.NewForm(widget.NewFormItem(tr("setup.language"), s.Language), widget.NewFormItem(tr("setup.station_name"), s.Name)),
		s.Field, typed)
	if opts.Skip != nil {
		s.SkipBtn = widget.NewButton(tr("setup.skip"), opts.Skip)
		form.Add(s.SkipBtn)
	}
	win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(640, 560), form)))
	win.Canvas().Focus(s.Field)
	return s
}

func (s *SetupScreen) language() string {
	for _, l := range Languages {
		if l.Name == s.Language.Selected {
			return l.Code
		}
	}
	return Languages[0].Code
}

// submit enrols the station in the background; the screen says what
// happens and stays usable for another try if it fails.
func (s *SetupScreen) submit(r SetupRequest) {
	if r.Scanned != "" && !enrol.IsCode(r.Scanned) {
		s.Banner.Set(ToneBad, tr("setup.not_a_code"), tr("setup.not_a_code_text"))
		s.opts.Sound.Bad()
		return
	}
	s.mu.Lock()
	if s.busy {
		s.mu.Unlock()
		return
	}
	s.busy = true
	s.mu.Unlock()
	r.Name = strings.TrimSpace(s.Name.Text)
	r.Language = s.language()
	s.Banner.Set(ToneInfo, tr("setup.connecting"), tr("setup.connecting_text"))
	s.Enrol.Disable()
	go func() {
		term, err := s.opts.Enrol(context.Background(), r)
		s.opts.do(func() {
			s.mu.Lock()
			s.busy = false
			s.mu.Unlock()
			s.Enrol.Enable()
			if err != nil {
				logErr("enrol", err)
				s.Banner.Set(ToneBad, tr("setup.not_enrolled"), errorText(err))
				s.opts.Sound.Bad()
				s.win.Canvas().Focus(s.Field)
			} else {
				s.Banner.Set(ToneGood, tr("setup.enrolled"), tr("setup.enrolled_text", "Name", term.Name, "Location", term.Location))
				s.opts.Sound.Good()
				if s.opts.Done != nil {
					s.opts.Done(term)
				}
			}
		})
	}()
}
