package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/stationhand/stationhand/core"
)

// HeldEvent is an event as the hub holds it: what the terminal sent, and
// whether the hub applied or refused it.
type HeldEvent struct {
	core.Event
	Location string `json:"location"`
	Rejected bool   `json:"rejected"`
	Reason   string `json:"reason,omitempty"`
	Message  string `json:"message,omitempty"`
}

// Events returns the events of a terminal after sequence afterSeq, in
// sequence order, at most limit (all for limit <= 0).
func (db *DB) Events(ctx context.Context, terminalID string, afterSeq int64, limit int) ([]HeldEvent, error) {
	q := `SELECT terminal_id, seq, event_id, type, order_id, staff_id, at, payload, location, rejected, reason, message, hash
		FROM events WHERE terminal_id = $1 AND seq > $2 ORDER BY seq`
	args := []any{terminalID, afterSeq}
	if limit > 0 {
		q += " LIMIT $3"
		args = append(args, limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", terminalID, err)
	}
	defer rows.Close()
	var out []HeldEvent
	for rows.Next() {
		var e HeldEvent
		var at int64
		var payload string
		var rejected int
		if err := rows.Scan(&e.Terminal, &e.Seq, &e.ID, &e.Type, &e.OrderID, &e.StaffID, &at, &payload,
			&e.Location, &rejected, &e.Reason, &e.Message, &e.Hash); err != nil {
			return nil, fmt.Errorf("events of %s: %w", terminalID, err)
		}
		e.At = msTime(at)
		if payload != "" {
			e.Payload = json.RawMessage(payload)
		}
		e.Rejected = rejected == 1
		out = append(out, e)
	}
	return out, rows.Err()
}

// EventCount returns how many events the hub holds in all, and how many of
// them it refused.
func (db *DB) EventCount(ctx context.Context) (total, rejected int, err error) {
	err = db.sql.QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(rejected), 0) FROM events").Scan(&total, &rejected)
	return total, rejected, err
}
