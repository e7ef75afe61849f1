package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// ResolvePutBack records that the units picked for an order whose claim
// was taken back are in their bins again (a supervisor's word at the
// console): the order leaves the put-backs waiting, and the stations of its
// location close their put-back exception for it on their next pull.
func (db *DB) ResolvePutBack(ctx context.Context, externalID, by string) (string, error) {
	return db.decide(ctx, externalID, core.HubDecisionPutBack, by)
}

// AcceptRelabel records that an order packed before its address changed
// was labelled again: it leaves the relabels waiting, and the stations of
// its location close their relabel exception for it on their next pull.
func (db *DB) AcceptRelabel(ctx context.Context, externalID, by string) (string, error) {
	return db.decide(ctx, externalID, core.HubDecisionRelabel, by)
}

// decide clears what waits for a decision of kind on an order, keeps the
// decision with the order (the latest of each kind) for the stations,
// records it, and bumps the order's progress. It returns the location.
func (db *DB) decide(ctx context.Context, externalID, kind, by string) (string, error) {
	var loc string
	err := db.write(ctx, func(tx *sql.Tx) error {
		var putBack, decisions string
		var relabel int64
		err := tx.QueryRowContext(ctx, "SELECT location, put_back, relabel, decisions FROM orders WHERE external_id = $1"+db.d.forUpdate, externalID).
			Scan(&loc, &putBack, &relabel, &decisions)
		if isNoRows(err) {
			return core.Errorf(core.ENOTFOUND, "unknown_order", "There is no order %s at this hub.", externalID)
		}
		if err != nil {
			return err
		}
		clear := ""
		switch {
		case kind == core.HubDecisionPutBack && putBack != "":
			clear = "put_back = ''"
		case kind == core.HubDecisionRelabel && relabel != 0:
			clear = "relabel = 0"
		case kind == core.HubDecisionPutBack:
			return core.Errorf(core.ECONFLICT, "no_put_back", "Order %s has no put-back waiting (resolved already, or the order moved on).", externalID)
		default:
			return core.Errorf(core.ECONFLICT, "no_relabel", "Order %s has no relabel waiting (accepted already).", externalID)
		}
		now := db.Now().UTC().Truncate(time.Millisecond)
		var list []core.HubDecision
		if decisions != "" {
			if err := json.Unmarshal([]byte(decisions), &list); err != nil {
				return fmt.Errorf("decisions of %s: %w", externalID, err)
			}
		}
		kept := list[:0]
		for _, d := range list {
			if d.Kind != kind {
				kept = append(kept, d)
			}
		}
		doc, _ := json.Marshal(append(kept, core.HubDecision{Kind: kind, At: now, By: by}))
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET "+clear+", decisions = $1 WHERE external_id = $2", string(doc), externalID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO hub_decisions(location, order_id, kind, decided_by, at) VALUES($1, $2, $3, $4, $5)",
			loc, externalID, kind, by, now.UnixMilli()); err != nil {
			return err
		}
		return db.bump(ctx, tx, loc, kindProgress, []string{externalID})
	})
	if err != nil {
		return "", fmt.Errorf("%s decision on %s: %w", kind, externalID, err)
	}
	return loc, nil
}

// Relabels lists a location's orders whose address changed after they
// were packed, oldest first: their package needs a new label.
func (db *DB) Relabels(ctx context.Context, location string) ([]OrderRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT external_id, status, relabel FROM orders
		WHERE location = $1 AND relabel <> 0 ORDER BY relabel, external_id`, location)
	if err != nil {
		return nil, fmt.Errorf("relabels: %w", err)
	}
	defer rows.Close()
	var out []OrderRow
	for rows.Next() {
		var o OrderRow
		var at int64
		if err := rows.Scan(&o.ExternalID, &o.Status, &at); err != nil {
			return nil, fmt.Errorf("relabels: %w", err)
		}
		o.Since = time.UnixMilli(at).UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}

// needsRelabel reports whether an order changed from prev to next needs a
// new label: shipped by a carrier, packed already (the station printed
// its label when it closed the package), and its address changed. The hub
// does not look for the label-printed event itself: events have no index
// by order.
func needsRelabel(status string, prev, next core.Order) bool {
	return core.OrderStatus(status) == core.OrderPacked && next.Fulfillment != core.FulfillStorePickup && prev.ShipTo != next.ShipTo
}
