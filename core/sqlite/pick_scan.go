package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
)

// PickResult is what one accepted scan or action did.
type PickResult struct {
	Effect    pick.Effect
	Batch     *pick.Batch // the state afterwards
	Completed []string    // orders this step finished: ready to pack or stage
	BatchDone bool
}

// PickScan applies one scan to a pick batch. The change and its event commit
// together, or, when the scan is refused, nothing is written and the error
// says why.
func (db *DB) PickScan(ctx context.Context, batchID string, code scan.Code) (PickResult, error) {
	return db.pickStep(ctx, batchID, func(tx *sql.Tx, b *pick.Batch) (pick.Effect, error) {
		in, err := db.resolveScan(ctx, tx, b, code)
		if err != nil {
			return pick.Effect{}, err
		}
		in.Now = db.Now()
		return b.Scan(in)
	})
}

// PickShort records that the rest of the current pick task cannot be
// picked, for reason (one of pick.ShortReasons).
func (db *DB) PickShort(ctx context.Context, batchID, reason string) (PickResult, error) {
	return db.pickStep(ctx, batchID, func(_ *sql.Tx, b *pick.Batch) (pick.Effect, error) { return b.Short(reason) })
}

// PickUndo reverses the last pick or short of the batch.
func (db *DB) PickUndo(ctx context.Context, batchID string) (PickResult, error) {
	return db.pickStep(ctx, batchID, func(_ *sql.Tx, b *pick.Batch) (pick.Effect, error) { return b.Undo() })
}

func (db *DB) pickStep(ctx context.Context, batchID string, decide func(*sql.Tx, *pick.Batch) (pick.Effect, error)) (PickResult, error) {
	var res PickResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		b, err := db.loadBatch(ctx, tx, batchID)
		if err != nil {
			return err
		}
		e, err := decide(tx, b)
		if err != nil {
			return err
		}
		if err := db.persistEffect(ctx, tx, b, e); err != nil {
			return err
		}
		b.Apply(e)
		res = PickResult{Effect: e, Batch: b}
		return db.settleOrders(ctx, tx, b, e, &res)
	})
	if err != nil {
		return PickResult{}, fmt.Errorf("pick %s: %w", batchID, err)
	}
	return res, nil
}

// resolveScan looks up what the scanned code names in this store. A
// product the batch's tasks name by that very code needs no lookup: a code
// belongs to one product.
func (db *DB) resolveScan(ctx context.Context, tx *sql.Tx, b *pick.Batch, c scan.Code) (pick.Input, error) {
	in := pick.Input{Code: c}
	var err error
	switch c.Kind {
	case scan.KindGTIN, scan.KindGS1:
		for _, t := range b.Tasks {
			if gtin14(t.GTIN) == c.GTIN {
				in.ProductID, in.ProductName = t.ProductID, t.Name
				return in, nil
			}
		}
		err = db.txQueryRow(ctx, tx, `SELECT p.id, p.name FROM product_codes c JOIN products p ON p.id = c.product_id
			WHERE c.code = ?`, c.GTIN).Scan(&in.ProductID, &in.ProductName)
	case scan.KindBin:
		err = db.txQueryRow(ctx, tx, "SELECT id FROM bins WHERE code = ?", strings.ToUpper(c.ID)).Scan(&in.BinID)
	case scan.KindTote:
		err = db.txQueryRow(ctx, tx, `SELECT t.order_id FROM totes t JOIN orders o ON o.id = t.order_id
			WHERE t.code = ? AND o.status IN ('picking', 'picked')`, c.ID).Scan(&in.ToteOrderID)
	}
	if err != nil && !isNoRows(err) {
		return in, err
	}
	return in, nil
}

