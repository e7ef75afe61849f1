package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

func init() {
	workflows = append(workflows, HomeAction{Label: "home.open_picks_action", Role: core.RoleSupervisor, Key: fyne.KeyF7,
		Open: func(a *App) { a.ShowOpenPicks() }})
}

// OpenPicksScreen is where a supervisor sees every unfinished pick at the
// station and releases it (its orders go back to the queue) or gives it to
// another picker.
type OpenPicksScreen struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject

	Panel    *ScanPanel
	List     *fyne.Container
	Release  []*widget.Button
	Reassign []*widget.Select // who to give each pick to
	Back     *widget.Button

	picks   []sqlite.OpenPick
	pickers []core.Staff
}

// ShowOpenPicks shows every open pick; supervisors only.
func (a *App) ShowOpenPicks() {
	s := &OpenPicksScreen{app: a, List: container.NewVBox()}
	s.ExtendBaseWidget(s)
	s.Panel = a.NewScanPanel(tr("open_picks.placeholder"), s.submit)
	s.Panel.OnKey = func(k fyne.KeyName) bool {
		if k == fyne.KeyEscape {
			a.ShowHome()
			return true
		}
		return false
	}
	s.Panel.OnAcknowledge = s.explain
	s.Back = widget.NewButtonWithIcon(tr("common.back")+"  [Esc]", theme.NavigateBackIcon(), a.ShowHome)
	title := newBigText(tr("open_picks.title"), theme.Color(theme.ColorNameForeground))
	title.TextSize = 28
	title.TextStyle.Bold = true
	s.content = container.NewPadded(container.NewBorder(container.NewVBox(title, s.Panel), s.Back, nil, nil, container.NewVScroll(s.List)))
	a.Show(s, s.Panel.Field)
	s.load()
	s.explain()
}

// CreateRenderer implements fyne.Widget.
func (s *OpenPicksScreen) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}

func (s *OpenPicksScreen) explain() {
	s.Panel.Say(tr("open_picks.n", "N", len(s.picks)), tr("open_picks.how"))
}

func (s *OpenPicksScreen) load() {
	a := s.app
	ctx, cancel := a.ctx()
	defer cancel()
	picks, err := a.store.OpenPicks(ctx, 0)
	if err != nil {
		s.Panel.Refuse("open picks", tr("common.cannot_load"), err)
		return
	}
	staff, err := a.store.StaffList(ctx)
	if err != nil {
		logErr("staff list", err)
	}
	s.pickers = nil
	var names []string
	for _, st := range staff {
		if st.CanPick() {
			s.pickers = append(s.pickers, st)
			names = append(names, st.Name)
		}
	}
	s.picks, s.Release, s.Reassign = picks, nil, nil
	var rows []fyne.CanvasObject
	for i, p := range picks {
		p := p
		release := widget.NewButtonWithIcon(tr("open_picks.release"), theme.ContentUndoIcon(), func() { s.release(p.ID) })
		give := widget.NewSelect(names, nil)
		give.PlaceHolder = tr("open_picks.give_to")
		give.OnChanged = func(name string) { s.reassign(p.ID, name) }
		s.Release, s.Reassign = append(s.Release, release), append(s.Reassign, give)
		label := widget.NewLabel(fmt.Sprintf("%d  %s · %s", i+1, p.StaffName, openPickText(p, a.now())))
		label.Wrapping = fyne.TextWrapWord
		rows = append(rows, container.NewBorder(nil, nil, nil, container.NewHBox(release, give), label))
	}
	if len(rows) == 0 {
		rows = append(rows, widget.NewLabel(tr("open_picks.none")))
	}
	s.List.Objects = rows
	s.List.Refresh()
}

func (s *OpenPicksScreen) submit(text string) {
	var n int
	if _, err := fmt.Sscan(text, &n); err != nil || n < 1 || n > len(s.picks) {
		if text != "" {
			s.Panel.RefuseText(tr("common.not_on_list"), tr("common.type_number", "N", len(s.picks)))
		}
		return
	}
	s.release(s.picks[n-1].ID)
}

func (s *OpenPicksScreen) release(id string) {
	a := s.app
	ctx, cancel := a.ctx()
	err := a.store.ReleasePick(ctx, id, a.user.ID)
	cancel()
	if err != nil {
		s.Panel.Refuse("release pick", tr("open_picks.not_released"), err)
		return
	}
	s.load()
	s.Panel.Good(tr("open_picks.released"), tr("open_picks.released_text"))
}

func (s *OpenPicksScreen) reassign(id, name string) {
	a := s.app
	var to int64
	for _, p := range s.pickers {
		if p.Name == name {
			to = p.ID
		}
	}
	ctx, cancel := a.ctx()
	err := a.store.ReassignPick(ctx, id, to, a.user.ID)
	cancel()
	if err != nil {
		s.Panel.Refuse("reassign pick", tr("open_picks.not_reassigned"), err)
		return
	}
	s.load()
	s.Panel.Good(tr("open_picks.given", "Name", upper(name)), tr("open_picks.given_text", "Name", name))
}
