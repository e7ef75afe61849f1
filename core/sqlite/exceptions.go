package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Exception is something a person must handle that no workflow could: a
// put-back after a cancellation, an event the hub refused, a relabel.
type Exception struct {
	ID         int64
	Kind       string // put_back, rejected_event, relabel, …
	OrderRef   string
	Message    string        // in English, for the hub and the log
	Text       ExceptionText // what Message says, for the screens to word in any language
	Detail     json.RawMessage
	CreatedAt  time.Time
	ResolvedAt time.Time // zero while open
}

// ExceptionText is what an exception says as a key and its values, so the
// screens can word it in the reader's language: Key names the situation
// ("put_back_packed"), Args its values by name ("Order", "Parcels"). Items
// to put back travel as a list of PutBackItem-shaped maps under "Items".
type ExceptionText struct {
	Key  string
	Args map[string]any
}

// Names of ExceptionText values the screens treat specially: a list of
// items to put back, the hub's English message, and the hub's reason for
// it (a domain error reason).
const (
	ExceptionArgItems  = "Items"
	ExceptionArgHub    = "Hub"
	ExceptionArgReason = "Reason"
)

// putBackArgs are put-back items as ExceptionText values.
func putBackArgs(items []PutBackItem) []map[string]any {
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i] = map[string]any{"Qty": it.Qty, "Name": it.Name, "Bin": it.BinCode}
	}
	return out
}

func (db *DB) addException(ctx context.Context, tx *sql.Tx, kind, orderRef, message string, text ExceptionText, detail any) error {
	body, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	args, err := json.Marshal(text.Args)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO exceptions(kind, order_ref, message, text_key, text_args, detail, created_at) VALUES(?, ?, ?, ?, ?, ?, ?)`,
		kind, orderRef, message, text.Key, string(args), string(body), db.Now().Unix())
	return err
}

// OpenExceptions lists the exceptions nobody has resolved yet, oldest first.
func (db *DB) OpenExceptions(ctx context.Context) ([]Exception, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, kind, order_ref, message, text_key, text_args, detail, created_at
		FROM exceptions WHERE resolved_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("open exceptions: %w", err)
	}
	defer rows.Close()
	var out []Exception
	for rows.Next() {
		var e Exception
		var detail, args string
		var created int64
		if err := rows.Scan(&e.ID, &e.Kind, &e.OrderRef, &e.Message, &e.Text.Key, &args, &detail, &created); err != nil {
			return nil, fmt.Errorf("open exceptions: %w", err)
		}
		if err := json.Unmarshal([]byte(args), &e.Text.Args); err != nil {
			return nil, fmt.Errorf("open exceptions: exception %d: %w", e.ID, err)
		}
		e.Detail = json.RawMessage(detail)
		e.CreatedAt = time.Unix(created, 0)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ResolveException marks an exception handled by a member of staff and
// records that as an event for the hub.
func (db *DB) ResolveException(ctx context.Context, id, staffID int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		var kind, ref string
		err := tx.QueryRowContext(ctx, "SELECT kind, order_ref FROM exceptions WHERE id = ? AND resolved_at IS NULL", id).Scan(&kind, &ref)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE exceptions SET resolved_at = ?, resolved_by = ? WHERE id = ?", db.Now().Unix(), staffID, id); err != nil {
			return err
		}
		_, err = db.recordEvent(ctx, tx, core.EventExceptionResolved, ref, staffID, core.ExceptionResolved{ExceptionID: id, Kind: kind})
		return err
	})
	if err != nil {
		return fmt.Errorf("resolve exception %d: %w", id, err)
	}
	return nil
}
