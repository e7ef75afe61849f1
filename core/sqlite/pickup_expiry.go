package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
)

// SettingPickupExpiryDays is the setting that says after how many days a
// staged order not collected goes on the expired list.
const SettingPickupExpiryDays = "pickup.expiry_days"

// PickupExpiryDays returns the store's collection window in days
// (pickup.DefaultExpiryDays unless set).
func (db *DB) PickupExpiryDays(ctx context.Context) (int, error) {
	v, err := db.Setting(ctx, SettingPickupExpiryDays)
	if err != nil {
		return 0, err
	}
	return expiryDays(v), nil
}

func expiryDays(v string) int {
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 1 {
		return n
	}
	return pickup.DefaultExpiryDays
}

// SetPickupExpiryDays sets the store's collection window in days.
func (db *DB) SetPickupExpiryDays(ctx context.Context, days int) error {
	if days < 1 || days > 365 {
		return core.Explained(core.EINVALID, core.ErrBadQuantity.Reason, fmt.Sprintf("Keep orders 1 to 365 days, not %d.", days))
	}
	return db.SetSetting(ctx, SettingPickupExpiryDays, strconv.Itoa(days))
}

// ExpiredPickups lists the staged orders not collected within the
// collection window, the longest waiting first.
func (db *DB) ExpiredPickups(ctx context.Context) ([]PickupEntry, error) {
	days, err := db.PickupExpiryDays(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := db.Now().Add(-time.Duration(days) * 24 * time.Hour).Unix()
	list, err := db.pickupEntries(ctx, ordersWhere(`o.status = 'staged' AND o.fulfillment = 'store_pickup'
		AND o.id IN (SELECT order_id FROM pickups WHERE staged_at <= ?)`, "o.id", 0), "o.id", cutoff)
	if err != nil {
		return nil, fmt.Errorf("expired pickups: %w", err)
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].StagedAt.Before(list[j].StagedAt) })
	return list, nil
}

// ExpirePickup takes an uncollected order off the hold shelf: it becomes
// expired, the hub is told, and every unit of it is to be scanned back
// into a bin (see Restock).
func (db *DB) ExpirePickup(ctx context.Context, ref string, staffID int64) (HandoffResult, error) {
	days, err := db.PickupExpiryDays(ctx)
	if err != nil {
		return HandoffResult{}, err
	}
	var res HandoffResult
	err = db.write(ctx, func(tx *sql.Tx) error {
		h, stagedAt, err := loadHandoff(ctx, tx, ref)
		if err != nil {
			return err
		}
		e, err := h.Expire(stagedAt, db.Now(), days)
		if err != nil {
			return err
		}
		if err := db.persistHandoff(ctx, tx, h, e, staffID); err != nil {
			return err
		}
		h.Apply(e)
		res = HandoffResult{Effect: e, Handoff: h}
		return nil
	})
	if err != nil {
		return HandoffResult{}, fmt.Errorf("expire %s: %w", ref, err)
	}
	return res, nil
}

