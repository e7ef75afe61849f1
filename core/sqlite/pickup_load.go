package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
)

// pickupOrder is what every pickup machine needs to know about the order.
type pickupOrder struct {
	id          int64
	ref         string
	fulfillment core.Fulfillment
	status      core.OrderStatus
	pickupCode  string
	customer    core.Customer
}

func loadPickupOrder(ctx context.Context, tx *sql.Tx, ref string) (pickupOrder, error) {
	var o pickupOrder
	var customer, ful, status string
	// Scanned ids come upper-cased (see scan.Parser); typed ones may not.
	ref = strings.TrimSpace(ref)
	err := tx.QueryRowContext(ctx, `SELECT id, external_id, fulfillment, status, pickup_code, customer FROM orders
		WHERE external_id IN (?, ?) ORDER BY external_id = ? DESC LIMIT 1`, ref, strings.ToUpper(ref), ref).
		Scan(&o.id, &o.ref, &ful, &status, &o.pickupCode, &customer)
	if isNoRows(err) {
		return o, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Order %s is not known here.", ref)
	}
	if err != nil {
		return o, err
	}
	o.fulfillment, o.status = core.Fulfillment(ful), core.OrderStatus(status)
	if err := json.Unmarshal([]byte(customer), &o.customer); err != nil {
		return o, fmt.Errorf("order %s customer: %w", ref, err)
	}
	return o, nil
}

// pickupRow is an order's row of the pickups table; zero when it has none.
type pickupRow struct {
	bags, bagInHand, wrongCodes int
	stagedAt, arrivedAt         time.Time
	locked                      bool
	bay, car                    string
	verification                *pickup.Verification
	restockBinID                int64
	restockBinCode              string
}

func loadPickupRow(ctx context.Context, tx *sql.Tx, orderID int64) (pickupRow, error) {
	var r pickupRow
	var staged, arrived, locked, verifiedBy, verifiedAt, restockBin sql.NullInt64
	var method sql.NullString
	var collector, name, idType, restockCode string
	err := tx.QueryRowContext(ctx, `SELECT p.bags, p.bag_in_hand, p.wrong_codes, p.staged_at, p.arrived_at, p.locked_at,
			p.curbside_bay, p.curbside_car, p.verified_method, p.verified_collector, p.verified_name, p.verified_id_type,
			p.verified_by, p.verified_at, p.restock_bin_id, COALESCE(b.code, '')
		FROM pickups p LEFT JOIN bins b ON b.id = p.restock_bin_id WHERE p.order_id = ?`, orderID).
		Scan(&r.bags, &r.bagInHand, &r.wrongCodes, &staged, &arrived, &locked, &r.bay, &r.car,
			&method, &collector, &name, &idType, &verifiedBy, &verifiedAt, &restockBin, &restockCode)
	if isNoRows(err) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	r.stagedAt, r.arrivedAt, r.locked = unixOrZero(staged), unixOrZero(arrived), locked.Valid
	if method.Valid {
		r.verification = &pickup.Verification{Method: method.String, Collector: collector, Name: name, IDType: idType,
			StaffID: verifiedBy.Int64, At: unixOrZero(verifiedAt)}
	}
	r.restockBinID, r.restockBinCode = restockBin.Int64, restockCode
	return r, nil
}

func unixOrZero(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0)
}