func (db *DB) persistEffect(ctx context.Context, tx *sql.Tx, b *pick.Batch, e pick.Effect) error {
	now := db.Now()
	var t pick.Task
	for _, x := range b.Tasks {
		if x.ID == e.TaskID {
			t = x
		}
	}
	ref := orderRef(b, e.OrderID)
	exec := func(q string, args ...any) error {
		_, err := db.txExec(ctx, tx, q, args...)
		return err
	}
	event := func(typ string, payload any) error {
		_, err := db.recordEvent(ctx, tx, typ, ref, b.StaffID, payload)
		return err
	}
	// A pick or a short does not touch pick_batches: its updated_at is read
	// by nothing, the batch's last action (and event) says when it moved,
	// and one statement less is a fifteenth of a durable scan.

	switch e.Kind {
	case pick.EffectNone:
		return nil
	case pick.EffectAssignTote:
		if err := exec(`INSERT INTO totes(code, order_id) VALUES(?, ?) ON CONFLICT(code) DO UPDATE SET order_id = excluded.order_id`, e.Tote, e.OrderID); err != nil {
			return err
		}
		if err := exec("UPDATE pick_batch_orders SET tote = ? WHERE batch_id = ? AND order_id = ?", e.Tote, b.ID, e.OrderID); err != nil {
			return err
		}
		return event(core.EventPickToteAssigned, core.PickToteAssigned{Batch: b.ID, Tote: e.Tote})
	case pick.EffectConfirmBin:
		if err := exec("UPDATE pick_batches SET confirmed_task_id = ?, updated_at = ? WHERE id = ?", e.TaskID, now.Unix(), b.ID); err != nil {
			return err
		}
		return event(core.EventPickBinConfirmed, core.PickBinConfirmed{Batch: b.ID, Bin: t.BinCode})
	case pick.EffectPick:
		expiry := ""
		if !e.Expiry.IsZero() {
			expiry = e.Expiry.Format("2006-01-02")
		}
		if err := exec(`INSERT INTO pick_actions(batch_id, task_id, kind, qty, lot, serial, expiry, at) VALUES(?, ?, 'pick', ?, ?, ?, ?, ?)`,
			b.ID, e.TaskID, e.Qty, e.Lot, e.Serial, expiry, now.Unix()); err != nil {
			return err
		}
		if err := db.movePicked(ctx, tx, t, e.Qty); err != nil {
			return err
		}
		if b.Cluster() {
			// The unit in hand must go into its order's tote next.
			if err := exec("UPDATE pick_batches SET await_tote_order_id = ?, updated_at = ? WHERE id = ?", e.OrderID, now.Unix(), b.ID); err != nil {
				return err
			}
		}
		return event(core.EventPickItemPicked, core.PickItemPicked{Batch: b.ID, SKU: t.SKU, GTIN: t.GTIN, Bin: t.BinCode, Qty: e.Qty,
			Line: t.LineID, Tote: toteOf(b, e.OrderID), Lot: e.Lot, Serial: e.Serial, Expiry: expiry})
	case pick.EffectPutInTote:
		if err := exec("UPDATE pick_batches SET await_tote_order_id = NULL, updated_at = ? WHERE id = ?", now.Unix(), b.ID); err != nil {
			return err
		}
		return event(core.EventPickItemToted, core.PickItemToted{Batch: b.ID, Tote: e.Tote})
	case pick.EffectShort:
		if err := exec(`INSERT INTO pick_actions(batch_id, task_id, kind, qty, reason, at) VALUES(?, ?, 'short', ?, ?, ?)`,
			b.ID, e.TaskID, e.Qty, e.Reason, now.Unix()); err != nil {
			return err
		}
		if err := exec("UPDATE pick_tasks SET short = short + ?, short_reason = ? WHERE id = ?", e.Qty, e.Reason, e.TaskID); err != nil {
			return err
		}
		if err := exec("UPDATE order_lines SET short_qty = short_qty + ?, short_reason = ? WHERE id = ?", e.Qty, e.Reason, t.LineID); err != nil {
			return err
		}
		return event(core.EventPickShort, core.PickShort{Batch: b.ID, SKU: t.SKU, Bin: t.BinCode, Qty: e.Qty, Reason: e.Reason, Line: t.LineID})
	case pick.EffectUndo:
		if err := exec("UPDATE pick_actions SET undone = 1 WHERE id = ?", e.Undone.ID); err != nil {
			return err
		}
		if e.Undone.Kind == "pick" {
			if err := db.movePicked(ctx, tx, t, -e.Qty); err != nil {
				return err
			}
			if err := exec("UPDATE pick_batches SET await_tote_order_id = NULL WHERE id = ?", b.ID); err != nil {
				return err
			}
		} else {
			if err := exec("UPDATE pick_tasks SET short = short - ? WHERE id = ?", e.Qty, e.TaskID); err != nil {
				return err
			}
			if err := exec("UPDATE order_lines SET short_qty = short_qty - ? WHERE id = ?", e.Qty, t.LineID); err != nil {
				return err
			}
		}
		// An order or batch this action had finished is open again.
		if err := exec("UPDATE orders SET status = 'picking' WHERE id = ? AND status = 'picked'", e.OrderID); err != nil {
			return err
		}
		if err := exec("UPDATE pick_batches SET status = 'active', updated_at = ? WHERE id = ?", now.Unix(), b.ID); err != nil {
			return err
		}
		return event(core.EventPickUndone, core.PickUndone{Batch: b.ID, Undone: e.Undone.Kind, SKU: t.SKU, Bin: t.BinCode, Qty: e.Qty, Line: t.LineID})
	}
	return fmt.Errorf("unknown pick effect %q", e.Kind)
}

