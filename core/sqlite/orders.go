package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Order returns an order with its lines, by external id.
func (db *DB) Order(ctx context.Context, ref string) (core.Order, error) {
	var o core.Order
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		o, err = loadOrder(ctx, tx, ref)
		return err
	})
	if err != nil {
		return core.Order{}, fmt.Errorf("order %s: %w", ref, err)
	}
	return o, nil
}

func loadOrder(ctx context.Context, tx *sql.Tx, ref string) (core.Order, error) {
	var o core.Order
	var customer, shipTo, ful, status string
	var promised, created int64
	err := tx.QueryRowContext(ctx, `SELECT id, external_id, channel, customer, ship_to, fulfillment, status, service, pickup_code,
			promised_at, created_at FROM orders WHERE external_id = ?`, ref).
		Scan(&o.ID, &o.ExternalID, &o.Channel, &customer, &shipTo, &ful, &status, &o.Service, &o.PickupCode, &promised, &created)
	if isNoRows(err) {
		return o, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Order %s is not known here.", ref)
	}
	if err != nil {
		return o, err
	}
	o.Fulfillment, o.Status = core.Fulfillment(ful), core.OrderStatus(status)
	o.PromisedAt, o.CreatedAt = time.Unix(promised, 0), time.Unix(created, 0)
	if err := json.Unmarshal([]byte(customer), &o.Customer); err != nil {
		return o, err
	}
	if err := json.Unmarshal([]byte(shipTo), &o.ShipTo); err != nil {
		return o, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.id, l.line_no, l.product_id, p.sku, p.name, l.qty, l.picked_qty, l.short_qty, l.short_reason
		FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = ? ORDER BY l.line_no`, o.ID)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	for rows.Next() {
		l := core.OrderLine{OrderID: o.ID}
		if err := rows.Scan(&l.ID, &l.LineNo, &l.ProductID, &l.SKU, &l.Name, &l.Qty, &l.PickedQty, &l.ShortQty, &l.ShortReason); err != nil {
			return o, err
		}
		o.Lines = append(o.Lines, l)
	}
	return o, rows.Err()
}

// StockQty returns how many units of a product the system counts in a bin.
func (db *DB) StockQty(ctx context.Context, binCode, sku string) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT s.qty FROM stock s JOIN bins b ON b.id = s.bin_id JOIN products p ON p.id = s.product_id
		WHERE b.code = ? AND p.sku = ?`, strings.ToUpper(binCode), sku).Scan(&n)
	if isNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("stock of %s in %s: %w", sku, binCode, err)
	}
	return n, nil
}
