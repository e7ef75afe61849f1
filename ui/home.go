package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

// HomeScreen shows the person's queues and open work, and starts work by
// role: a scan on home does what the person's roles allow.
type HomeScreen struct {
	app        *App
	Queues     *widget.Label       // the queues in words (the tiles show them large)
	Tiles      []fyne.CanvasObject // one per queue the person works on
	Day        *widget.Label       // the person's day; a supervisor's shows everyone
	OpenPicks  *fyne.Container     // the person's own unfinished picks, oldest first
	PickNext   *widget.Button
	PickBatch  *widget.Button
	BatchSize  *widget.Select
	Exceptions *widget.Button
	Panel      *ScanPanel
	Field      *ScanField
	Banner     *Banner
	Dock       *dockCard // the dock's backlog and cut-offs (dispatch and supervisors)

	open   []sqlite.OpenPick
	queues sqlite.QueueCounts
}

// ShowHome shows the home screen.
func (a *App) ShowHome() {
	if a.user == nil {
		a.ShowSignIn()
		return
	}
	h := &HomeScreen{app: a, Queues: widget.NewLabel(""), OpenPicks: container.NewVBox()}
	h.Queues.TextStyle.Monospace = true
	h.Panel = a.NewScanPanel(homePlaceholder(*a.user), h.submit)
	h.Field, h.Banner = h.Panel.Field, h.Panel.Banner
	h.Panel.OnAcknowledge = h.greet
	h.Panel.OnKey = func(k fyne.KeyName) bool {
		switch {
		case k == fyne.KeyF1 && a.user.CanPick():
			h.startPick(1)
		case k == fyne.KeyF2 && a.user.CanPick():
			h.startPick(h.batchSize())
		case k == fyne.KeyEscape:
			a.SignOut()
		default:
			for _, x := range a.extraHome {
				if x.Key == k && (x.Role == "" || a.user.Can(x.Role)) {
					x.Open(a)
					return true
				}
			}
			return false
		}
		return true
	}
	h.PickNext = widget.NewButtonWithIcon(tr("home.pick_next")+"  [F1]", theme.NavigateNextIcon(), func() { h.startPick(1) })
	h.PickNext.Importance = widget.HighImportance
	h.BatchSize = widget.NewSelect([]string{"2", "3", "4", "6", "8"}, nil)
	h.BatchSize.SetSelected("4")
	h.PickBatch = widget.NewButtonWithIcon(tr("home.batch_pick")+"  [F2]", theme.ListIcon(), func() { h.startPick(h.batchSize()) })
	h.Exceptions = widget.NewButtonWithIcon(tr("home.exceptions"), theme.WarningIcon(), func() { a.ShowExceptions() })
	signOut := widget.NewButtonWithIcon(tr("home.sign_out")+"  [Esc]", theme.LogoutIcon(), a.SignOut)

	h.refresh()
	h.greet()

	hello := newBigText(a.opts.Title, theme.Color(theme.ColorNameForeground))
	hello.TextSize = 28
	hello.TextStyle.Bold = true
	var actions []fyne.CanvasObject
	if a.user.CanPick() {
		actions = append(actions, h.PickNext, container.NewBorder(nil, nil, nil, h.BatchSize, h.PickBatch))
	}
	for _, x := range a.extraHome {
		if x.Role == "" || a.user.Can(x.Role) {
			x := x
			label := trLabel(x.Label)
			if x.Key != "" {
				label += "  [" + string(x.Key) + "]"
			}
			if x.Status != nil {
				if st := x.Status(a); st != "" {
					label += "  ·  " + st
				}
			}
			actions = append(actions, widget.NewButton(label, func() { x.Open(a) }))
		}
	}
	actions = append(actions, h.Exceptions, signOut)
	leftObjs := []fyne.CanvasObject{hello, h.Panel}
	if a.user.CanPick() && len(h.open) > 0 {
		leftObjs = append(leftObjs, widget.NewCard(tr("home.open_picks"), tr("home.open_picks_sub"), h.OpenPicks))
	}
	leftObjs = append(leftObjs, h.tiles(h.queues))
	if a.user.Can(core.RoleDispatch) {
		leftObjs = append(leftObjs, h.dock())
	}
	leftObjs = append(leftObjs, h.dayOf())
	left := container.NewVBox(leftObjs...)
	right := container.NewVBox(actions...)
	a.Show(container.NewPadded(sideBySide(left, right)), h.Field)
	a.home = h
}

