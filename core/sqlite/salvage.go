package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Salvaged is what could still be read from a damaged database: enough to
// rebuild the station from the hub without losing what only the station
// knows. Problems lists what could not be read.
type Salvaged struct {
	Settings map[string]string
	SSCC     *ssccRow
	// Unsent are the events the hub has not acknowledged, with their
	// sequence numbers, oldest first.
	Unsent []core.Event
	// MaxSeq is the highest event sequence the file shows (sent or not):
	// the rebuilt outbox continues above it.
	MaxSeq   int64
	Problems []string
}

type ssccRow struct {
	prefix            string
	extension         int
	first, last, next int64
}

// Salvage reads what it can from the database at path without changing
// it: the settings (hub, token, terminal identity, label and printer
// set-up), the SSCC counter, and the events not yet sent. Each part that
// cannot be read is noted in Problems; only a file that cannot be opened
// at all is an error.
func Salvage(ctx context.Context, path string) (Salvaged, error) {
	s := Salvaged{Settings: map[string]string{}}
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		s.Problems = append(s.Problems, "the database file is missing or empty: nothing to salvage")
		return s, nil
	}
	// Read-only and without the store's pragmas: nothing is migrated,
	// checkpointed or created.
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return s, fmt.Errorf("salvage %s: %w", path, err)
	}
	defer raw.Close()
	note := func(what string, err error) {
		s.Problems = append(s.Problems, fmt.Sprintf("%s: %v", what, err))
	}

	if rows, err := raw.QueryContext(ctx, "SELECT key, value FROM settings"); err != nil {
		note("settings", err)
	} else {
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				note("settings", err)
				break
			}
			s.Settings[k] = v
		}
		if err := rows.Err(); err != nil {
			note("settings", err)
		}
		rows.Close()
	}

	var r ssccRow
	err = raw.QueryRowContext(ctx, "SELECT company_prefix, extension, first, last, next FROM sscc_range WHERE id = 1").
		Scan(&r.prefix, &r.extension, &r.first, &r.last, &r.next)
	switch {
	case err == nil:
		s.SSCC = &r
	case !errors.Is(err, sql.ErrNoRows):
		note("SSCC counter", err)
	}

	if err := raw.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM events").Scan(&s.MaxSeq); err != nil {
		note("highest event sequence", err)
	}
	// Unsent events by the rowid order, not through the events_pending
	// index: a damaged index must not hide an event.
	rows, err := raw.QueryContext(ctx, `SELECT seq, id, type, order_ref, staff_id, terminal, at, payload FROM events NOT INDEXED
		WHERE pushed = 0 ORDER BY seq`)
	if err != nil {
		note("unsent events", err)
		return s, nil
	}
	defer rows.Close()
	for rows.Next() {
		var ev core.Event
		var at int64
		var payload string
		if err := rows.Scan(&ev.Seq, &ev.ID, &ev.Type, &ev.OrderID, &ev.StaffID, &ev.Terminal, &at, &payload); err != nil {
			note("unsent events", err)
			return s, nil
		}
		ev.At = time.UnixMilli(at).UTC()
		ev.Payload = []byte(payload)
		s.Unsent = append(s.Unsent, ev)
		s.MaxSeq = max(s.MaxSeq, ev.Seq)
	}
	if err := rows.Err(); err != nil {
		note("unsent events (some were read)", err)
	}
	return s, nil
}

// Restore puts what was salvaged into this (fresh) store: the settings
// except the sync cursor (the store pulls everything again), the terminal
// identity, the SSCC counter, and the unsent events under their own
// sequence numbers, with the outbox continuing above the highest one seen.
func (db *DB) Restore(ctx context.Context, s Salvaged) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		for k, v := range s.Settings {
			if k == settingSyncCursor {
				continue
			}
			if err := setSetting(ctx, tx, k, v); err != nil {
				return err
			}
		}
		if r := s.SSCC; r != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sscc_range(id, company_prefix, extension, first, last, next) VALUES(1, ?, ?, ?, ?, ?)
				ON CONFLICT(id) DO UPDATE SET company_prefix = excluded.company_prefix, extension = excluded.extension,
					first = excluded.first, last = excluded.last, next = excluded.next`,
				r.prefix, r.extension, r.first, r.last, r.next); err != nil {
				return err
			}
		}
		for _, ev := range s.Unsent {
			if _, err := tx.ExecContext(ctx, `INSERT INTO events(seq, id, type, order_ref, staff_id, terminal, at, payload)
				VALUES(?, ?, ?, ?, ?, ?, ?, ?)`, ev.Seq, ev.ID, ev.Type, ev.OrderID, ev.StaffID, ev.Terminal, ev.At.UnixMilli(), string(ev.Payload)); err != nil {
				return fmt.Errorf("event %d: %w", ev.Seq, err)
			}
		}
		return continueOutboxAbove(ctx, tx, s.MaxSeq)
	})
	if err != nil {
		return fmt.Errorf("restore salvaged data: %w", err)
	}
	if err := db.loadTerminal(ctx); err != nil {
		return err
	}
	return db.writeIdentity(ctx)
}

// ContinueOutboxAbove makes the outbox number its next events above seq
// (the highest sequence the hub holds for this terminal, say), so that no
// sequence the hub may already hold is ever used again.
func (db *DB) ContinueOutboxAbove(ctx context.Context, seq int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error { return continueOutboxAbove(ctx, tx, seq) })
	if err != nil {
		return fmt.Errorf("continue the outbox above %d: %w", seq, err)
	}
	return nil
}

// continueOutboxAbove raises the events table's AUTOINCREMENT counter.
func continueOutboxAbove(ctx context.Context, tx *sql.Tx, seq int64) error {
	if _, err := tx.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'events'", seq); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO sqlite_sequence(name, seq) SELECT 'events', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'events')", seq)
	return err
}

// SetAside moves the database at path and its WAL and shared-memory files
// out of the way under a name with the time, and returns that name ("" when
// there was no database file). The files are renamed, never deleted: a
// person may still want to look into them.
func SetAside(path string, now time.Time) (string, error) {
	aside := fmt.Sprintf("%s.damaged-%s", path, now.UTC().Format("20060102T150405Z"))
	moved := false
	// The database file last: it never stands without the log it needs.
	for _, suffix := range []string{"-wal", "-shm", ""} {
		err := os.Rename(path+suffix, aside+suffix)
		switch {
		case err == nil:
			moved = moved || suffix == ""
		case !errors.Is(err, os.ErrNotExist):
			return "", fmt.Errorf("set the damaged database aside: %w", err)
		}
	}
	if !moved {
		return "", nil
	}
	return aside, syncDir(filepath.Dir(path))
}

// Install moves a store built at fresh (closed) into place at path, where
// nothing may be now (SetAside first), with its identity file.
func Install(fresh, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("install %s: %s is still there", fresh, path)
	}
	// The WAL first: a database file never stands without the log it
	// needs (a closed store has none left, as a rule).
	for _, suffix := range []string{"-wal", "-shm", ""} {
		if err := os.Rename(fresh+suffix, path+suffix); err != nil && (suffix == "" || !errors.Is(err, os.ErrNotExist)) {
			return fmt.Errorf("install the rebuilt database: %w", err)
		}
	}
	if err := os.Rename(IdentityPath(fresh), IdentityPath(path)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("install the rebuilt database's identity: %w", err)
	}
	return syncDir(filepath.Dir(path))
}