func (db *DB) recordExpiry(ctx context.Context, tx *sql.Tx, h *pickup.Handoff, e pickup.Effect, staffID int64) error {
	now := db.Now().Unix()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'expired', updated_at = ? WHERE id = ? AND status = 'staged'", now, h.OrderID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM pickup_refusals WHERE order_id = ?", h.OrderID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO restock_tasks(order_id, line_id, product_id, qty, reason, created_at)
		SELECT order_id, id, product_id, picked_qty, 'expired', ? FROM order_lines WHERE order_id = ? AND picked_qty > 0 ORDER BY line_no`,
		now, h.OrderID); err != nil {
		return err
	}
	var items []core.LineUnits
	for _, l := range h.Lines {
		if l.Picked > 0 {
			items = append(items, core.LineUnits{Line: l.ID, SKU: l.SKU, Qty: l.Picked})
		}
	}
	_, err := db.recordEvent(ctx, tx, core.EventOrderExpired, h.OrderRef, staffID,
		core.OrderExpiredPayload{Bags: len(h.Bags), Shelves: h.Shelves(), Items: items})
	return err
}

// RestockResult is what one accepted return-to-stock scan did.
type RestockResult struct {
	Effect  pickup.Effect
	Restock *pickup.Restock // the state afterwards
}

// Restock returns the return to stock of an order's refused or expired
// units.
func (db *DB) Restock(ctx context.Context, ref string) (*pickup.Restock, error) {
	var r *pickup.Restock
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		r, _, err = loadRestock(ctx, tx, ref)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("restock %s: %w", ref, err)
	}
	return r, nil
}

// RestockScan applies one scan to an order's return to stock: a bin, then
// each unit put into it. Each unit is back in stock, and the hub told, as
// soon as it is scanned.
func (db *DB) RestockScan(ctx context.Context, ref string, staffID int64, code scan.Code) (RestockResult, error) {
	var res RestockResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		r, orderID, err := loadRestock(ctx, tx, ref)
		if err != nil {
			return err
		}
		in := pickup.RestockInput{Code: code, Now: db.Now()}
		switch code.Kind {
		case scan.KindGTIN, scan.KindGS1:
			err = tx.QueryRowContext(ctx, "SELECT product_id FROM product_codes WHERE code = ?", code.GTIN).Scan(&in.ProductID)
		case scan.KindBin:
			err = tx.QueryRowContext(ctx, "SELECT id, zone FROM bins WHERE code = ?", strings.ToUpper(code.ID)).Scan(&in.BinID, &in.BinZone)
		}
		if err != nil && !isNoRows(err) {
			return err
		}
		e, err := r.Scan(in)
		if err != nil {
			return err
		}
		if err := db.persistRestock(ctx, tx, r, orderID, e, staffID); err != nil {
			return err
		}
		r.Apply(e)
		res = RestockResult{Effect: e, Restock: r}
		return nil
	})
	if err != nil {
		return RestockResult{}, fmt.Errorf("restock %s: %w", ref, err)
	}
	return res, nil
}

func (db *DB) persistRestock(ctx context.Context, tx *sql.Tx, r *pickup.Restock, orderID int64, e pickup.Effect, staffID int64) error {
	switch e.Kind {
	case pickup.EffectRestockBin:
		// Standing at a bin is not news for the hub; what goes into it is.
		_, err := tx.ExecContext(ctx, `INSERT INTO pickups(order_id, restock_bin_id) VALUES(?, ?)
			ON CONFLICT(order_id) DO UPDATE SET restock_bin_id = excluded.restock_bin_id`, orderID, e.ShelfID)
		return err
	case pickup.EffectRestock:
		var t pickup.RestockTask
		for _, x := range r.Tasks {
			if x.ID == e.TaskID {
				t = x
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE restock_tasks SET done = done + ? WHERE id = ?", e.Qty, e.TaskID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stock(bin_id, product_id, qty) VALUES(?, ?, ?)
			ON CONFLICT(product_id, bin_id) DO UPDATE SET qty = qty + excluded.qty`, e.ShelfID, t.ProductID, e.Qty); err != nil {
			return err
		}
		_, err := db.recordEvent(ctx, tx, core.EventPickupRestocked, r.OrderRef, staffID,
			core.PickupRestocked{Line: t.LineID, SKU: t.SKU, Qty: e.Qty, Bin: e.ShelfCode, Reason: t.Reason})
		return err
	}
	return fmt.Errorf("unknown restock effect %q", e.Kind)
}

// RestockOrder is an order with units still to put back into stock.
type RestockOrder struct {
	Ref      string
	Customer string
	Reason   string // pickup.RestockRefused or pickup.RestockExpired
	Units    int    // units left to put back
}

// RestockOrders lists the orders with units still to put back, oldest
// first.
func (db *DB) RestockOrders(ctx context.Context) ([]RestockOrder, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT o.external_id, o.customer_name, MIN(t.reason), SUM(t.qty - t.done)
		FROM restock_tasks t JOIN orders o ON o.id = t.order_id WHERE t.done < t.qty
		GROUP BY o.id ORDER BY MIN(t.created_at), o.id`)
	if err != nil {
		return nil, fmt.Errorf("restock orders: %w", err)
	}
	defer rows.Close()
	var out []RestockOrder
	for rows.Next() {
		var r RestockOrder
		if err := rows.Scan(&r.Ref, &r.Customer, &r.Reason, &r.Units); err != nil {
			return nil, fmt.Errorf("restock orders: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
