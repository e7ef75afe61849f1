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
	"github.com/stationhand/stationhand/core/scan"
)

// HomeScreen shows the queues and starts work.
type HomeScreen struct {
	app        *App
	Queues     *widget.Label
	PickNext   *widget.Button
	PickBatch  *widget.Button
	BatchSize  *widget.Select
	Exceptions *widget.Button
	Panel      *ScanPanel
	Field      *ScanField
	Banner     *Banner
}

// ShowHome shows the home screen.
func (a *App) ShowHome() {
	if a.user == nil {
		a.ShowSignIn()
		return
	}
	h := &HomeScreen{app: a, Queues: widget.NewLabel("")}
	h.Queues.TextStyle.Monospace = true
	h.Panel = a.NewScanPanel("Scan an order to pick it", h.submit)
	h.Field, h.Banner = h.Panel.Field, h.Panel.Banner
	h.Panel.OnAcknowledge = h.greet
	h.Panel.OnKey = func(k fyne.KeyName) bool {
		switch k {
		case fyne.KeyF1:
			h.startPick(1)
		case fyne.KeyF2:
			h.startPick(h.batchSize())
		case fyne.KeyEscape:
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
	h.PickNext = widget.NewButtonWithIcon("Pick next order  [F1]", theme.NavigateNextIcon(), func() { h.startPick(1) })
	h.PickNext.Importance = widget.HighImportance
	h.BatchSize = widget.NewSelect([]string{"2", "3", "4", "6", "8"}, nil)
	h.BatchSize.SetSelected("4")
	h.PickBatch = widget.NewButtonWithIcon("Batch pick into totes  [F2]", theme.ListIcon(), func() { h.startPick(h.batchSize()) })
	h.Exceptions = widget.NewButtonWithIcon("Exceptions", theme.WarningIcon(), func() { a.ShowExceptions() })
	signOut := widget.NewButtonWithIcon("Sign out  [Esc]", theme.LogoutIcon(), a.SignOut)

	h.refresh()
	h.greet()

	hello := canvas.NewText(a.opts.Title, theme.Color(theme.ColorNameForeground))
	hello.TextSize = 28
	hello.TextStyle.Bold = true
	var actions []fyne.CanvasObject
	if a.user.Can(core.RolePicker) || a.user.Can(core.RoleAssociate) {
		actions = append(actions, h.PickNext, container.NewBorder(nil, nil, nil, h.BatchSize, h.PickBatch))
	}
	for _, x := range a.extraHome {
		if x.Role == "" || a.user.Can(x.Role) {
			x := x
			label := x.Label
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
	left := container.NewVBox(hello, h.Panel, widget.NewCard("Queues", "", h.Queues))
	right := container.NewVBox(actions...)
	a.Show(container.NewPadded(container.NewGridWithColumns(2, left, right)), h.Field)
	a.home = h
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
		h.Queues.SetText(core.ErrorMessage(err))
		return
	}
	h.Queues.SetText(fmt.Sprintf(
		"To pick, ship            %4d\nTo pick, store pickup    %4d\nTo pick, ship from store %4d\nBeing picked             %4d\nTo pack                  %4d\nTo stage for pickup      %4d",
		q.ToPick[core.FulfillShip], q.ToPick[core.FulfillStorePickup], q.ToPick[core.FulfillShipFromStore],
		q.Picking, q.ToPack, q.ToStage))
	h.Exceptions.SetText(fmt.Sprintf("Exceptions (%d)", q.Exceptions))
	if q.Exceptions > 0 {
		h.Exceptions.Importance = widget.DangerImportance
	}
}

func (h *HomeScreen) startPick(n int) {
	a := h.app
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
	if code.Kind != scan.KindOrder {
		h.Panel.RefuseText("NOT AN ORDER", "Scan an order barcode here, or choose a queue.")
		return
	}
	ctx, cancel := a.ctx()
	defer cancel()
	id, err := a.store.ClaimOrders(ctx, a.user.ID, code.ID)
	if err != nil {
		h.fail(err)
		return
	}
	a.opts.Sound.Good()
	a.ShowPick(id, "")
}

func (h *HomeScreen) fail(err error) { h.Panel.Refuse("home", headline(err), err) }

// greet says hello and what can be done here.
func (h *HomeScreen) greet() {
	h.Banner.Set(ToneInfo, "HELLO, "+upper(h.app.user.Name), "Choose a queue, or scan an order barcode to pick that order.")
}
