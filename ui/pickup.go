package ui

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
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

func init() {
	workflows = append(workflows, HomeAction{Label: "home.store_pickup", Role: core.RoleAssociate, Key: fyne.KeyF5,
		Open: func(a *App) { a.ShowPickup() }, Status: pickupStatus})
}

// pickupStatus is the pickup counter's figures on its home-screen button.
func pickupStatus(a *App) string {
	ctx, cancel := a.ctx()
	defer cancel()
	q, err := a.store.PickupQueue(ctx)
	if err != nil {
		logErr("pickup queue", err)
		return ""
	}
	var waiting, ready, stage int
	for _, e := range q {
		switch {
		case e.Status == core.OrderPicked:
			stage++
		case !e.ArrivedAt.IsZero():
			waiting++
		default:
			ready++
		}
	}
	return tr("pickup.status", "Waiting", waiting, "Ready", ready, "Stage", stage)
}

// PickupScreen is the pickup counter: the queue of store-pickup orders with
// how long each customer has waited, and the search that finds the order
// of the customer in front of the counter. It is the window's content, so
// tests find it there.
type PickupScreen struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject

	Panel     *ScanPanel
	Banner    *Banner
	OK        *widget.Button
	Field     *ScanField
	ListTitle *widget.Label
	List      *fyne.Container // one button per order, numbered
	Rows      []*widget.Button
	Stage     *widget.Button
	Expired   *widget.Button
	Back      *widget.Button

	entries   []sqlite.PickupEntry // what the rows show
	searching bool                 // the rows are search results, not the queue
}

// ShowPickup shows the pickup counter with its queue.
func (a *App) ShowPickup() {
	s := &PickupScreen{app: a, ListTitle: widget.NewLabel(""), List: container.NewVBox()}
	s.ExtendBaseWidget(s)
	s.ListTitle.TextStyle.Bold = true
	s.Panel = a.NewScanPanel(tr("pickup.placeholder"), s.submit)
	s.Panel.OnKey = s.key
	s.Panel.OnAcknowledge = s.acknowledged
	s.Banner, s.Field, s.OK = s.Panel.Banner, s.Panel.Field, s.Panel.OK
	s.Stage = widget.NewButtonWithIcon(tr("pickup.stage")+"  [F2]", theme.MoveDownIcon(), a.ShowStaging)
	s.Expired = widget.NewButtonWithIcon(tr("pickup.expired_to_stock")+"  [F3]", theme.HistoryIcon(), a.ShowPickupReturns)
	s.Back = widget.NewButtonWithIcon(tr("common.back")+"  [Esc]", theme.NavigateBackIcon(), a.ShowHome)

	title := newBigText(tr("pickup.title"), theme.Color(theme.ColorNameForeground))
	title.TextSize = 28
	title.TextStyle.Bold = true
	top := container.NewVBox(title, s.Panel, s.ListTitle)
	actions := container.NewGridWithColumns(3, s.Stage, s.Expired, s.Back)
	s.content = container.NewPadded(container.NewBorder(top, actions, nil, nil, container.NewVScroll(s.List)))
	a.Show(s, s.Field)
	s.showQueue()
	s.Banner.Set(ToneInfo, tr("pickup.next_customer"), tr("pickup.next_customer_rows"))
	s.watch()
}

// queueRefresh is how often the queue's waiting times are brought up to
// date while it shows.
var queueRefresh = 20 * time.Second

// watch refreshes the queue while the screen shows and no search or error
// is on it.
func (s *PickupScreen) watch() {
	done := s.app.done
	var gone atomic.Bool
	every := queueRefresh
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if gone.Load() {
				return
			}
			s.app.opts.do(func() {
				if !holds(s.app.win.Content(), s) {
					gone.Store(true) // seen on the next tick: the screen left
					return
				}
				// Not while someone types: row numbers must not move under them.
				if !s.searching && !s.Panel.Refused() && s.Field.Text == "" {
					s.showQueue()
				}
			})
		}
	}()
}

// CreateRenderer implements fyne.Widget.
func (s *PickupScreen) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}

// Entries returns the orders the rows show.
func (s *PickupScreen) Entries() []sqlite.PickupEntry { return s.entries }

