package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// OpenPick is a pick someone claimed and has not finished: the home screen
// lists a person's own, a supervisor sees everyone's.
type OpenPick struct {
	ID        string
	StaffID   int64
	StaffName string
	Orders    []string // the orders' refs, in tote order
	Done      int      // units picked or shorted
	Total     int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OpenPicks lists the active picks of a member of staff, oldest first; a
// staffID of 0 lists everyone's.
func (db *DB) OpenPicks(ctx context.Context, staffID int64) ([]OpenPick, error) {
	q := `SELECT b.id, b.staff_id, s.name, b.created_at, b.updated_at,
			(SELECT group_concat(external_id, ',') FROM (SELECT o.external_id FROM pick_batch_orders bo JOIN orders o ON o.id = bo.order_id
				WHERE bo.batch_id = b.id ORDER BY bo.position)),
			(SELECT COALESCE(SUM(t.picked + t.short), 0) FROM pick_tasks t WHERE t.batch_id = b.id),
			(SELECT COALESCE(SUM(t.qty), 0) FROM pick_tasks t WHERE t.batch_id = b.id)
		FROM pick_batches b JOIN staff s ON s.id = b.staff_id
		WHERE b.status = 'active' AND (? = 0 OR b.staff_id = ?)
		ORDER BY b.created_at, b.rowid`
	rows, err := db.sql.QueryContext(ctx, q, staffID, staffID)
	if err != nil {
		return nil, fmt.Errorf("open picks: %w", err)
	}
	defer rows.Close()
	var out []OpenPick
	for rows.Next() {
		var p OpenPick
		var created, updated int64
		var refs sql.NullString
		if err := rows.Scan(&p.ID, &p.StaffID, &p.StaffName, &created, &updated, &refs, &p.Done, &p.Total); err != nil {
			return nil, fmt.Errorf("open picks: %w", err)
		}
		p.CreatedAt, p.UpdatedAt = time.Unix(created, 0), time.Unix(updated, 0)
		if refs.String != "" {
			p.Orders = strings.Split(refs.String, ",")
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ReleasePick gives up an open pick: its unfinished orders are open again
// for anyone to pick (what was picked stays picked), the batch is closed.
// The picker may release their own pick; anyone else's needs a supervisor.
func (db *DB) ReleasePick(ctx context.Context, batchID string, by int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		owner, err := db.openPickOwner(ctx, tx, batchID, by)
		if err != nil {
			return err
		}
		now := db.Now().Unix()
		if _, err := tx.ExecContext(ctx, "UPDATE pick_batches SET status = 'released', updated_at = ? WHERE id = ?", now, batchID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `UPDATE orders SET status = 'open', updated_at = ?
			WHERE status = 'picking' AND id IN (SELECT order_id FROM pick_batch_orders WHERE batch_id = ?) RETURNING external_id`, now, batchID)
		if err != nil {
			return err
		}
		var refs []string
		for rows.Next() {
			var ref string
			if err := rows.Scan(&ref); err != nil {
				rows.Close()
				return err
			}
			refs = append(refs, ref)
		}
		rows.Close()
		for _, ref := range refs {
			if _, err := db.recordEvent(ctx, tx, core.EventPickReleased, ref, by, core.PickReleased{Batch: batchID, Picker: owner}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("release pick %s: %w", batchID, err)
	}
	return nil
}

// ReassignPick gives an open pick to another member of staff who may pick;
// only a supervisor may do it.
func (db *DB) ReassignPick(ctx context.Context, batchID string, to, by int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		owner, err := db.openPickOwner(ctx, tx, batchID, 0)
		if err != nil {
			return err
		}
		sup, err := staffByID(ctx, tx, by)
		if err != nil {
			return err
		}
		if !sup.Can(core.RoleSupervisor) {
			return core.Errorf(core.EFORBIDDEN, core.ErrNotAllowed.Reason, "Only a supervisor can give a pick to someone else.")
		}
		target, err := staffByID(ctx, tx, to)
		if err != nil {
			return err
		}
		if !target.CanPick() {
			return core.Errorf(core.EFORBIDDEN, core.ErrNotAllowed.Reason, "%s does not pick orders.", target.Name)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE pick_batches SET staff_id = ?, updated_at = ? WHERE id = ?", to, db.Now().Unix(), batchID); err != nil {
			return err
		}
		refs, err := batchRefs(ctx, tx, batchID)
		if err != nil {
			return err
		}
		_, err = db.recordEvent(ctx, tx, core.EventPickReassigned, strings.Join(refs, ","), by,
			core.PickReassigned{Batch: batchID, From: owner, To: to})
		return err
	})
	if err != nil {
		return fmt.Errorf("reassign pick %s: %w", batchID, err)
	}
	return nil
}

// openPickOwner returns who holds an active pick; with by set, it also
// checks that by may release it (their own, or they supervise).
func (db *DB) openPickOwner(ctx context.Context, tx *sql.Tx, batchID string, by int64) (int64, error) {
	var owner int64
	var status string
	err := tx.QueryRowContext(ctx, "SELECT staff_id, status FROM pick_batches WHERE id = ?", batchID).Scan(&owner, &status)
	if isNoRows(err) {
		return 0, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "This pick is not known here.")
	}
	if err != nil {
		return 0, err
	}
	if status != "active" {
		return 0, core.Explained(core.ECONFLICT, "pick_not_open", fmt.Sprintf("This pick is already %s.", status))
	}
	if by != 0 && by != owner {
		s, err := staffByID(ctx, tx, by)
		if err != nil {
			return 0, err
		}
		if !s.Can(core.RoleSupervisor) {
			return 0, core.Errorf(core.EFORBIDDEN, core.ErrNotAllowed.Reason, "Only the picker or a supervisor can release this pick.")
		}
	}
	return owner, nil
}

func staffByID(ctx context.Context, tx *sql.Tx, id int64) (core.Staff, error) {
	var s core.Staff
	var roles string
	err := tx.QueryRowContext(ctx, "SELECT id, name, roles FROM staff WHERE id = ? AND active = 1", id).Scan(&s.ID, &s.Name, &roles)
	if isNoRows(err) {
		return core.Staff{}, core.Errorf(core.ENOTFOUND, "unknown_staff", "This member of staff is not known here.")
	}
	if err != nil {
		return core.Staff{}, err
	}
	s.Roles = parseRoles(roles)
	return s, nil
}

func batchRefs(ctx context.Context, tx *sql.Tx, batchID string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT o.external_id FROM pick_batch_orders bo JOIN orders o ON o.id = bo.order_id
		WHERE bo.batch_id = ? ORDER BY bo.position`, batchID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var refs []string
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, err
		}
		refs = append(refs, ref)
	}
	return refs, rows.Err()
}

// pickerMay refuses a claim by someone whose roles do not include picking.
func pickerMay(ctx context.Context, tx *sql.Tx, staffID int64) error {
	s, err := staffByID(ctx, tx, staffID)
	if err != nil {
		return err
	}
	if !s.CanPick() {
		return core.Errorf(core.EFORBIDDEN, core.ErrNotAllowed.Reason, "%s does not pick orders: picking needs the picker role.", s.Name)
	}
	return nil
}
