package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
)

// recordEvent appends an event to the outbox inside tx, the transaction that
// makes the change it records.
func (db *DB) recordEvent(ctx context.Context, tx *sql.Tx, typ, orderRef string, staffID int64, payload any) (core.Event, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return core.Event{}, fmt.Errorf("event %s: %w", typ, err)
	}
	ev := core.Event{
		ID: uuid.NewString(), Type: typ, OrderID: orderRef, StaffID: staffID,
		Terminal: db.terminal.Load().ID, At: db.Now().UTC().Truncate(time.Millisecond), Payload: body,
	}
	res, err := db.txExec(ctx, tx, `INSERT INTO events(id, type, order_ref, staff_id, terminal, at, payload)
		VALUES(?, ?, ?, ?, ?, ?, ?)`, ev.ID, ev.Type, ev.OrderID, ev.StaffID, ev.Terminal, ev.At.UnixMilli(), string(body))
	if err != nil {
		return core.Event{}, fmt.Errorf("event %s: %w", typ, err)
	}
	ev.Seq, err = res.LastInsertId()
	db.events.Add(1)
	return ev, err
}

// RecordEvent commits an event on its own, for workflows whose state lives
// elsewhere (a print job, a sign-in).
func (db *DB) RecordEvent(ctx context.Context, typ, orderRef string, staffID int64, payload any) (core.Event, error) {
	var ev core.Event
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		ev, err = db.recordEvent(ctx, tx, typ, orderRef, staffID, payload)
		return err
	})
	return ev, err
}

// PendingEvents returns up to limit events not yet acknowledged by the hub,
// oldest first.
func (db *DB) PendingEvents(ctx context.Context, limit int) ([]core.Event, error) {
	return db.queryEvents(ctx, "WHERE pushed = 0 ORDER BY seq LIMIT ?", limit)
}

// Events returns the events after seq, oldest first, pushed or not.
func (db *DB) Events(ctx context.Context, afterSeq int64, limit int) ([]core.Event, error) {
	return db.queryEvents(ctx, "WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit)
}

func (db *DB) queryEvents(ctx context.Context, where string, args ...any) ([]core.Event, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT seq, id, type, order_ref, staff_id, terminal, at, payload FROM events `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var evs []core.Event
	for rows.Next() {
		var ev core.Event
		var at int64
		var payload string
		if err := rows.Scan(&ev.Seq, &ev.ID, &ev.Type, &ev.OrderID, &ev.StaffID, &ev.Terminal, &at, &payload); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		ev.At = time.UnixMilli(at).UTC()
		ev.Payload = json.RawMessage(payload)
		ev.Hash = core.EventHash(ev)
		evs = append(evs, ev)
	}
	return evs, rows.Err()
}

// MarkPushed records that the hub has applied every event up to and
// including seq, and when: pushed events stay for the retention window
// (PruneEvents).
func (db *DB) MarkPushed(ctx context.Context, uptoSeq int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := db.txExec(ctx, tx, "UPDATE events SET pushed = 1, pushed_at = ? WHERE pushed = 0 AND seq <= ?", db.Now().UnixMilli(), uptoSeq); err != nil {
			return err
		}
		return raiseAcked(ctx, tx, uptoSeq)
	})
	if err != nil {
		return fmt.Errorf("mark pushed up to %d: %w", uptoSeq, err)
	}
	return nil
}

// OutboxStats says how many events wait for the hub and the last one it
// acknowledged (kept apart from the events, which are pruned).
func (db *DB) OutboxStats(ctx context.Context) (pending int, lastPushedSeq int64, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM events WHERE pushed = 0),
		MAX(COALESCE((SELECT MAX(seq) FROM events WHERE pushed = 1), 0),
			COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), 0))`, settingAckedSeq).Scan(&pending, &lastPushedSeq)
	if err != nil {
		err = fmt.Errorf("outbox stats: %w", err)
	}
	return pending, lastPushedSeq, err
}

// QuarantineEvent sets aside an event the hub refuses as a whole request
// and can never take (too large to send, or not encodable): in one
// transaction the event is replaced in the outbox, under its sequence
// number and id, by a core.EventUnsendable record of what it was, and an
// exception tells a person what was lost and why. It returns the record,
// which the sync round pushes instead, so that the sequence moves on.
func (db *DB) QuarantineEvent(ctx context.Context, seq int64, reason, message string) (core.Event, error) {
	err := db.write(ctx, func(tx *sql.Tx) error {
		var typ, orderRef, payload string
		var staff int64
		err := tx.QueryRowContext(ctx, "SELECT type, order_ref, staff_id, payload FROM events WHERE seq = ? AND pushed = 0", seq).
			Scan(&typ, &orderRef, &staff, &payload)
		if err != nil {
			return err
		}
		record := core.Unsendable{Type: typ, StaffID: staff, PayloadBytes: len(payload), Reason: reason, Message: message}
		if len(orderRef) > 1024 {
			record.OrderIDBytes = len(orderRef)
			orderRef = ""
		}
		body, err := json.Marshal(record)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE events SET type = ?, order_ref = ?, staff_id = 0, payload = ? WHERE seq = ?",
			core.EventUnsendable, orderRef, string(body), seq); err != nil {
			return err
		}
		msg := fmt.Sprintf("The hub cannot take event %d (%s): %s It was recorded at the hub as unsendable; what it recorded is not at the hub.", seq, typ, message)
		return db.addException(ctx, tx, "unsendable_event", orderRef, msg, record)
	})
	if err != nil {
		return core.Event{}, fmt.Errorf("set aside event %d: %w", seq, err)
	}
	evs, err := db.queryEvents(ctx, "WHERE seq = ?", seq)
	if err != nil || len(evs) != 1 {
		return core.Event{}, fmt.Errorf("set aside event %d: read it back: %v", seq, err)
	}
	return evs[0], nil
}
