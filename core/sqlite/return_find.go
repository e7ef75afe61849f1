package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// ReturnLookup is what a scan at the returns desk found.
type ReturnLookup struct {
	RMA      string // the open return found; "" when none is on record
	OrderRef string // the order concerned, when known
	FoundBy  string // "rma", "order", "sscc" or "serial"
}

// FindReturn finds the return a scan names: the return label (RMA-…), the
// original order (ORD-…), the return parcel's SSCC, or a unit's GS1 code
// with its serial number (the order it was shipped on). When the order is
// known but has no open return, RMA is "" and OrderRef says which order: the
// caller may record an unexpected return for it.
func (db *DB) FindReturn(ctx context.Context, c scan.Code) (ReturnLookup, error) {
	var res ReturnLookup
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		switch c.Kind {
		case scan.KindReturn:
			res.FoundBy = "rma"
			err = tx.QueryRowContext(ctx, "SELECT rma, order_ref FROM returns WHERE rma = ?", c.ID).Scan(&res.RMA, &res.OrderRef)
			if isNoRows(err) {
				return core.Errorf(core.ENOTFOUND, core.ErrNoReturn.Reason, "Return %s is not on record here. Scan the order number on the packing slip to record it as unexpected.", c.ID)
			}
			return err
		case scan.KindOrder:
			res.FoundBy, res.OrderRef = "order", c.ID
		case scan.KindSSCC:
			res.FoundBy = "sscc"
			err = tx.QueryRowContext(ctx, `SELECT rma, order_ref FROM returns WHERE package_sscc = ? AND status <> 'cancelled'
				ORDER BY id DESC LIMIT 1`, c.SSCC).Scan(&res.RMA, &res.OrderRef)
			if err == nil || !isNoRows(err) {
				return err
			}
			// The outbound parcel's SSCC, as the pack station recorded it.
			res.OrderRef, err = packageOrder(ctx, tx, c.SSCC)
			if err != nil {
				return err
			}
			if res.OrderRef == "" {
				return core.Errorf(core.ENOTFOUND, core.ErrNoReturn.Reason, "No return and no package here has SSCC %s.", c.SSCC)
			}
		case scan.KindGTIN, scan.KindGS1:
			res.FoundBy = "serial"
			if c.Serial == "" {
				return core.Errorf(core.ECONFLICT, core.ErrCaptureRequired.Reason, "An item finds its order only by its serial number: scan the GS1 code with the serial, or search by customer.")
			}
			var productID int64
			err = tx.QueryRowContext(ctx, "SELECT product_id FROM product_codes WHERE code = ?", c.GTIN).Scan(&productID)
			if isNoRows(err) {
				return core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Item %s is not one of our products.", c.GTIN)
			}
			if err != nil {
				return err
			}
			if res.OrderRef, err = db.serialShippedOn(ctx, tx, productID, c.Serial); err != nil {
				return err
			}
			if res.OrderRef == "" {
				return core.Errorf(core.ENOTFOUND, core.ErrNoReturn.Reason, "No order here shipped serial %s. Search by customer instead.", c.Serial)
			}
		default:
			return core.Errorf(core.EINVALID, "not_a_return", "Scan the return label, the order number, the parcel's SSCC or an item's serial barcode.")
		}
		var status string
		err = tx.QueryRowContext(ctx, `SELECT rma FROM returns WHERE order_ref = ? AND status IN ('expected', 'inspecting', 'held')
			ORDER BY CASE status WHEN 'inspecting' THEN 0 WHEN 'expected' THEN 1 ELSE 2 END, id LIMIT 1`, res.OrderRef).Scan(&res.RMA)
		if err != nil && !isNoRows(err) {
			return err
		}
		if res.RMA != "" {
			return nil
		}
		err = tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE external_id = ?", res.OrderRef).Scan(&status)
		if isNoRows(err) {
			return core.Errorf(core.ENOTFOUND, core.ErrNoReturn.Reason, "Order %s is not known here and has no return on record.", res.OrderRef)
		}
		return err
	})
	if err != nil {
		return ReturnLookup{}, fmt.Errorf("find return: %w", err)
	}
	return res, nil
}

