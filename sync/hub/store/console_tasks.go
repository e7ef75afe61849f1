package store

import (
	"context"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// ExceptionRow is an event the hub refused and told its station about: a
// person has to decide what happens to it.
type ExceptionRow struct {
	TerminalID string
	Seq        int64
	Type       string
	OrderID    string
	Reason     string
	Message    string
	At         time.Time
}

// Exceptions lists the newest refused events of a location that its
// stations were told about, at most limit.
func (db *DB) Exceptions(ctx context.Context, location string, limit int) ([]ExceptionRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT terminal_id, seq, type, order_id, reason, message, at FROM events
		WHERE notify = 1 AND location = $1 ORDER BY received_at DESC, terminal_id, seq LIMIT $2`, location, limit)
	if err != nil {
		return nil, fmt.Errorf("exceptions: %w", err)
	}
	defer rows.Close()
	var out []ExceptionRow
	for rows.Next() {
		var e ExceptionRow
		var at int64
		if err := rows.Scan(&e.TerminalID, &e.Seq, &e.Type, &e.OrderID, &e.Reason, &e.Message, &at); err != nil {
			return nil, fmt.Errorf("exceptions: %w", err)
		}
		e.At = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// PutBacks lists a location's orders whose claim was taken back with units
// picked: a station must put the units back (the station resolves it; the
// hub clears it when the order moves again).
func (db *DB) PutBacks(ctx context.Context, location string) ([]OrderRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT external_id, status, updated_at FROM orders
		WHERE location = $1 AND put_back <> '' ORDER BY updated_at, external_id`, location)
	if err != nil {
		return nil, fmt.Errorf("put-backs: %w", err)
	}
	defer rows.Close()
	var out []OrderRow
	for rows.Next() {
		o := OrderRow{PutBack: true}
		var at int64
		if err := rows.Scan(&o.ExternalID, &o.Status, &at); err != nil {
			return nil, fmt.Errorf("put-backs: %w", err)
		}
		o.Since = time.UnixMilli(at).UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}

// HeldReturn is a return a station held for a supervisor's review (fraud
// signals), with no review pushed since.
type HeldReturn struct {
	TerminalID string
	Ref        string // the return's reference as the station wrote it
	Payload    string // flags and proposed refund, as JSON
	At         time.Time
}

// HeldReturns lists the returns of a location held for review in the last
// 90 days and not reviewed since.
func (db *DB) HeldReturns(ctx context.Context, location string) ([]HeldReturn, error) {
	since := db.Now().Add(-90 * 24 * time.Hour).UnixMilli()
	rows, err := db.sql.QueryContext(ctx, `SELECT h.terminal_id, h.order_id, h.payload, h.at FROM events h
		WHERE h.location = $1 AND h.at >= $2 AND h.type = $3 AND h.rejected = 0
		AND NOT EXISTS (SELECT 1 FROM events r WHERE r.location = h.location AND r.at >= h.at AND r.type = $4 AND r.order_id = h.order_id AND r.rejected = 0)
		ORDER BY h.at`, location, since, core.EventReturnHeld, core.EventReturnReviewed)
	if err != nil {
		return nil, fmt.Errorf("held returns: %w", err)
	}
	defer rows.Close()
	var out []HeldReturn
	for rows.Next() {
		var h HeldReturn
		var at int64
		if err := rows.Scan(&h.TerminalID, &h.Ref, &h.Payload, &at); err != nil {
			return nil, fmt.Errorf("held returns: %w", err)
		}
		h.At = time.UnixMilli(at).UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}
