package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Settings of the outbox's recovery.
const (
	// settingAckedSeq is the last sequence the hub acknowledged, kept apart
	// from the events, which PruneEvents removes.
	settingAckedSeq = "sync.acked_seq"
	// settingHubEpoch is the hub epoch this station last heard of.
	settingHubEpoch = "sync.hub_epoch"
)

// raiseAcked records that the hub acknowledged up to seq, if that is more
// than it had.
func raiseAcked(ctx context.Context, tx *sql.Tx, seq int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES(?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE CAST(settings.value AS INTEGER) < CAST(excluded.value AS INTEGER)`,
		settingAckedSeq, strconv.FormatInt(seq, 10))
	return err
}

// HubEpoch returns the hub epoch this station last heard of ("" if none).
func (db *DB) HubEpoch(ctx context.Context) (string, error) { return db.Setting(ctx, settingHubEpoch) }

// SetHubEpoch records the hub's epoch.
func (db *DB) SetHubEpoch(ctx context.Context, epoch string) error {
	return db.SetSetting(ctx, settingHubEpoch, epoch)
}

// ResendAfter makes every event after hubLastSeq wait for the hub again:
// the hub holds less than it once acknowledged (it was restored from a
// backup or lost commits), and the station re-sends exactly what it lacks.
// It returns how many events wait again.
//
// Events the hub lacks that this station no longer has either (pruned
// after the retention window, lost with a rollback of this file, or
// numbers a RenumberAfter left to the hub's copy of them) are gone for
// good: the station says so once, as an exception, and numbers the events
// it still has after hubLastSeq consecutively, so that the hub gets those
// and everything after them instead of waiting for ever for the lost ones.
func (db *DB) ResendAfter(ctx context.Context, hubLastSeq int64) (int, error) {
	var n int
	err := db.write(ctx, func(tx *sql.Tx) error {
		var acked int64
		err := tx.QueryRowContext(ctx, "SELECT COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), 0)", settingAckedSeq).Scan(&acked)
		if err != nil {
			return err
		}
		lost, err := lostAfter(ctx, tx, hubLastSeq, acked)
		if err != nil {
			return err
		}
		if len(lost) > 0 {
			msg := fmt.Sprintf("The hub lost this station's events %s, and this station no longer has them (it keeps sent events for a limited time, or its own database was restored from an older copy): what they recorded is not at the hub. "+
				"The station sent its later events after them. A supervisor should check the work of that time with the hub's administrator.", describeRanges(lost))
			if err := db.addExceptionOnce(ctx, tx, "events_lost", msg, map[string]any{"first": lost[0][0], "upto": lost[len(lost)-1][1], "ranges": lost}); err != nil {
				return err
			}
			// Close the holes: the events kept follow the hub's last, in
			// their order. Two steps, so that no new number collides with
			// an old one.
			if _, err := tx.ExecContext(ctx, "UPDATE events SET seq = -seq WHERE seq > ?", hubLastSeq); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE events SET seq = ? + r.n
				FROM (SELECT seq AS old, ROW_NUMBER() OVER (ORDER BY seq DESC) AS n FROM events WHERE seq < 0) AS r
				WHERE events.seq = r.old`, hubLastSeq); err != nil {
				return err
			}
			// New events follow the last one here, or the hub's: the
			// numbers of the lost ones are free again.
			if _, err := tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = MAX(?, COALESCE((SELECT MAX(seq) FROM events), 0))
				WHERE name = 'events'`, hubLastSeq); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, "UPDATE events SET pushed = 0, pushed_at = NULL WHERE seq > ? AND pushed = 1", hubLastSeq)
		if err != nil {
			return err
		}
		m, _ := res.RowsAffected()
		n = int(m)
		return setSetting(ctx, tx, settingAckedSeq, strconv.FormatInt(hubLastSeq, 10))
	})
	if err != nil {
		return 0, fmt.Errorf("re-send events after %d: %w", hubLastSeq, err)
	}
	return n, nil
}

// lostAfter returns the ranges of sequence numbers after hubLastSeq that
// this station has no event under, up to its last event or the last the
// hub once acknowledged (acked), whichever is later: the hub lacks them and
// no one can send them any more. The events kept after hubLastSeq need not
// follow each other: RenumberAfter moves the unsent ones past the numbers
// the hub held from this station's lost life, and a hub that lost those
// too leaves a hole in the middle.
func lostAfter(ctx context.Context, tx *sql.Tx, hubLastSeq, acked int64) ([][2]int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT seq FROM events WHERE seq > ? ORDER BY seq", hubLastSeq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lost [][2]int64
	next := hubLastSeq + 1
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return nil, err
		}
		if seq != next {
			lost = append(lost, [2]int64{next, seq - 1})
		}
		next = seq + 1
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if acked >= next {
		lost = append(lost, [2]int64{next, acked})
	}
	return lost, nil
}

// describeRanges says "7 to 9" or "7 to 9 and 15 to 28".
func describeRanges(ranges [][2]int64) string {
	parts := make([]string, len(ranges))
	for i, r := range ranges {
		parts[i] = fmt.Sprintf("%d to %d", r[0], r[1])
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// RenumberAfter moves this station's sequence past the hub's: the hub holds
// events up to hubLastSeq of which those from fromSeq on are not this
// station's (its database was rolled back and numbered new events again).
// The events before fromSeq are the hub's own (marked sent); the unsent
// events from fromSeq on are numbered again from hubLastSeq+1, in their
// order, and new events follow them. It returns how many were renumbered.
func (db *DB) RenumberAfter(ctx context.Context, fromSeq, hubLastSeq int64) (int, error) {
	if fromSeq > hubLastSeq {
		return 0, core.Errorf(core.EINVALID, "renumber", "Event %d is past the hub's last event %d: nothing to renumber.", fromSeq, hubLastSeq)
	}
	var n int
	err := db.write(ctx, func(tx *sql.Tx) error {
		now := db.Now().UnixMilli()
		if _, err := tx.ExecContext(ctx, "UPDATE events SET pushed = 1, pushed_at = ? WHERE pushed = 0 AND seq < ?", now, fromSeq); err != nil {
			return err
		}
		if err := raiseAcked(ctx, tx, fromSeq-1); err != nil {
			return err
		}
		// Two steps, so that no new number collides with an old one.
		res, err := tx.ExecContext(ctx, "UPDATE events SET seq = -seq WHERE seq >= ?", fromSeq)
		if err != nil {
			return err
		}
		m, _ := res.RowsAffected()
		n = int(m)
		if _, err := tx.ExecContext(ctx, "UPDATE events SET seq = -seq + ?, pushed = 0, pushed_at = NULL WHERE seq < 0", hubLastSeq+1-fromSeq); err != nil {
			return err
		}
		// New events are numbered after the hub's last one, too.
		_, err = tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = MAX(seq, ?, COALESCE((SELECT MAX(seq) FROM events), 0)) WHERE name = 'events'`, hubLastSeq)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("renumber events from %d after %d: %w", fromSeq, hubLastSeq, err)
	}
	return n, nil
}

