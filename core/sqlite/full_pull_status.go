package sqlite

import (
	"context"
	"database/sql"

	"github.com/stationhand/stationhand/core"
)

// takeHubStatus, during a full re-pull, gives an order the hub's status,
// backwards too: the re-pull replaces the station's copy with the hub's
// view, and a status this station's copy holds beyond the hub's (taken
// from another station's work the restored hub lost, or from the
// station's own events the hub lost and the station no longer keeps) would
// otherwise stay for ever, since outside a re-pull a station only moves an
// order forward. An order with events still waiting here keeps its local
// progress: those events reach the hub and move it there. A cancelled order
// is not revived (its items were put back; a cancellation comes as one),
// a hub status that is not a step of the lifecycle changes nothing, and a
// claim the hub lost is left to applyProgress (which knows whether this
// station is picking the order and what must go back). It
// reports whether it decided the order's status, so that the forward-only
// rule is not applied after it.
func takeHubStatus(ctx context.Context, tx *sql.Tx, ref string, hub core.OrderStatus) (bool, error) {
	var status string
	err := tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE external_id = ?", ref).Scan(&status)
	if isNoRows(err) {
		return true, nil // not at this station
	}
	if err != nil {
		return false, err
	}
	local := core.OrderStatus(status)
	inLifecycle := hub == core.OrderOpen || core.OrderOpen.Advances(hub)
	if !inLifecycle || local == core.OrderCancelled {
		return false, nil
	}
	if hub == core.OrderOpen && local == core.OrderPicking {
		// A claim the hub no longer holds: applyProgress puts the order
		// back in the queue with its put-back task, unless this station
		// is picking it now; without a progress record (a restored hub)
		// the sweep does (releaseLostClaims).
		return false, nil
	}
	if local == hub {
		return true, nil
	}
	// Unsent events are few (the outbox), and events_pending finds them.
	var waiting bool
	err = tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM events WHERE pushed = 0
		AND (order_ref = ?1 OR instr(',' || replace(order_ref, ' ', '') || ',', ',' || ?1 || ',') > 0))`, ref).Scan(&waiting)
	if err != nil || waiting {
		return false, err
	}
	_, err = tx.ExecContext(ctx, "UPDATE orders SET status = ? WHERE external_id = ?", string(hub), ref)
	return err == nil, err
}
