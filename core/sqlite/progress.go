package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// applyProgress takes the hub's word that other stations' work moved an
// order on: claimed elsewhere, it leaves this station's pick queue; packed
// at another pack station, it leaves this one's pack queue. It never moves
// an order back (this station's own work arrives here too, and is already
// recorded) and never revives a cancelled one, with one exception: a claim
// the hub took back (its terminal revoked, or released by a supervisor)
// puts an order this station is not picking itself back in the queue, and
// what was picked for it becomes a put-back task.
func (db *DB) applyProgress(ctx context.Context, tx *sql.Tx, p core.OrderProgress) error {
	if err := db.applyHubDecisions(ctx, tx, p); err != nil {
		return err
	}
	var id int64
	var status string
	err := tx.QueryRowContext(ctx, "SELECT id, status FROM orders WHERE external_id = ?", p.ExternalID).Scan(&id, &status)
	if isNoRows(err) {
		return nil // not at this station
	}
	if err != nil {
		return err
	}
	if p.Status == core.OrderOpen && p.ClaimedBy == "" && core.OrderStatus(status) == core.OrderPicking {
		return db.releaseClaim(ctx, tx, id, p)
	}
	if !core.OrderStatus(status).Advances(p.Status) {
		return nil
	}
	_, err = tx.ExecContext(ctx, "UPDATE orders SET status = ? WHERE external_id = ?", string(p.Status), p.ExternalID)
	return err
}

// releaseClaim puts back in the queue an order whose claim was given back
// at the hub, unless this station is picking it itself (its own claim is
// on its way to the hub).
func (db *DB) releaseClaim(ctx context.Context, tx *sql.Tx, orderID int64, p core.OrderProgress) error {
	var mine int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pick_batch_orders bo JOIN pick_batches b ON b.id = bo.batch_id
		WHERE bo.order_id = ? AND b.status = 'active'`, orderID).Scan(&mine)
	if err != nil || mine > 0 {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'open' WHERE id = ?", orderID); err != nil {
		return err
	}
	if len(p.PutBack) == 0 {
		return nil
	}
	parts := make([]string, len(p.PutBack))
	for i, it := range p.PutBack {
		parts[i] = fmt.Sprintf("%d × %s to bin %s", it.Qty, it.SKU, it.Bin)
	}
	msg := fmt.Sprintf("Order %s was taken back from the terminal picking it (revoked, or released by a supervisor) and is in the queue again. Put %s back.",
		p.ExternalID, strings.Join(parts, ", "))
	items := make([]map[string]any, len(p.PutBack))
	for i, it := range p.PutBack {
		items[i] = map[string]any{"Qty": it.Qty, "Name": it.SKU, "Bin": it.Bin}
	}
	text := ExceptionText{"put_back_taken", map[string]any{"Order": p.ExternalID, "Items": items}}
	return db.addException(ctx, tx, "put_back", p.ExternalID, msg, text, p.PutBack)
}

// applyHubDecisions closes the open exceptions of the order that a
// supervisor decided at the hub's console (a put-back resolved, a relabel
// accepted): those of the decision's kind raised no later than it. One
// raised after it (a new release of the order's claim) stays open. The
// decision is recorded at the hub; the station pushes no event for it.
// The times compare the station's clock with the hub's: a station clock
// far ahead of the hub's leaves an exception open, for a person to close.
func (db *DB) applyHubDecisions(ctx context.Context, tx *sql.Tx, p core.OrderProgress) error {
	for _, d := range p.Decisions {
		if d.Kind != core.HubDecisionPutBack && d.Kind != core.HubDecisionRelabel {
			continue // a kind this station does not know: its exceptions stay for a person
		}
		_, err := tx.ExecContext(ctx, `UPDATE exceptions SET resolved_at = ? WHERE order_ref = ? AND kind = ? AND resolved_at IS NULL AND created_at <= ?`,
			db.Now().Unix(), p.ExternalID, d.Kind, d.At.Unix())
		if err != nil {
			return fmt.Errorf("hub decision %s on %s: %w", d.Kind, p.ExternalID, err)
		}
	}
	return nil
}
