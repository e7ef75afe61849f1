package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
)

// MaxBatchOrders is the most orders one cluster pick may hold: one tote each
// on a picking cart.
const MaxBatchOrders = 12

// ClaimNext claims the n most urgent open orders of the given fulfillment
// types for a picker, as one batch (n > 1 is cluster picking into n totes),
// and returns the batch id.
func (db *DB) ClaimNext(ctx context.Context, staffID int64, n int, types ...core.Fulfillment) (string, error) {
	if n < 1 || n > MaxBatchOrders {
		return "", core.Explained(core.EINVALID, core.ErrBadQuantity.Reason, fmt.Sprintf("A batch holds 1 to %d orders.", MaxBatchOrders))
	}
	if len(types) == 0 {
		types = []core.Fulfillment{core.FulfillShip, core.FulfillStorePickup, core.FulfillShipFromStore}
	}
	var id string
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := pickerMay(ctx, tx, staffID); err != nil {
			return err
		}
		args := []any{}
		for _, t := range types {
			args = append(args, string(t))
		}
		args = append(args, n)
		rows, err := tx.QueryContext(ctx, `SELECT id FROM orders WHERE status = 'open' AND fulfillment IN (?`+
			strings.Repeat(", ?", len(types)-1)+`) ORDER BY promised_at, id LIMIT ?`, args...)
		if err != nil {
			return err
		}
		var orderIDs []int64
		for rows.Next() {
			var oid int64
			if err := rows.Scan(&oid); err != nil {
				rows.Close()
				return err
			}
			orderIDs = append(orderIDs, oid)
		}
		rows.Close()
		if len(orderIDs) == 0 {
			return core.ErrNothingToPick
		}
		id, err = db.createBatch(ctx, tx, staffID, orderIDs)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("claim orders: %w", err)
	}
	return id, nil
}

// ClaimOrders claims the named orders (by their external ids) as one batch.
func (db *DB) ClaimOrders(ctx context.Context, staffID int64, refs ...string) (string, error) {
	if len(refs) < 1 || len(refs) > MaxBatchOrders {
		return "", core.Explained(core.EINVALID, core.ErrBadQuantity.Reason, fmt.Sprintf("A batch holds 1 to %d orders.", MaxBatchOrders))
	}
	var id string
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := pickerMay(ctx, tx, staffID); err != nil {
			return err
		}
		var orderIDs []int64
		for _, ref := range refs {
			var oid int64
			var status string
			err := tx.QueryRowContext(ctx, "SELECT id, status FROM orders WHERE external_id = ?", ref).Scan(&oid, &status)
			if isNoRows(err) {
				return core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Order %s is not known here.", ref)
			}
			if err != nil {
				return err
			}
			switch core.OrderStatus(status) {
			case core.OrderOpen:
			case core.OrderCancelled:
				return core.Errorf(core.ECONFLICT, core.ErrOrderCancelled.Reason, "Order %s was cancelled: do not pick it.", ref)
			case core.OrderPicking:
				batch, owner, name, err := pickOf(ctx, tx, oid)
				if err != nil {
					return err
				}
				if owner == staffID && batch != "" && len(refs) == 1 {
					id = batch // the picker's own open pick: back to it
					return errResume
				}
				if name == "" {
					return core.Errorf(core.ECONFLICT, core.ErrOrderClaimed.Reason, "Order %s is already being picked.", ref)
				}
				if owner == staffID {
					return core.Errorf(core.ECONFLICT, core.ErrOrderClaimed.Reason, "Order %s is in your open pick already: scan it alone to go back to that pick.", ref)
				}
				return core.Errorf(core.ECONFLICT, core.ErrOrderClaimed.Reason, "Order %s is being picked by %s. A supervisor can release or reassign the pick from the home screen.", ref, name)
			default:
				return core.Errorf(core.ECONFLICT, core.ErrOrderNotOpen.Reason, "Order %s is %s, not open for picking.", ref, core.OrderStatus(status))
			}
			orderIDs = append(orderIDs, oid)
		}
		var err error
		id, err = db.createBatch(ctx, tx, staffID, orderIDs)
		return err
	})
	if errors.Is(err, errResume) {
		return id, nil
	}
	if err != nil {
		return "", fmt.Errorf("claim orders %s: %w", strings.Join(refs, ", "), err)
	}
	return id, nil
}

// errResume ends a claim's transaction without writing: the order is in
// the picker's own open pick, which they go back to.
var errResume = errors.New("resume own pick")