func (s *PickupScreen) showQueue() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	q, err := s.app.store.PickupQueue(ctx)
	if err != nil {
		s.fail(err)
		return
	}
	s.searching = false
	waiting := 0
	for _, e := range q {
		if !e.ArrivedAt.IsZero() && e.Status == core.OrderStaged {
			waiting++
		}
	}
	s.ListTitle.SetText(tr("pickup.queue", "Orders", plural(len(q), "orders"), "Customers", plural(waiting, "customers")))
	s.setRows(q)
	s.training(q)
}

// training offers the pickup QR codes of orders ready on the shelf, and
// the order codes of those still to stage.
func (s *PickupScreen) training(q []sqlite.PickupEntry) {
	if !s.app.opts.Training {
		return
	}
	ctx, cancel := s.app.ctx()
	defer cancel()
	var codes []string
	for _, e := range q {
		switch e.Status {
		case core.OrderStaged:
			if o, err := s.app.store.Order(ctx, e.Ref); err == nil && o.PickupCode != "" {
				codes = append(codes, "PU-"+o.PickupCode)
			}
		case core.OrderPicked:
			codes = append(codes, "ORD-"+e.Ref)
		}
		if len(codes) == 6 {
			break
		}
	}
	s.Panel.SetTraining(codes)
}

func (s *PickupScreen) setRows(list []sqlite.PickupEntry) {
	s.entries = list
	s.Rows = nil
	now := time.Now()
	var objs []fyne.CanvasObject
	for i, e := range list {
		e := e
		b := widget.NewButton(fmt.Sprintf("%d   %s", i+1, entryText(e, now)), func() { s.open(e) })
		b.Alignment = widget.ButtonAlignLeading
		switch {
		case e.Locked || e.Overdue:
			b.Importance = widget.DangerImportance
		case !e.ArrivedAt.IsZero() && e.Status == core.OrderStaged:
			b.Importance = widget.HighImportance
		case e.Status == core.OrderPicked:
			b.Importance = widget.WarningImportance
		}
		s.Rows = append(s.Rows, b)
		objs = append(objs, b)
	}
	if len(list) == 0 {
		objs = append(objs, widget.NewLabel(tr("pickup.nothing_here")))
	}
	s.List.Objects = objs
	s.List.Refresh()
}

// entryText is one queue row: what matters most first.
func entryText(e sqlite.PickupEntry, now time.Time) string {
	var head string
	switch {
	case e.Status == core.OrderStaged && e.Curbside():
		head = tr("pickup.row_curbside", "Bay", e.Bay, "Waited", waited(e.Waiting(now)))
		if e.Car != "" {
			head += " (" + e.Car + ")"
		}
	case e.Status == core.OrderStaged && !e.ArrivedAt.IsZero():
		head = tr("pickup.row_counter", "Waited", waited(e.Waiting(now)))
	case e.Status == core.OrderStaged:
		head = tr("pickup.row_ready", "Waited", waited(now.Sub(e.StagedAt)))
	case e.Status == core.OrderPicked:
		head = tr("pickup.row_to_stage")
	default:
		head = upper(statusWords(e.Status))
	}
	if e.Locked {
		head = tr("pickup.row_locked") + " · " + head
	}
	if e.Overdue {
		head = tr("pickup.row_expired") + " · " + head
	}
	parts := []string{head, e.Ref, e.Customer}
	if e.AltPickup != "" {
		parts = append(parts, tr("pickup.row_or", "Name", e.AltPickup))
	}
	if len(e.Shelves) > 0 {
		parts = append(parts, tr("pickup.row_bags_on", "Bags", plural(e.Bags, "bags"), "Shelves", strings.Join(e.Shelves, ", ")))
	}
	return strings.Join(parts, " · ")
}

