package sqlite

import (
	"context"
	"database/sql"

	"github.com/stationhand/stationhand/core"
)

// applyProgress takes the hub's word that other stations' work moved an
// order on: claimed elsewhere, it leaves this station's pick queue; packed
// at another pack station, it leaves this one's pack queue. It never moves
// an order back (this station's own work arrives here too, and is already
// recorded) and never revives a cancelled one.
func applyProgress(ctx context.Context, tx *sql.Tx, p core.OrderProgress) error {
	var status string
	err := tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE external_id = ?", p.ExternalID).Scan(&status)
	if isNoRows(err) {
		return nil // not at this station
	}
	if err != nil {
		return err
	}
	if !core.OrderStatus(status).Advances(p.Status) {
		return nil
	}
	_, err = tx.ExecContext(ctx, "UPDATE orders SET status = ? WHERE external_id = ?", string(p.Status), p.ExternalID)
	return err
}
