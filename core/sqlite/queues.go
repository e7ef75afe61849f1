package sqlite

import (
	"context"
	"fmt"

	"github.com/stationhand/stationhand/core"
)

// QueueCounts is how much work waits at this station, for the home screen.
type QueueCounts struct {
	ToPick     map[core.Fulfillment]int // open orders by fulfillment type
	Picking    int                      // claimed, not finished
	ToPack     int                      // picked, to ship (warehouse and ship-from-store)
	ToStage    int                      // picked store pickups, to put on the hold shelf
	Exceptions int                      // open exceptions
}

// Queues counts the work waiting at this station.
func (db *DB) Queues(ctx context.Context) (QueueCounts, error) {
	q := QueueCounts{ToPick: map[core.Fulfillment]int{}}
	rows, err := db.sql.QueryContext(ctx, "SELECT status, fulfillment, COUNT(*) FROM orders WHERE status IN ('open', 'picking', 'picked') GROUP BY status, fulfillment")
	if err != nil {
		return q, fmt.Errorf("queues: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status, ful string
		var n int
		if err := rows.Scan(&status, &ful, &n); err != nil {
			return q, fmt.Errorf("queues: %w", err)
		}
		switch {
		case status == "open":
			q.ToPick[core.Fulfillment(ful)] += n
		case status == "picking":
			q.Picking += n
		case ful == string(core.FulfillStorePickup):
			q.ToStage += n
		default:
			q.ToPack += n
		}
	}
	if err := rows.Err(); err != nil {
		return q, fmt.Errorf("queues: %w", err)
	}
	err = db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM exceptions WHERE resolved_at IS NULL").Scan(&q.Exceptions)
	if err != nil {
		return q, fmt.Errorf("queues: %w", err)
	}
	return q, nil
}

// Counts returns the number of rows of the main tables, for `stationhand doctor`.
func (db *DB) Counts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range []string{"products", "bins", "stock", "orders", "order_lines", "staff", "events", "exceptions"} {
		var n int
		if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	var pending int
	if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM events WHERE pushed = 0").Scan(&pending); err != nil {
		return nil, fmt.Errorf("count pending events: %w", err)
	}
	out["events_pending"] = pending
	return out, nil
}

// OrdersToPack returns up to limit picked orders waiting at the pack
// station (not store pickups), most urgent first: training mode offers
// their codes.
func (db *DB) OrdersToPack(ctx context.Context, limit int) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT external_id FROM orders WHERE status = 'picked' AND fulfillment <> 'store_pickup'
		ORDER BY promised_at, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("orders to pack: %w", err)
	}
	defer rows.Close()
	var refs []string
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, fmt.Errorf("orders to pack: %w", err)
		}
		refs = append(refs, ref)
	}
	return refs, rows.Err()
}