func (s *PickupScreen) submit(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		s.showQueue()
		return
	}
	if n, err := strconv.Atoi(text); err == nil && n >= 1 && n <= len(s.entries) && len(text) <= 2 {
		s.open(s.entries[n-1])
		return
	}
	sc, err := pickup.ParseScan(s.app.opts.Parser, text)
	switch {
	case err == nil && sc.Bag != nil:
		s.openRef(sc.Bag.OrderRef)
		return
	case err == nil && sc.Code.Kind == scan.KindPickup:
		s.byCode(sc.Code.ID)
		return
	case err == nil && sc.Code.Kind == scan.KindOrder:
		s.openRef(sc.Code.ID)
		return
	case err == nil && sc.Code.Kind == scan.KindTote:
		s.app.ShowStaging()
		if st := pickupShown[*StagingScreen](s.app); st != nil {
			st.submit(text)
		}
		return
	case err != nil && core.ErrorReason(err) == "bad_bag_code":
		s.fail(err)
		return
	}
	// Anything else is what the customer told: a name, a phone number, an
	// order number.
	s.search(text)
}

// byCode finds the order of the QR code the customer shows and, when it is
// the one order ready for them, opens its handoff verified by that code.
func (s *PickupScreen) byCode(code string) {
	ctx, cancel := s.app.ctx()
	defer cancel()
	list, err := s.app.store.PickupsByCode(ctx, code)
	if err != nil {
		s.fail(err)
		return
	}
	var ready []sqlite.PickupEntry
	for _, e := range list {
		if e.Status == core.OrderStaged {
			ready = append(ready, e)
		}
	}
	switch {
	case len(ready) == 1:
		s.app.opts.Sound.Good()
		s.app.ShowHandoff(ready[0].Ref, code)
	case len(list) == 0:
		s.fail(refusal(core.ENOTFOUND, core.ErrUnknownCode.Reason, tr("pickup.unknown_code")))
	case len(ready) == 0:
		s.showResults(tr("pickup.code"), list)
		s.Panel.RefuseText(tr("headline.not_ready"), tr("pickup.not_ready_text", "Order", list[0].Ref, "Status", statusWords(list[0].Status)))
	default:
		// Two ready orders share the code: let the person choose by name.
		s.showResults(tr("pickup.code"), ready)
		s.Banner.Set(ToneInfo, tr("pickup.choose_order"), tr("pickup.choose_order_text"))
	}
}

func (s *PickupScreen) search(text string) {
	ctx, cancel := s.app.ctx()
	defer cancel()
	list, err := s.app.store.SearchPickups(ctx, text)
	if err != nil {
		s.fail(err)
		return
	}
	s.showResults(tr("pickup.search", "Text", text), list)
	if len(list) == 0 {
		s.Panel.RefuseText(tr("pickup.no_match"), tr("pickup.no_match_text", "Text", text))
		return
	}
	s.Banner.Set(ToneInfo, tr("pickup.found", "N", len(list)), tr("pickup.found_text"))
}

func (s *PickupScreen) showResults(what string, list []sqlite.PickupEntry) {
	s.searching = true
	s.ListTitle.SetText(what + ": " + plural(len(list), "orders"))
	s.setRows(list)
}

func (s *PickupScreen) open(e sqlite.PickupEntry) {
	if e.Status == core.OrderPicked {
		s.app.ShowStaging()
		if st := pickupShown[*StagingScreen](s.app); st != nil {
			st.open(e.Ref)
		}
		return
	}
	s.openRef(e.Ref)
}

func (s *PickupScreen) openRef(ref string) { s.app.ShowHandoff(ref, "") }

func (s *PickupScreen) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF2:
		s.app.ShowStaging()
	case fyne.KeyF3:
		s.app.ShowPickupReturns()
	case fyne.KeyEscape:
		switch {
		case s.searching:
			s.showQueue()
			s.Banner.Set(ToneInfo, tr("pickup.next_customer"), tr("pickup.next_customer_text"))
		default:
			s.app.ShowHome()
		}
	default:
		return false
	}
	return true
}

func (s *PickupScreen) fail(err error) { s.Panel.Refuse("pickup", pickupHeadline(err), err) }

// acknowledged shows the step again once a refusal is read.
func (s *PickupScreen) acknowledged() {
	s.Banner.Set(ToneInfo, tr("pickup.next_customer"), tr("pickup.next_customer_text"))
	s.app.win.Canvas().Focus(s.Field)
}
