package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// A full re-pull replaces the station's copy of its location's data with
// the hub's: the hub refused the station's cursor (its database was
// restored, or the station was moved to another location), so what the
// station holds may include records the hub no longer has, or another
// location's. It is a mark and sweep: every record a re-pull brings is
// stamped with a new generation, and the page that ends it removes the
// records of older generations, in the transaction that stores the final
// cursor. Until then the station keeps working on its old copy; events it
// has not sent are never touched.

// Settings of a full re-pull.
const (
	settingSyncGen  = "sync.gen"       // the generation the last full re-pull stamped
	settingFullPull = "sync.full_pull" // why a full re-pull is under way; "" when none
)

type fullPull struct {
	reason string
	gen    int64
}

func (f fullPull) active() bool { return f.reason != "" }

func fullPullOf(ctx context.Context, tx *sql.Tx) (fullPull, error) {
	var f fullPull
	reason, err := getSetting(ctx, tx, settingFullPull)
	if err != nil || reason == "" {
		return f, err
	}
	gen, err := getSetting(ctx, tx, settingSyncGen)
	if err != nil {
		return f, err
	}
	f.reason = reason
	f.gen, _ = strconv.ParseInt(gen, 10, 64)
	return f, nil
}

// StartFullPull begins a full re-pull, for the reason a person reads: the
// next pull starts from an empty cursor and its records carry a new
// generation. Starting again while one is under way starts it over.
func (db *DB) StartFullPull(ctx context.Context, reason string) error {
	if reason == "" {
		reason = "The hub asked for a full re-pull."
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		gen, err := getSetting(ctx, tx, settingSyncGen)
		if err != nil {
			return err
		}
		n, _ := strconv.ParseInt(gen, 10, 64)
		for k, v := range map[string]string{settingSyncGen: strconv.FormatInt(n+1, 10), settingFullPull: reason, settingSyncCursor: "", settingUnclaimed: ""} {
			if err := setSetting(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("start a full re-pull: %w", err)
	}
	return nil
}

// FullPull returns why a full re-pull is under way, or "".
func (db *DB) FullPull(ctx context.Context) (string, error) { return db.Setting(ctx, settingFullPull) }

// stamp marks the records of cs as brought by the re-pull of generation gen.
func (db *DB) stamp(ctx context.Context, tx *sql.Tx, gen int64, cs core.ChangeSet) error {
	type mark struct {
		q    string
		args []any
	}
	var marks []mark
	for _, p := range cs.Products {
		marks = append(marks, mark{"UPDATE products SET sync_gen = ? WHERE sku = ?", []any{gen, p.SKU}})
	}
	for _, b := range cs.Bins {
		marks = append(marks, mark{"UPDATE bins SET sync_gen = ? WHERE code = ?", []any{gen, strings.ToUpper(b.Code)}})
	}
	for _, s := range cs.Stock {
		marks = append(marks, mark{`UPDATE stock SET sync_gen = ? WHERE bin_id = (SELECT id FROM bins WHERE code = ?)
			AND product_id = (SELECT id FROM products WHERE sku = ?)`, []any{gen, strings.ToUpper(s.BinCode), s.SKU}})
	}
	for _, s := range cs.Staff {
		marks = append(marks, mark{"UPDATE staff SET sync_gen = ? WHERE id = ?", []any{gen, s.ID}})
	}
	for _, o := range cs.Orders {
		marks = append(marks, mark{"UPDATE orders SET sync_gen = ? WHERE external_id = ?", []any{gen, o.ExternalID}})
	}
	for _, ref := range cs.CancelledOrders {
		marks = append(marks, mark{"UPDATE orders SET sync_gen = ? WHERE external_id = ?", []any{gen, ref}})
	}
	for _, r := range cs.Returns {
		marks = append(marks, mark{"UPDATE returns SET sync_gen = ? WHERE rma = ?", []any{gen, strings.ToUpper(strings.TrimSpace(r.RMA))}})
	}
	for _, m := range marks {
		if _, err := db.txExec(ctx, tx, m.q, m.args...); err != nil {
			return fmt.Errorf("full re-pull: mark: %w", err)
		}
	}
	return nil
}

// sweep ends a full re-pull: what it did not bring goes. A record that
// local work still refers to (an order picked here, a bin with a bag on it)
// cannot simply vanish: an order still in work is cancelled with an
// exception that says what to put back, a staff member loses PIN, badge and
// access; the rest stays as history.
func (db *DB) sweep(ctx context.Context, tx *sql.Tx, f fullPull) error {
	if err := releaseLostClaims(ctx, tx); err != nil {
		return fmt.Errorf("full re-pull: claims: %w", err)
	}
	if err := db.sweepOrders(ctx, tx, f.gen); err != nil {
		return fmt.Errorf("full re-pull: orders: %w", err)
	}
	steps := []string{
		"DELETE FROM stock WHERE sync_gen < ?",
		"UPDATE returns SET status = 'cancelled' WHERE sync_gen < ? AND status = 'expected' AND unexpected = 0",
	}
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q, f.gen); err != nil {
			return fmt.Errorf("full re-pull: %w", err)
		}
	}
	for _, table := range []string{"staff", "bins", "products"} {
		if err := deleteUnreferenced(ctx, tx, table, f.gen); err != nil {
			return fmt.Errorf("full re-pull: %s: %w", table, err)
		}
	}
	// Staff the hub no longer lists at this location and whom history
	// still names: no sign-in, no PIN hash, no badge.
	if _, err := tx.ExecContext(ctx, "UPDATE staff SET active = 0, pin_hash = '', badge = NULL WHERE sync_gen < ?", f.gen); err != nil {
		return fmt.Errorf("full re-pull: staff: %w", err)
	}
	return setSetting(ctx, tx, settingFullPull, "")
}

