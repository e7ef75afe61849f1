package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
)

// pickupHeadline is headline with the pickup workflow's own reasons.
func pickupHeadline(err error) string {
	switch core.ErrorReason(err) {
	case core.ErrNotVerified.Reason:
		return "VERIFY FIRST"
	case core.ErrWrongPickupCode.Reason:
		return "WRONG CODE"
	case core.ErrPickupLocked.Reason:
		return "ORDER LOCKED"
	case core.ErrBagMissing.Reason:
		return "BAG MISSING"
	case core.ErrWrongBag.Reason:
		return "WRONG BAG"
	case core.ErrNotHoldShelf.Reason:
		return "NOT A HOLD SHELF"
	case core.ErrNotReadyToStage.Reason, core.ErrNotReadyToHandle.Reason:
		return "NOT READY"
	case "no_alt_pickup":
		return "NOBODY ELSE NAMED"
	case "bag_first", "bag_count_first":
		return "SCAN THE BAG"
	case "not_overdue":
		return "NOT EXPIRED YET"
	case "empty_search", "short_search":
		return "TYPE MORE"
	}
	return headline(err)
}

// waited says how long someone has waited, in words read at a glance.
func waited(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just arrived"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %02d min", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// pickupShown returns the screen of type T on show in the window (it may
// sit inside the status bar's border), or T's zero value.
func pickupShown[T fyne.CanvasObject](a *App) T {
	var walk func(o fyne.CanvasObject) (T, bool)
	walk = func(o fyne.CanvasObject) (T, bool) {
		if t, ok := o.(T); ok {
			return t, true
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				if t, ok := walk(x); ok {
					return t, true
				}
			}
		}
		var zero T
		return zero, false
	}
	t, _ := walk(a.win.Content())
	return t
}