// DefaultRetention is how long pushed events stay by default: a hub
// restored from a backup up to this old is refilled from the stations.
const DefaultRetention = 30 * 24 * time.Hour

// PruneEvents removes the events the hub acknowledged longer than keep
// ago, and returns how many.
func (db *DB) PruneEvents(ctx context.Context, keep time.Duration) (int, error) {
	before := db.Now().Add(-keep).UnixMilli()
	// Most rounds find nothing to prune: a read says so without taking the
	// write lock a scan may be waiting for.
	var due int
	err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE pushed = 1 AND pushed_at < ? LIMIT 1)", before).Scan(&due)
	if err != nil || due == 0 {
		if err != nil {
			err = fmt.Errorf("prune sent events: %w", err)
		}
		return 0, err
	}
	var n int64
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM events WHERE pushed = 1 AND pushed_at < ?", before)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("prune sent events: %w", err)
	}
	return int(n), nil
}

// addExceptionOnce adds an exception unless the same one is open.
func (db *DB) addExceptionOnce(ctx context.Context, tx *sql.Tx, kind, message string, detail any) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM exceptions WHERE kind = ? AND message = ? AND resolved_at IS NULL", kind, message).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return db.addException(ctx, tx, kind, "", message, detail)
}

// restartSequence numbers the unsent events from 1, in order, and drops
// the sent ones, for a new identity at the hub.
func (db *DB) restartSequence(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM events WHERE pushed = 1"); err != nil {
		return fmt.Errorf("new terminal identity: %w", err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT seq FROM events ORDER BY seq")
	if err != nil {
		return fmt.Errorf("new terminal identity: %w", err)
	}
	var seqs []int64
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		seqs = append(seqs, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE events SET seq = -seq"); err != nil {
		return err
	}
	for i, s := range seqs {
		if _, err := tx.ExecContext(ctx, "UPDATE events SET seq = ? WHERE seq = ?", i+1, -s); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'", len(seqs)); err != nil {
		return err
	}
	return setSetting(ctx, tx, settingAckedSeq, "0")
}
