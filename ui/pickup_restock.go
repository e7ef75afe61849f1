package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

// PickupReturnsScreen lists the orders not collected in time and the
// orders with units to put back (expired, or refused at the counter); it
// walks the person through scanning each unit back into a bin.
type PickupReturnsScreen struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject

	Step   *BigText
	Tasks  *widget.Label
	Panel  *ScanPanel
	Banner *Banner
	OK     *widget.Button
	Field  *ScanField
	List   *fyne.Container // numbered: expired orders first, then returns to stock
	Rows   []*widget.Button
	Back   *widget.Button

	expired []sqlite.PickupEntry
	restock []sqlite.RestockOrder
	r       *pickup.Restock // the return to stock under way, nil before one is chosen

}

// ShowPickupReturns shows the expired list and the returns to stock.
func (a *App) ShowPickupReturns() {
	s := &PickupReturnsScreen{app: a, List: container.NewVBox()}
	s.ExtendBaseWidget(s)
	s.Step = newBigText(tr("restock.title"), theme.Color(theme.ColorNameForeground))
	s.Step.TextSize = 26
	s.Step.TextStyle.Bold = true
	s.Tasks = widget.NewLabel("")
	s.Tasks.TextStyle.Monospace = true
	s.Panel = a.NewScanPanel(tr("restock.placeholder"), s.submit)
	s.Panel.OnKey = s.key
	s.Panel.OnAcknowledge = s.acknowledged
	s.Banner, s.Field, s.OK = s.Panel.Banner, s.Panel.Field, s.Panel.OK
	s.Back = widget.NewButtonWithIcon(tr("restock.back")+"  [Esc]", theme.NavigateBackIcon(), a.ShowPickup)
	left := container.NewVBox(s.Step, s.Panel, widget.NewCard(tr("restock.to_put_back"), "", s.Tasks))
	right := container.NewBorder(nil, s.Back, nil, nil, container.NewVScroll(s.List))
	s.content = container.NewPadded(sideBySide(left, right))
	a.Show(s, s.Field)
	s.reload()
	s.Banner.Set(ToneInfo, tr("return.choose"), tr("restock.choose_text"))
}

// CreateRenderer implements fyne.Widget.
func (s *PickupReturnsScreen) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}

// Restock returns the return to stock under way, or nil.
func (s *PickupReturnsScreen) Restock() *pickup.Restock { return s.r }

func (s *PickupReturnsScreen) reload() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	var err error
	if s.expired, err = s.app.store.ExpiredPickups(ctx); err == nil {
		s.restock, err = s.app.store.RestockOrders(ctx)
	}
	if err != nil {
		s.fail(err)
	}
	now := time.Now()
	s.Rows = nil
	var objs []fyne.CanvasObject
	for _, e := range s.expired {
		e := e
		b := widget.NewButton(fmt.Sprintf("%d   ", len(s.Rows)+1)+tr("restock.row_expired", "Waited", waited(now.Sub(e.StagedAt)), "Order", e.Ref,
			"Customer", e.Customer, "Bags", plural(e.Bags, "bags"), "Shelves", strings.Join(e.Shelves, ", ")), func() { s.expire(e.Ref) })
		b.Importance = widget.DangerImportance
		b.Alignment = widget.ButtonAlignLeading
		s.Rows = append(s.Rows, b)
		objs = append(objs, b)
	}
	for _, r := range s.restock {
		r := r
		b := widget.NewButton(fmt.Sprintf("%d   ", len(s.Rows)+1)+tr("restock.row_put_back", "Units", plural(r.Units, "units"), "Order", r.Ref, "Customer", r.Customer, "Reason", restockReason(r.Reason)), func() { s.open(r.Ref) })
		b.Alignment = widget.ButtonAlignLeading
		s.Rows = append(s.Rows, b)
		objs = append(objs, b)
	}
	if len(objs) == 0 {
		objs = append(objs, widget.NewLabel(tr("restock.nothing")))
	}
	s.List.Objects = objs
	s.List.Refresh()
	s.render()
}

