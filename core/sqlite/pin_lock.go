package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// EventStaffPINLocked records that a member of staff typed too many wrong
// PINs in a row and is locked for a while; the station also opens an
// exception, so supervisors see it.
const EventStaffPINLocked = core.EventStaffPINLocked

// PINLockPayload is the payload of EventStaffPINLocked.
type PINLockPayload = core.StaffPINLocked

// verifyPIN checks a PIN of s against hash, counting wrong PINs in a row:
// from the fifth on, s is locked for core.PINLockFor(failures), during
// which no PIN of theirs is even checked. A right PIN clears the count.
func (db *DB) verifyPIN(ctx context.Context, s core.Staff, hash, pin string) error {
	now := db.Now()
	var failures int
	var until int64
	err := db.sql.QueryRowContext(ctx, "SELECT failures, locked_until FROM pin_failures WHERE staff_id = ?", s.ID).Scan(&failures, &until)
	if err != nil && !isNoRows(err) {
		return fmt.Errorf("PIN check: %w", err)
	}
	if lockedUntil := time.UnixMilli(until); now.Before(lockedUntil) {
		return pinLocked(s, lockedUntil.Sub(now))
	}
	if core.CheckPIN(hash, pin) {
		if failures > 0 {
			_, err := db.sql.ExecContext(ctx, "DELETE FROM pin_failures WHERE staff_id = ?", s.ID)
			if err != nil {
				return fmt.Errorf("PIN check: %w", err)
			}
		}
		return nil
	}
	failures++
	lock := core.PINLockFor(failures)
	lockedUntil := now.Add(lock)
	err = db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pin_failures(staff_id, failures, locked_until) VALUES(?, ?, ?)
			ON CONFLICT(staff_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
			s.ID, failures, lockedUntil.UnixMilli())
		if err != nil || lock == 0 {
			return err
		}
		p := PINLockPayload{Failures: failures, LockedUntil: lockedUntil.UTC()}
		if _, err := db.recordEvent(ctx, tx, EventStaffPINLocked, "", s.ID, p); err != nil {
			return err
		}
		return db.addException(ctx, tx, "pin_locked", "",
			fmt.Sprintf("%s typed %d wrong PINs in a row and is locked until %s.", s.Name, failures, lockedUntil.Format("15:04:05")),
			ExceptionText{"pin_locked", map[string]any{"Name": s.Name, "N": failures, "Until": lockedUntil.Format("15:04:05")}}, p)
	})
	if err != nil {
		return fmt.Errorf("PIN check: %w", err)
	}
	if lock > 0 {
		return pinLocked(s, lock)
	}
	return core.ErrBadCredentials
}

func pinLocked(s core.Staff, wait time.Duration) error {
	return core.Explained(core.EFORBIDDEN, "pin_locked",
		fmt.Sprintf("Too many wrong PINs for %s: try again in %s. A supervisor sees this on the exceptions screen.", s.Name, roundWait(wait)), s.Name, wait)
}

func roundWait(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", int(d.Round(time.Second)/time.Second))
	}
	return fmt.Sprintf("%d minutes", int((d+time.Minute-1)/time.Minute))
}