// homePlaceholder says what the scan field on home takes, by role.
func homePlaceholder(u core.Staff) string {
	switch {
	case u.CanPick() && u.Can(core.RolePacker):
		return tr("home.scan_pick_or_pack")
	case u.CanPick():
		return tr("home.scan_pick")
	case u.Can(core.RolePacker):
		return tr("home.scan_pack")
	}
	return tr("home.scan_here")
}

// greet says hello and what this person can start here.
func (h *HomeScreen) greet() {
	u := h.app.user
	var do []string
	if u.CanPick() {
		if len(h.open) > 0 {
			do = append(do, tr("home.greet_open", "N", len(h.open)))
		} else {
			do = append(do, tr("home.greet_pick"))
		}
	}
	if u.Can(core.RolePacker) {
		do = append(do, tr("home.greet_pack"))
	}
	if u.Can(core.RoleAssociate) {
		do = append(do, tr("home.greet_pickup"))
	}
	if u.Can(core.RoleInspector) {
		do = append(do, tr("home.greet_returns"))
	}
	if u.Can(core.RoleDispatch) {
		do = append(do, tr("home.greet_dock"))
	}
	if u.Can(core.RoleSupervisor) {
		do = append(do, tr("home.greet_supervisor"))
	}
	h.Banner.Set(ToneInfo, tr("home.hello", "Name", upper(u.Name)), strings.Join(do, " "))
}

func (h *HomeScreen) batchSize() int {
	var n int
	fmt.Sscan(h.BatchSize.Selected, &n)
	return max(n, 2)
}

func (h *HomeScreen) refresh() {
	a := h.app
	ctx, cancel := a.ctx()
	defer cancel()
	q, err := a.store.Queues(ctx)
	if err != nil {
		logErr("queues", err)
		h.Queues.SetText(errorText(err))
		return
	}
	h.queues = q
	h.Queues.SetText(queueTable([]queueRow{
		{tr("home.queue_pick_ship"), q.ToPick[core.FulfillShip]},
		{tr("home.queue_pick_pickup"), q.ToPick[core.FulfillStorePickup]},
		{tr("home.queue_pick_ship_from_store"), q.ToPick[core.FulfillShipFromStore]},
		{tr("home.queue_being_picked"), q.Picking},
		{tr("home.queue_to_pack"), q.ToPack},
		{tr("home.queue_to_stage"), q.ToStage},
	}))
	h.Exceptions.SetText(tr("home.exceptions_n", "N", q.Exceptions))
	if q.Exceptions > 0 {
		h.Exceptions.Importance = widget.DangerImportance
	}
	if !a.user.CanPick() {
		return
	}
	h.open, err = a.store.OpenPicks(ctx, a.user.ID)
	if err != nil {
		logErr("open picks", err)
	}
	var rows []fyne.CanvasObject
	for _, p := range h.open {
		p := p
		b := widget.NewButtonWithIcon(openPickText(p, a.now()), theme.NavigateNextIcon(), func() { a.ShowPick(p.ID, "") })
		b.Alignment = widget.ButtonAlignLeading
		rows = append(rows, b)
	}
	h.OpenPicks.Objects = rows
	h.OpenPicks.Refresh()
}

// openPickText is one open pick in a list: its orders, progress and age.
func openPickText(p sqlite.OpenPick, now time.Time) string {
	return tr("home.open_pick_row", "Orders", strings.Join(p.Orders, ", "), "Done", p.Done, "Total", p.Total, "Ago", ago(now.Sub(p.CreatedAt)))
}