func (s *PickupReturnsScreen) render() {
	if s.r == nil {
		s.Tasks.SetText("")
		return
	}
	var lines []string
	for _, t := range s.r.Tasks {
		home := t.HomeBin
		if home == "" {
			home = tr("restock.any_bin")
		}
		lines = append(lines, tr("restock.task", "Done", t.Done, "Qty", t.Qty, "Item", t.Name, "Bin", home))
	}
	s.Tasks.SetText(strings.Join(lines, "\n"))
	step := s.r.Next()
	switch step.Kind {
	case pickup.RestockBin:
		s.Step.Text = tr("pick.step_go_to_bin") + " " + orDash(step.Task.HomeBin)
	case pickup.RestockItem:
		s.Step.Text = tr("restock.step_scan", "Bin", s.r.BinCode, "Item", upper(step.Task.Name))
	default:
		s.Step.Text = tr("restock.all_back_in_stock")
	}
	s.Step.Refresh()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (s *PickupReturnsScreen) instruction() string {
	if s.r == nil {
		return tr("restock.do_start")
	}
	step := s.r.Next()
	switch step.Kind {
	case pickup.RestockBin:
		return tr("restock.do_bin", "Item", step.Task.Name, "Bin", orDash(step.Task.HomeBin))
	case pickup.RestockItem:
		return tr("restock.do_units", "Bin", s.r.BinCode, "Left", s.r.Left())
	}
	return tr("restock.do_done", "Order", s.r.OrderRef)
}

// expire takes an order off the hold shelf and starts its return to stock.
func (s *PickupReturnsScreen) expire(ref string) {
	ctx, cancel := s.app.ctx()
	res, err := s.app.store.ExpirePickup(ctx, ref, s.app.user.ID)
	cancel()
	if err != nil {
		s.fail(err)
		return
	}
	s.open(ref)
	s.Panel.Good(tr("pickup.row_expired"), tr("restock.take_off", "Bags", plural(len(res.Handoff.Bags), "bags"), "Order", ref, "Shelves", strings.Join(res.Handoff.Shelves(), ", "))+" "+s.instruction())
}

func (s *PickupReturnsScreen) open(ref string) {
	ctx, cancel := s.app.ctx()
	r, err := s.app.store.Restock(ctx, ref)
	cancel()
	if err != nil {
		s.fail(err)
		return
	}
	s.r = r
	s.reload()
	s.Banner.Set(ToneInfo, upper(tr("pick.order", "Order", ref)), s.instruction())
	s.focus()
}

func (s *PickupReturnsScreen) submit(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	if n, err := strconv.Atoi(text); err == nil && len(text) <= 2 && n >= 1 && n <= len(s.Rows) {
		if n <= len(s.expired) {
			s.expire(s.expired[n-1].Ref)
		} else {
			s.open(s.restock[n-1-len(s.expired)].Ref)
		}
		return
	}
	if s.r == nil {
		s.fail(refusal(core.ECONFLICT, "unexpected_scan", tr("restock.choose_first")))
		return
	}
	code, err := s.app.opts.Parser.Parse(text)
	if err != nil {
		s.fail(err)
		return
	}
	ctx, cancel := s.app.ctx()
	res, err := s.app.store.RestockScan(ctx, s.r.OrderRef, s.app.user.ID, code)
	cancel()
	if err != nil {
		s.fail(err)
		return
	}
	s.r = res.Restock
	title := tr("restock.ok_bin", "Bin", res.Effect.ShelfCode)
	if res.Effect.Kind == pickup.EffectRestock {
		title = tr("restock.ok_in", "N", res.Effect.Qty, "Bin", res.Effect.ShelfCode)
	}
	if s.r.Next().Kind == pickup.RestockDone {
		s.reload()
		title = tr("restock.ok_all_back")
	} else {
		s.render()
	}
	s.Panel.Good(title, s.instruction())
	s.focus()
}

func (s *PickupReturnsScreen) key(k fyne.KeyName) bool {
	if k != fyne.KeyEscape {
		return false
	}
	s.app.ShowPickup()
	return true
}

func (s *PickupReturnsScreen) fail(err error) {
	s.Panel.Refuse("pickup returns", pickupHeadline(err), err)
}

// acknowledged shows the step again once a refusal is read.
func (s *PickupReturnsScreen) acknowledged() {
	s.Banner.Set(ToneInfo, tr("panel.next"), s.instruction())
	s.focus()
}

func (s *PickupReturnsScreen) focus() { s.app.win.Canvas().Focus(s.Field) }

// restockReason is why units go back to stock (refused at handoff, by
// reason key, or expired), in words.
func restockReason(key string) string {
	if k := "refuse_reason." + key; i18n.Has(k) {
		return tr(k)
	}
	if k := "restock_reason." + key; i18n.Has(k) {
		return tr(k)
	}
	return key
}
