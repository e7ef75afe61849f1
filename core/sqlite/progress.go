package sqlite

import (
	"context"
	"database/sql"

	"github.com/stationhand/stationhand/core"
)

// lifecycle ranks order statuses by how far along an order is, so that a
// station only ever moves an order forward on the hub's word.
var lifecycle = map[core.OrderStatus]int{
	core.OrderOpen:      0,
	core.OrderPicking:   1,
	core.OrderPicked:    2,
	core.OrderPacked:    3,
	core.OrderStaged:    3,
	core.OrderShipped:   4,
	core.OrderCollected: 4,
	core.OrderExpired:   4,
}

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
	local, known := lifecycle[core.OrderStatus(status)]
	hub, hubKnown := lifecycle[p.Status]
	if !known || !hubKnown || hub <= local {
		return nil
	}
	_, err = tx.ExecContext(ctx, "UPDATE orders SET status = ? WHERE external_id = ?", string(p.Status), p.ExternalID)
	return err
}
