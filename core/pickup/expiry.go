package pickup

import (
	"time"

	"github.com/stationhand/stationhand/core"
)

// DefaultExpiryDays is how many days a staged order waits for its customer
// when the store has not set its own number (setting "pickup.expiry_days").
const DefaultExpiryDays = 7

// Overdue reports whether an order staged at stagedAt has waited more than
// days full days by now, so it belongs on the expired list.
func Overdue(stagedAt, now time.Time, days int) bool {
	if stagedAt.IsZero() || days < 1 {
		return false
	}
	return now.Sub(stagedAt) >= time.Duration(days)*24*time.Hour
}

// Expire decides whether an uncollected order may be taken off the hold
// shelf and returned to stock: only a staged order past its collection
// window. A handoff under way (a verified customer) keeps it.
func (h *Handoff) Expire(stagedAt, now time.Time, days int) (Effect, error) {
	if h.Status != core.OrderStaged {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrNotReadyToHandle.Reason, "Order %s is %s, not waiting on the hold shelf.", h.OrderRef, h.Status)
	}
	if !Overdue(stagedAt, now, days) {
		return Effect{}, core.Errorf(core.ECONFLICT, "not_overdue", "Order %s has been ready for less than %d days: keep it for the customer.", h.OrderRef, days)
	}
	if h.verified(now) {
		return Effect{}, core.Errorf(core.ECONFLICT, "handoff_under_way", "Order %s is being handed over right now.", h.OrderRef)
	}
	return Effect{Kind: EffectExpire, At: now}, nil
}