// packageOrder finds the order a shipped package's SSCC belongs to, in the
// pack station's packages table; "" when there is no such package (or no
// pack station data on this terminal).
func packageOrder(ctx context.Context, tx *sql.Tx, sscc string) (string, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info('packages') WHERE name IN ('sscc', 'order_id')`).Scan(&n)
	if err != nil || n < 2 {
		return "", err
	}
	var ref string
	err = tx.QueryRowContext(ctx, `SELECT o.external_id FROM packages p JOIN orders o ON o.id = p.order_id WHERE p.sscc = ?`, sscc).Scan(&ref)
	if isNoRows(err) {
		return "", nil
	}
	return ref, err
}

// OrderMatch is an order found by customer, for recording an unexpected
// return against it.
type OrderMatch struct {
	Ref       string
	Customer  core.Customer
	Status    core.OrderStatus
	CreatedAt time.Time
	Items     int // units on the order
}

// FindOrdersForReturn finds delivered orders (shipped or collected) by the
// customer's name, e-mail or phone, newest first.
func (db *DB) FindOrdersForReturn(ctx context.Context, query string) ([]OrderMatch, error) {
	q := strings.TrimSpace(query)
	if len([]rune(q)) < 2 {
		return nil, core.Errorf(core.EINVALID, "short_query", "Type at least two letters of the customer's name, e-mail or phone.")
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q)) + "%"
	rows, err := db.sql.QueryContext(ctx, `SELECT o.external_id, o.customer, o.status, o.created_at,
			COALESCE((SELECT SUM(qty) FROM order_lines l WHERE l.order_id = o.id), 0)
		FROM orders o WHERE o.status IN ('shipped', 'collected')
			AND (lower(o.customer_name) LIKE ? ESCAPE '\' OR lower(o.customer) LIKE ? ESCAPE '\')
		ORDER BY o.created_at DESC, o.id DESC LIMIT 20`, like, like)
	if err != nil {
		return nil, fmt.Errorf("find orders for a return: %w", err)
	}
	defer rows.Close()
	var out []OrderMatch
	for rows.Next() {
		var m OrderMatch
		var customer, status string
		var created int64
		if err := rows.Scan(&m.Ref, &customer, &status, &created, &m.Items); err != nil {
			return nil, fmt.Errorf("find orders for a return: %w", err)
		}
		if err := json.Unmarshal([]byte(customer), &m.Customer); err != nil {
			return nil, fmt.Errorf("find orders for a return: %w", err)
		}
		m.Status, m.CreatedAt = core.OrderStatus(status), time.Unix(created, 0)
		out = append(out, m)
	}
	return out, rows.Err()
}

// StartUnexpectedReturn records a parcel that arrived with no return on
// record against the order it came from (found by serial, SSCC, order
// number or customer): a new return, marked unexpected, announcing the
// order's shipped lines, and an event for the hub. When the order already
// has an open return, that one is returned instead.
func (db *DB) StartUnexpectedReturn(ctx context.Context, orderRef string, staffID int64, foundBy string) (string, error) {
	orderRef = strings.ToUpper(strings.TrimSpace(orderRef))
	var rma string
	err := db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT rma FROM returns WHERE order_ref = ? AND status IN ('expected', 'inspecting', 'held')
			ORDER BY id LIMIT 1`, orderRef).Scan(&rma)
		if err == nil || !isNoRows(err) {
			return err
		}
		o, err := loadOrder(ctx, tx, orderRef)
		if err != nil {
			return err
		}
		switch o.Status {
		case core.OrderShipped, core.OrderCollected:
		default:
			return core.Errorf(core.ECONFLICT, "order_not_delivered", "Order %s is %s: only a shipped or collected order can come back.", orderRef, o.Status)
		}
		r := core.Return{RMA: "U" + strings.ToUpper(strings.ReplaceAll(uuid.NewString(), "-", "")[:9]), OrderRef: orderRef,
			Customer: o.Customer, Unexpected: true, CreatedAt: db.Now()}
		for _, l := range o.Lines {
			qty := l.Qty - l.ShortQty
			if l.PickedQty > 0 {
				qty = l.PickedQty
			}
			if qty > 0 {
				r.Lines = append(r.Lines, core.ReturnLine{LineNo: l.LineNo, SKU: l.SKU, Name: l.Name, Qty: qty, Reason: core.ReasonUnexpected})
			}
		}
		if len(r.Lines) == 0 {
			return core.Errorf(core.ECONFLICT, "nothing_shipped", "Nothing of order %s was shipped.", orderRef)
		}
		if err := db.applyReturn(ctx, tx, r); err != nil {
			return err
		}
		rma = r.RMA
		_, err = db.recordEvent(ctx, tx, core.EventReturnUnexpected, orderRef, staffID,
			core.ReturnUnexpected{RMA: rma, FoundBy: foundBy, Customer: o.Customer, Lines: r.Lines})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("unexpected return of %s: %w", orderRef, err)
	}
	return rma, nil
}