// deleteUnreferenced deletes the rows of table older than gen, all at once
// if nothing refers to them, else one by one, keeping those a foreign key
// still needs.
func deleteUnreferenced(ctx context.Context, tx *sql.Tx, table string, gen int64) error {
	ok, err := trySavepoint(ctx, tx, "DELETE FROM "+table+" WHERE sync_gen < ?", gen)
	if err != nil || ok {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT id FROM "+table+" WHERE sync_gen < ?", gen)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := trySavepoint(ctx, tx, "DELETE FROM "+table+" WHERE id = ?", id); err != nil {
			return err
		}
	}
	return nil
}

// trySavepoint runs one statement in a savepoint and reports whether it
// held; a foreign key it would break undoes it and is not an error. The
// sweep uses it, and so does upsertOrder to keep lines local work needs.
func trySavepoint(ctx context.Context, tx *sql.Tx, q string, args ...any) (bool, error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT sweep"); err != nil {
		return false, err
	}
	_, err := tx.ExecContext(ctx, q, args...)
	if err == nil {
		_, err = tx.ExecContext(ctx, "RELEASE sweep")
		return err == nil, err
	}
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code() != sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "ROLLBACK TO sweep"); err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, "RELEASE sweep")
	return false, err
}

// sweepOrders removes the orders the re-pull did not bring. One still in
// work here is cancelled instead, with an exception listing what was
// picked for it and must go back; one that is history stays.
func (db *DB) sweepOrders(ctx context.Context, tx *sql.Tx, gen int64) error {
	ok, err := trySavepoint(ctx, tx, "DELETE FROM orders WHERE sync_gen < ?", gen)
	if err != nil || ok {
		return err
	}
	type stale struct {
		id     int64
		ref    string
		status core.OrderStatus
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, external_id, status FROM orders WHERE sync_gen < ?", gen)
	if err != nil {
		return err
	}
	var all []stale
	for rows.Next() {
		var s stale
		if err := rows.Scan(&s.id, &s.ref, &s.status); err != nil {
			rows.Close()
			return err
		}
		all = append(all, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, s := range all {
		gone, err := trySavepoint(ctx, tx, "DELETE FROM orders WHERE id = ?", s.id)
		if err != nil {
			return err
		}
		switch {
		case gone:
			continue
		case s.status == core.OrderShipped, s.status == core.OrderCollected, s.status == core.OrderCancelled, s.status == core.OrderExpired:
			continue // history
		}
		items, err := db.pickedItems(ctx, tx, s.id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'cancelled', updated_at = ? WHERE id = ?", db.Now().Unix(), s.id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE totes SET order_id = NULL WHERE order_id = ?", s.id); err != nil {
			return err
		}
		msg := fmt.Sprintf("Order %s is no longer this station's: the hub does not list it for this location (it was moved, or the hub restored without it). Do not continue it.", s.ref)
		if len(items) > 0 {
			msg += fmt.Sprintf(" Put %s back.", describePutBack(items))
		}
		if err := db.addException(ctx, tx, "order_gone", s.ref, msg, items); err != nil {
			return err
		}
	}
	return nil
}
