package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

// scanCount is how many scans a person made here and how many were
// refused: accuracy is refused / scans.
type scanCount struct{ scans, refused int }

// countScan counts an answered scan of the signed-in person.
func (a *App) countScan(refused bool) {
	if a.user == nil {
		return
	}
	if a.scans == nil {
		a.scans = map[int64]*scanCount{}
	}
	c := a.scans[a.user.ID]
	if c == nil {
		c = &scanCount{}
		a.scans[a.user.ID] = c
	}
	c.scans++
	if refused {
		c.refused++
	}
}

// accuracyText says a person's refused scans of all their scans.
func (a *App) accuracyText(staffID int64) string {
	c := a.scans[staffID]
	if c == nil || c.scans == 0 {
		return tr("day.no_scans")
	}
	return tr("day.accuracy", "Refused", c.refused, "Scans", c.scans, "Percent", fmt.Sprintf("%.0f", 100*float64(c.scans-c.refused)/float64(c.scans)))
}

// tile is one of the home screen's queue tiles: the count large, what it
// counts, and how long its oldest piece of work has waited.
func tile(count int, what string, oldest time.Time, now time.Time) fyne.CanvasObject {
	n := newBigText(i18n.Number(count), theme.Color(theme.ColorNameForeground))
	n.TextSize = 34
	n.TextStyle.Bold = true
	label := widget.NewLabel(what)
	label.Wrapping = fyne.TextWrapWord
	oldestAge := widget.NewLabel("")
	if count > 0 && !oldest.IsZero() {
		oldestAge.SetText(tr("day.oldest", "Age", age(now.Sub(oldest))))
	}
	oldestAge.SizeName = theme.SizeNameCaptionText
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 6
	return container.NewStack(bg, container.NewPadded(container.NewVBox(n, label, oldestAge)))
}

// dayOf renders the person's day, and for a supervisor everyone's.
func (h *HomeScreen) dayOf() fyne.CanvasObject {
	a := h.app
	ctx, cancel := a.ctx()
	defer cancel()
	now := a.now()
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	who := a.user.ID
	if a.user.Can(core.RoleSupervisor) {
		who = 0
	}
	days, err := a.store.Day(ctx, who, midnight)
	if err != nil {
		logErr("day", err)
	}
	line := func(d sqlite.PersonDay) string {
		return tr("day.line", "Picked", plural(d.UnitsPicked, "units"), "PerHour", fmt.Sprintf("%.0f", d.UnitsPerHour()),
			"Packed", plural(d.OrdersPacked, "orders"), "Inspected", plural(d.ReturnsInspected, "return_items"),
			"Accuracy", a.accuracyText(d.StaffID))
	}
	var mine sqlite.PersonDay
	var rows []string
	for _, d := range days {
		if d.StaffID == a.user.ID {
			mine = d
		}
		rows = append(rows, d.Name+": "+line(d))
	}
	mine.StaffID = a.user.ID
	text := tr("day.today") + " " + line(mine)
	if a.user.Can(core.RoleSupervisor) && len(rows) > 0 {
		text = tr("day.today_station") + "\n" + strings.Join(rows, "\n")
	}
	h.Day = widget.NewLabel(text)
	h.Day.Wrapping = fyne.TextWrapWord
	return h.Day
}

// tiles renders the queues the person works on as tiles.
func (h *HomeScreen) tiles(q sqlite.QueueCounts) fyne.CanvasObject {
	a := h.app
	ctx, cancel := a.ctx()
	defer cancel()
	ages, err := a.store.OldestWork(ctx)
	if err != nil {
		logErr("oldest work", err)
	}
	now := a.now()
	u := a.user
	var tiles []fyne.CanvasObject
	toPick := q.ToPick[core.FulfillShip] + q.ToPick[core.FulfillStorePickup] + q.ToPick[core.FulfillShipFromStore]
	if u.CanPick() {
		tiles = append(tiles, tile(toPick, tr("day.tile_to_pick"), ages.ToPick, now))
	}
	if u.Can(core.RolePacker) {
		tiles = append(tiles, tile(q.ToPack, tr("day.tile_to_pack"), ages.ToPack, now))
	}
	if u.Can(core.RoleAssociate) {
		tiles = append(tiles, tile(q.ToStage, tr("day.tile_to_stage"), ages.ToStage, now))
	}
	tiles = append(tiles, tile(q.Exceptions, tr("day.tile_exceptions"), time.Time{}, now))
	h.Tiles = tiles
	return container.New(layout.NewGridLayoutWithColumns(len(tiles)), tiles...)
}