// movePicked moves qty units of a task from its bin into the order (a
// negative qty puts them back).
func (db *DB) movePicked(ctx context.Context, tx *sql.Tx, t pick.Task, qty int) error {
	if _, err := db.txExec(ctx, tx, "UPDATE pick_tasks SET picked = picked + ? WHERE id = ?", qty, t.ID); err != nil {
		return err
	}
	if _, err := db.txExec(ctx, tx, "UPDATE order_lines SET picked_qty = picked_qty + ? WHERE id = ?", qty, t.LineID); err != nil {
		return err
	}
	// The system count may be lower than what was on the shelf; it never goes
	// below zero because a person found the unit there.
	_, err := db.txExec(ctx, tx, "UPDATE stock SET qty = MAX(qty - ?, 0) WHERE bin_id = ? AND product_id = ?", qty, t.BinID, t.ProductID)
	return err
}

// settleOrders marks orders the effect finished as picked, and the batch as
// done when nothing is left.
func (db *DB) settleOrders(ctx context.Context, tx *sql.Tx, b *pick.Batch, e pick.Effect, res *PickResult) error {
	if e.Kind == pick.EffectNone || e.Kind == pick.EffectUndo || e.OrderID == 0 {
		return nil
	}
	now := db.Now().Unix()
	if b.OrderDone(e.OrderID) {
		ref := orderRef(b, e.OrderID)
		r, err := db.txExec(ctx, tx, "UPDATE orders SET status = 'picked', updated_at = ? WHERE id = ? AND status = 'picking'", now, e.OrderID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n > 0 {
			picked, short, err := db.lineTotals(ctx, tx, e.OrderID)
			if err != nil {
				return err
			}
			if _, err := db.recordEvent(ctx, tx, core.EventOrderPicked, ref, b.StaffID,
				core.OrderPickedPayload{Batch: b.ID, Tote: toteOf(b, e.OrderID), Picked: picked, Short: short}); err != nil {
				return err
			}
			res.Completed = append(res.Completed, ref)
		}
	}
	if b.Next().Kind == pick.StepDone {
		if _, err := db.txExec(ctx, tx, "UPDATE pick_batches SET status = 'done', updated_at = ? WHERE id = ?", now, b.ID); err != nil {
			return err
		}
		res.BatchDone = true
	}
	return nil
}

func (db *DB) lineTotals(ctx context.Context, tx *sql.Tx, orderID int64) (picked, short int, err error) {
	err = db.txQueryRow(ctx, tx, "SELECT COALESCE(SUM(picked_qty), 0), COALESCE(SUM(short_qty), 0) FROM order_lines WHERE order_id = ?", orderID).
		Scan(&picked, &short)
	return picked, short, err
}

func orderRef(b *pick.Batch, orderID int64) string {
	for _, o := range b.Orders {
		if o.ID == orderID {
			return o.Ref
		}
	}
	return ""
}

func toteOf(b *pick.Batch, orderID int64) string {
	for _, o := range b.Orders {
		if o.ID == orderID {
			return o.Tote
		}
	}
	return ""
}
