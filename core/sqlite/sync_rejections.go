package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// Reasons the hub gives for refusing an event (see sync/hub/store).
const (
	rejectOrderClaimed   = "order_claimed"
	rejectOrderCancelled = "order_cancelled"
)

// applyRejection turns an event the hub refused into an exception for a
// person, inside the transaction that applies the pull.
//
// An order claimed first at another terminal becomes a put-back: what was
// picked here for it, item by item and bin by bin, and its totes are free
// again. A refusal for an order whose cancellation already reached this
// station needs nothing more: the cancellation made its own put-back. Any
// other refusal is shown with the hub's message.
func (db *DB) applyRejection(ctx context.Context, tx *sql.Tx, r core.EventRejection) error {
	// A full re-pull brings every refusal again: each becomes an exception once.
	seen, err := tx.ExecContext(ctx, "INSERT INTO seen_rejections(event_id) VALUES(?) ON CONFLICT DO NOTHING", r.EventID)
	if err != nil {
		return err
	}
	if n, _ := seen.RowsAffected(); n == 0 && r.EventID != "" {
		return nil
	}
	var refs []string
	for _, ref := range strings.Split(r.OrderID, ",") {
		if ref = strings.TrimSpace(ref); ref != "" {
			refs = append(refs, ref)
		}
	}
	if len(refs) == 0 || (r.Reason != rejectOrderClaimed && r.Reason != rejectOrderCancelled) {
		return db.addException(ctx, tx, "rejected_event", r.OrderID, r.Message, rejectedText(r.OrderID, r), r)
	}
	for _, ref := range refs {
		var id int64
		var status string
		err := tx.QueryRowContext(ctx, "SELECT id, status FROM orders WHERE external_id = ?", ref).Scan(&id, &status)
		if isNoRows(err) {
			if err := db.addException(ctx, tx, "rejected_event", ref, r.Message, rejectedText(ref, r), r); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if r.Reason == rejectOrderCancelled && core.OrderStatus(status) == core.OrderCancelled {
			continue // its put-back was made when the cancellation arrived
		}
		items, err := db.pickedItems(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			if err := db.addException(ctx, tx, "rejected_event", ref, r.Message, rejectedText(ref, r), r); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, "UPDATE totes SET order_id = NULL WHERE order_id = ?", id); err != nil {
			return err
		}
		msg := fmt.Sprintf("%s Put %s back.", r.Message, describePutBack(items))
		text := ExceptionText{"put_back_rejected", map[string]any{"Order": ref, "Reason": r.Reason, "Hub": r.Message, "Items": putBackArgs(items)}}
		if err := db.addException(ctx, tx, "put_back", ref, msg, text, items); err != nil {
			return err
		}
	}
	return nil
}

// rejectedText is a refused event's exception text: the hub's reason (a
// domain error reason the screens may know) and its English message.
func rejectedText(ref string, r core.EventRejection) ExceptionText {
	return ExceptionText{"rejected_event", map[string]any{"Order": ref, "Reason": r.Reason, "Hub": r.Message}}
}
