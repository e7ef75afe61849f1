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
	Message    string
	Detail     json.RawMessage
	CreatedAt  time.Time
	ResolvedAt time.Time // zero while open
}

func (db *DB) addException(ctx context.Context, tx *sql.Tx, kind, orderRef, message string, detail any) error {
	body, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO exceptions(kind, order_ref, message, detail, created_at) VALUES(?, ?, ?, ?, ?)`,
		kind, orderRef, message, string(body), db.Now().Unix())
	return err
}

// OpenExceptions lists the exceptions nobody has resolved yet, oldest first.
func (db *DB) OpenExceptions(ctx context.Context) ([]Exception, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, kind, order_ref, message, detail, created_at
		FROM exceptions WHERE resolved_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("open exceptions: %w", err)
	}
	defer rows.Close()
	var out []Exception
	for rows.Next() {
		var e Exception
		var detail string
		var created int64
		if err := rows.Scan(&e.ID, &e.Kind, &e.OrderRef, &e.Message, &detail, &created); err != nil {
			return nil, fmt.Errorf("open exceptions: %w", err)
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