func loadBags(ctx context.Context, tx *sql.Tx, o pickupOrder) ([]pickup.Bag, error) {
	rows, err := tx.QueryContext(ctx, `SELECT pb.n, COALESCE(pb.shelf_id, 0), COALESCE(b.code, ''), pb.handed_at IS NOT NULL
		FROM pickup_bags pb LEFT JOIN bins b ON b.id = pb.shelf_id WHERE pb.order_id = ? ORDER BY pb.n`, o.id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var bags []pickup.Bag
	for rows.Next() {
		var b pickup.Bag
		if err := rows.Scan(&b.N, &b.ShelfID, &b.ShelfCode, &b.Handed); err != nil {
			return nil, err
		}
		b.Code = pickup.BagCode(o.ref, b.N)
		bags = append(bags, b)
	}
	return bags, rows.Err()
}

// loadStaging reads an order's staging state inside tx.
func loadStaging(ctx context.Context, tx *sql.Tx, ref string) (*pickup.Staging, error) {
	o, err := loadPickupOrder(ctx, tx, ref)
	if err != nil {
		return nil, err
	}
	p, err := loadPickupRow(ctx, tx, o.id)
	if err != nil {
		return nil, err
	}
	bags, err := loadBags(ctx, tx, o)
	if err != nil {
		return nil, err
	}
	return &pickup.Staging{OrderID: o.id, OrderRef: o.ref, Customer: o.customer.Name, Fulfillment: o.fulfillment,
		Status: o.status, Bags: bags, InHand: p.bagInHand}, nil
}

// loadHandoff reads an order's handoff state inside tx, with the time it
// was staged (for expiry).
func loadHandoff(ctx context.Context, tx *sql.Tx, ref string) (*pickup.Handoff, time.Time, error) {
	o, err := loadPickupOrder(ctx, tx, ref)
	if err != nil {
		return nil, time.Time{}, err
	}
	p, err := loadPickupRow(ctx, tx, o.id)
	if err != nil {
		return nil, time.Time{}, err
	}
	h := &pickup.Handoff{OrderID: o.id, OrderRef: o.ref, Customer: o.customer.Name, AltPickup: o.customer.AltPickup,
		PickupCode: o.pickupCode, Status: o.status, WrongCodes: p.wrongCodes, Locked: p.locked, ArrivedAt: p.arrivedAt,
		Verified: p.verification}
	if o.fulfillment != core.FulfillStorePickup && o.status == core.OrderStaged {
		h.Status = core.OrderPicked // never hand over anything but a store pickup
	}
	if p.bay != "" {
		h.Curbside = &pickup.Curbside{Bay: p.bay, Car: p.car}
	}
	if h.Bags, err = loadBags(ctx, tx, o); err != nil {
		return nil, time.Time{}, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.id, p.sku, p.name, l.picked_qty, COALESCE(r.qty, 0), COALESCE(r.reason, '')
		FROM order_lines l JOIN products p ON p.id = l.product_id
		LEFT JOIN pickup_refusals r ON r.order_id = l.order_id AND r.line_id = l.id
		WHERE l.order_id = ? ORDER BY l.line_no`, o.id)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var l pickup.Line
		if err := rows.Scan(&l.ID, &l.SKU, &l.Name, &l.Picked, &l.Refused, &l.RefuseReason); err != nil {
			return nil, time.Time{}, err
		}
		h.Lines = append(h.Lines, l)
	}
	return h, p.stagedAt, rows.Err()
}

// loadRestock reads the return to stock of one order inside tx.
func loadRestock(ctx context.Context, tx *sql.Tx, ref string) (*pickup.Restock, int64, error) {
	o, err := loadPickupOrder(ctx, tx, ref)
	if err != nil {
		return nil, 0, err
	}
	p, err := loadPickupRow(ctx, tx, o.id)
	if err != nil {
		return nil, 0, err
	}
	r := &pickup.Restock{OrderRef: o.ref, BinID: p.restockBinID, BinCode: p.restockBinCode}
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.line_id, t.product_id, p.sku, p.name,
			COALESCE((SELECT code FROM product_codes c WHERE c.product_id = p.id ORDER BY code LIMIT 1), ''),
			COALESCE((SELECT b.code FROM stock s JOIN bins b ON b.id = s.bin_id WHERE s.product_id = p.id
				ORDER BY b.walk_seq, b.id LIMIT 1), ''),
			t.qty, t.done, t.reason
		FROM restock_tasks t JOIN products p ON p.id = t.product_id WHERE t.order_id = ? ORDER BY t.id`, o.id)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var t pickup.RestockTask
		if err := rows.Scan(&t.ID, &t.LineID, &t.ProductID, &t.SKU, &t.Name, &t.GTIN, &t.HomeBin, &t.Qty, &t.Done, &t.Reason); err != nil {
			return nil, 0, err
		}
		t.GTIN = scannableGTIN(t.GTIN)
		r.Tasks = append(r.Tasks, t)
	}
	return r, o.id, rows.Err()
}