// startPick goes back to the person's oldest open pick, or claims the next
// n orders when they have none: a pick is never left behind by F1.
func (h *HomeScreen) startPick(n int) {
	a := h.app
	if !a.user.CanPick() {
		h.Panel.RefuseText(tr("home.not_your_role"), tr("home.needs_picker")+" "+h.Banner.Text())
		return
	}
	if len(h.open) > 0 {
		a.opts.Sound.Good()
		a.ShowPick(h.open[0].ID, tr("home.oldest_first", "N", len(h.open)))
		return
	}
	ctx, cancel := a.ctx()
	defer cancel()
	id, err := a.store.ClaimNext(ctx, a.user.ID, n)
	if err != nil {
		h.fail(err)
		return
	}
	a.opts.Sound.Good()
	a.ShowPick(id, "")
}

func (h *HomeScreen) submit(text string) {
	a := h.app
	if strings.TrimSpace(text) == "" {
		return // Enter on the empty field: nothing to do
	}
	code, err := a.opts.Parser.Parse(text)
	if err != nil {
		h.fail(err)
		return
	}
	switch {
	case code.Kind == scan.KindOrder:
		h.order(code.ID)
	case code.Kind == scan.KindTote && a.user.Can(core.RolePacker):
		a.ShowPack()
		if p := pickupShown[*PackScreen](a); p != nil {
			p.find(code)
		}
	default:
		h.Panel.RefuseText(tr("home.not_an_order"), tr("home.scan_order_here")+" "+h.Banner.Text())
	}
}

// order does with a scanned order what the person's roles allow: pick it
// when it waits to be picked, pack or stage it when it is picked, and
// otherwise say where it is.
func (h *HomeScreen) order(ref string) {
	a := h.app
	u := a.user
	ctx, cancel := a.ctx()
	defer cancel()
	o, err := a.store.Order(ctx, ref)
	if err != nil {
		h.fail(err)
		return
	}
	switch o.Status {
	case core.OrderOpen, core.OrderPicking:
		if !u.CanPick() {
			h.Panel.RefuseText(tr("home.not_picked_yet"), tr("home.not_picked_yet_text", "Order", ref, "Status", statusWords(o.Status)))
			return
		}
		id, err := a.store.ClaimOrders(ctx, u.ID, ref)
		if err != nil {
			h.fail(err)
			return
		}
		a.opts.Sound.Good()
		a.ShowPick(id, "")
	case core.OrderPicked:
		switch {
		case o.Fulfillment == core.FulfillStorePickup && u.Can(core.RoleAssociate):
			a.ShowStaging()
			if s := pickupShown[*StagingScreen](a); s != nil {
				s.open(ref)
			}
		case o.Fulfillment != core.FulfillStorePickup && u.Can(core.RolePacker):
			a.ShowPack()
			if p := pickupShown[*PackScreen](a); p != nil {
				p.openQueue([]string{ref})
			}
		default:
			goes := tr("home.goes_to_pack", "Order", ref)
			if o.Fulfillment == core.FulfillStorePickup {
				goes = tr("home.goes_to_stage", "Order", ref)
			}
			h.Panel.RefuseText(tr("home.already_picked"), goes)
		}
	default:
		h.Panel.RefuseText(tr("home.nothing_to_do"), tr("home.nothing_to_do_text", "Order", ref, "Status", statusWords(o.Status)))
	}
}

// statusWords says an order's status in words.
func statusWords(s core.OrderStatus) string {
	switch s {
	case core.OrderOpen:
		return tr("status_words.open")
	case core.OrderPicking:
		return tr("status_words.picking")
	}
	if k := "status_words." + string(s); i18n.Has(k) {
		return tr(k)
	}
	return string(s)
}

// queueRow is one line of the home screen's queues: what, and how many.
type queueRow struct {
	what string
	n    int
}

// queueTable lines the queues up in the monospaced label, counts on the
// right.
func queueTable(rows []queueRow) string {
	width := 0
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r.what))
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = r.what + strings.Repeat(" ", width-utf8.RuneCountInString(r.what)) + " " + fmt.Sprintf("%4s", i18n.Number(r.n))
	}
	return strings.Join(lines, "\n")
}

func (h *HomeScreen) fail(err error) { h.Panel.Refuse("home", headline(err), err) }
