package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
)

// loadBatch reads a pick batch's whole state inside tx.
func (db *DB) loadBatch(ctx context.Context, tx *sql.Tx, id string) (*pick.Batch, error) {
	b := &pick.Batch{ID: id, UsedSerials: map[string]bool{}}
	var status string
	var confirmed, awaitTote sql.NullInt64
	err := db.txQueryRow(ctx, tx, `SELECT staff_id, status, confirmed_task_id, await_tote_order_id FROM pick_batches WHERE id = ?`, id).
		Scan(&b.StaffID, &status, &confirmed, &awaitTote)
	if isNoRows(err) {
		return nil, core.Errorf(core.ENOTFOUND, "no_batch", "This pick no longer exists.")
	}
	if err != nil {
		return nil, err
	}
	b.ConfirmedTaskID, b.AwaitToteOrderID = confirmed.Int64, awaitTote.Int64

	rows, err := db.txQuery(ctx, tx, `SELECT o.id, o.external_id, COALESCE(bo.tote, ''), o.status
		FROM pick_batch_orders bo JOIN orders o ON o.id = bo.order_id WHERE bo.batch_id = ? ORDER BY bo.position`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var o pick.Order
		if err := rows.Scan(&o.ID, &o.Ref, &o.Tote, &o.Status); err != nil {
			rows.Close()
			return nil, err
		}
		b.Orders = append(b.Orders, o)
	}
	rows.Close()

	rows, err = db.txQuery(ctx, tx, `SELECT t.id, t.order_id, o.external_id, t.line_id, t.seq, t.bin_id, bn.code,
			t.product_id, p.sku, p.name,
			COALESCE((SELECT code FROM product_codes c WHERE c.product_id = p.id ORDER BY code LIMIT 1), ''),
			t.qty, t.picked, t.short, p.capture_lot, p.capture_serial, p.capture_expiry
		FROM pick_tasks t JOIN orders o ON o.id = t.order_id JOIN bins bn ON bn.id = t.bin_id
		JOIN products p ON p.id = t.product_id
		WHERE t.batch_id = ? ORDER BY t.seq`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t pick.Task
		if err := rows.Scan(&t.ID, &t.OrderID, &t.OrderRef, &t.LineID, &t.Seq, &t.BinID, &t.BinCode, &t.ProductID, &t.SKU, &t.Name,
			&t.GTIN, &t.Qty, &t.Picked, &t.Short, &t.CaptureLot, &t.CaptureSerial, &t.CaptureExpiry); err != nil {
			rows.Close()
			return nil, err
		}
		t.GTIN = scannableGTIN(t.GTIN)
		b.Tasks = append(b.Tasks, t)
	}
	rows.Close()

	// One pass over the batch's live actions gives both the last one (for
	// undo) and the serials already taken.
	rows, err = db.txQuery(ctx, tx, `SELECT id, task_id, kind, qty, serial FROM pick_actions
		WHERE batch_id = ? AND undone = 0 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a pick.Action
		var serial string
		if err := rows.Scan(&a.ID, &a.TaskID, &a.Kind, &a.Qty, &serial); err != nil {
			return nil, err
		}
		b.LastAction = &a
		if serial != "" {
			b.UsedSerials[serial] = true
		}
	}
	return b, rows.Err()
}

// scannableGTIN turns a stored GTIN-14 into the EAN-13 or UPC-A printed on
// the item, which is what a picker scans.
func scannableGTIN(gtin14 string) string {
	if len(gtin14) == 14 && gtin14[0] == '0' {
		return gtin14[1:]
	}
	return gtin14
}

// gtin14 turns a code from scannableGTIN back into the 14 digits stored
// (and carried by scan.Code.GTIN); "" stays "".
func gtin14(scannable string) string {
	if len(scannable) == 13 {
		return "0" + scannable
	}
	return scannable
}

// Batch returns a pick batch's current state.
func (db *DB) Batch(ctx context.Context, id string) (*pick.Batch, error) {
	var b *pick.Batch
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		b, err = db.loadBatch(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pick %s: %w", id, err)
	}
	return b, nil
}

// ActiveBatch returns the id of the oldest pick a member of staff left unfinished,
// or "" when there is none: signing in again resumes it.
func (db *DB) ActiveBatch(ctx context.Context, staffID int64) (string, error) {
	var id string
	err := db.sql.QueryRowContext(ctx, `SELECT id FROM pick_batches WHERE staff_id = ? AND status = 'active'
		ORDER BY created_at, rowid LIMIT 1`, staffID).Scan(&id)
	if isNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("active pick of staff %d: %w", staffID, err)
	}
	return id, nil
}