// pickOf returns the active pick holding an order, who holds it and their
// name ("" when no active pick holds it).
func pickOf(ctx context.Context, tx *sql.Tx, orderID int64) (batch string, owner int64, name string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT b.id, b.staff_id, s.name FROM pick_batch_orders bo
		JOIN pick_batches b ON b.id = bo.batch_id JOIN staff s ON s.id = b.staff_id
		WHERE bo.order_id = ? AND b.status = 'active' ORDER BY b.created_at DESC LIMIT 1`, orderID).Scan(&batch, &owner, &name)
	if isNoRows(err) {
		return "", 0, "", nil
	}
	return batch, owner, name, err
}

type plannedTask struct {
	orderID, lineID, binID, productID int64
	walkSeq, position, lineNo, qty    int
}

// createBatch claims the orders for a picker and lays out the pick list in
// walking order: each line is taken from the bins holding the product, in
// walk sequence, so the picker passes each bin once.
func (db *DB) createBatch(ctx context.Context, tx *sql.Tx, staffID int64, orderIDs []int64) (string, error) {
	now := db.Now().Unix()
	id := uuid.NewString()
	if _, err := tx.ExecContext(ctx, `INSERT INTO pick_batches(id, staff_id, status, created_at, updated_at) VALUES(?, ?, 'active', ?, ?)`,
		id, staffID, now, now); err != nil {
		return "", err
	}
	var planned []plannedTask
	var refs []string
	for pos, oid := range orderIDs {
		var ref string
		if err := tx.QueryRowContext(ctx, "UPDATE orders SET status = 'picking', updated_at = ? WHERE id = ? RETURNING external_id", now, oid).Scan(&ref); err != nil {
			return "", err
		}
		refs = append(refs, ref)
		if _, err := tx.ExecContext(ctx, "INSERT INTO pick_batch_orders(batch_id, order_id, position) VALUES(?, ?, ?)", id, oid, pos); err != nil {
			return "", err
		}
		tasks, err := planOrder(ctx, tx, oid, pos)
		if err != nil {
			return "", err
		}
		planned = append(planned, tasks...)
	}
	sort.SliceStable(planned, func(i, j int) bool {
		a, b := planned[i], planned[j]
		if a.walkSeq != b.walkSeq {
			return a.walkSeq < b.walkSeq
		}
		if a.binID != b.binID {
			return a.binID < b.binID
		}
		if a.position != b.position {
			return a.position < b.position
		}
		return a.lineNo < b.lineNo
	})
	for seq, t := range planned {
		if _, err := tx.ExecContext(ctx, `INSERT INTO pick_tasks(batch_id, order_id, line_id, bin_id, product_id, seq, qty)
			VALUES(?, ?, ?, ?, ?, ?, ?)`, id, t.orderID, t.lineID, t.binID, t.productID, seq+1, t.qty); err != nil {
			return "", err
		}
	}
	_, err := db.recordEvent(ctx, tx, core.EventPickClaimed, strings.Join(refs, ","), staffID,
		core.PickClaimed{Batch: id, Orders: refs, Tasks: len(planned)})
	return id, err
}

// planOrder splits each line of an order over the bins that hold its
// product. A line without enough stock anywhere still gets a task for the
// rest at the product's first bin: the picker looks, and shorts it if it is
// really not there. A product no bin here has ever held is short at once.
func planOrder(ctx context.Context, tx *sql.Tx, orderID int64, position int) ([]plannedTask, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, line_no, product_id, qty - picked_qty - short_qty FROM order_lines WHERE order_id = ? ORDER BY line_no", orderID)
	if err != nil {
		return nil, err
	}
	type line struct {
		id, productID int64
		no, qty       int
	}
	var lines []line
	for rows.Next() {
		var l line
		if err := rows.Scan(&l.id, &l.no, &l.productID, &l.qty); err != nil {
			rows.Close()
			return nil, err
		}
		lines = append(lines, l)
	}
	rows.Close()

	var out []plannedTask
	for _, l := range lines {
		if l.qty <= 0 {
			continue
		}
		bins, err := tx.QueryContext(ctx, `SELECT s.bin_id, s.qty, b.walk_seq FROM stock s JOIN bins b ON b.id = s.bin_id
			WHERE s.product_id = ? ORDER BY b.walk_seq, b.id`, l.productID)
		if err != nil {
			return nil, err
		}
		need := l.qty
		var first *plannedTask
		for bins.Next() {
			t := plannedTask{orderID: orderID, lineID: l.id, productID: l.productID, position: position, lineNo: l.no}
			var have int
			if err := bins.Scan(&t.binID, &have, &t.walkSeq); err != nil {
				bins.Close()
				return nil, err
			}
			if first == nil {
				f := t
				first = &f
			}
			if need == 0 || have == 0 {
				continue
			}
			t.qty = min(need, have)
			need -= t.qty
			out = append(out, t)
		}
		bins.Close()
		if need > 0 {
			if first == nil {
				// No bin in this store has ever held it: nothing to walk to.
				if _, err := tx.ExecContext(ctx, "UPDATE order_lines SET short_qty = short_qty + ?, short_reason = 'no_location' WHERE id = ?", need, l.id); err != nil {
					return nil, err
				}
				continue
			}
			merged := false
			for i := range out {
				if out[i].lineID == l.id && out[i].binID == first.binID {
					out[i].qty += need
					merged = true
				}
			}
			if !merged {
				first.qty = need
				out = append(out, *first)
			}
		}
	}
	return out, nil
}
