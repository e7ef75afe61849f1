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
		return tr("headline.verify_first")
	case core.ErrWrongPickupCode.Reason:
		return tr("headline.wrong_code")
	case core.ErrPickupLocked.Reason:
		return tr("headline.order_locked")
	case core.ErrBagMissing.Reason:
		return tr("headline.bag_missing")
	case core.ErrWrongBag.Reason:
		return tr("headline.wrong_bag")
	case core.ErrNotHoldShelf.Reason:
		return tr("headline.not_a_hold_shelf")
	case core.ErrNotReadyToStage.Reason, core.ErrNotReadyToHandle.Reason:
		return tr("headline.not_ready")
	case "no_alt_pickup":
		return tr("headline.nobody_else_named")
	case "bag_first", "bag_count_first":
		return tr("headline.scan_the_bag")
	case "not_overdue":
		return tr("headline.not_expired_yet")
	case "empty_search", "short_search":
		return tr("headline.type_more")
	}
	return headline(err)
}

// waited says how long someone has waited, in words read at a glance.
func waited(d time.Duration) string {
	switch {
	case d < time.Minute:
		return tr("pickup.just_arrived")
	case d < time.Hour:
		return tr("time.minutes", "N", int(d.Minutes()))
	case d < 48*time.Hour:
		return tr("pickup.hours_minutes", "H", int(d.Hours()), "M", fmt.Sprintf("%02d", int(d.Minutes())%60))
	}
	return tr("pickup.days", "N", int(d.Hours()/24))
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
