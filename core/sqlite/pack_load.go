package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
)

// loadPack reads an order's whole packing state inside tx, in two
// statements: the order with its lines (and, for serialised lines, the
// serials picked for them), then its packages with their contents. A pack
// scan runs it every time, so each statement it saves is a parse-free but
// not free round of binding, stepping and scanning.
func (db *DB) loadPack(ctx context.Context, tx *sql.Tx, ref string) (*pack.Order, error) {
	o := &pack.Order{Ref: ref, Planned: 1}
	// The order comes first, in a subquery that LIMIT keeps from being
	// flattened into the join, so its tote and the weight setting are
	// looked up once rather than once per line (the tote by MIN, which
	// needs no sorter, unlike ORDER BY code LIMIT 1). Its lines follow,
	// each row repeating the order's columns; an order without lines gives
	// one row with NULL line columns. The serials picked for a serialised
	// line come as a JSON array, through the order's tasks and their
	// batches: pick_actions is indexed by batch, and grows with every unit
	// ever picked here.
	rows, err := db.txQuery(ctx, tx, `SELECT h.id, h.status, h.fulfillment, h.tote, h.planned, h.staff_id, h.tolerance,
			l.id, p.id, COALESCE(l.line_no, 0), COALESCE(l.product_id, 0), COALESCE(p.sku, ''), COALESCE(p.name, ''),
			COALESCE((SELECT code FROM product_codes c WHERE c.product_id = p.id ORDER BY code LIMIT 1), ''),
			COALESCE(l.qty, 0), COALESCE(l.picked_qty, 0), COALESCE(l.short_qty, 0), COALESCE(l.short_reason, ''),
			COALESCE(p.weight_g, 0), COALESCE(p.length_mm, 0), COALESCE(p.width_mm, 0), COALESCE(p.height_mm, 0),
			COALESCE(p.capture_serial, 0),
			CASE WHEN p.capture_serial THEN (SELECT json_group_array(a.serial) FROM pick_tasks t
				JOIN pick_actions a ON a.batch_id = t.batch_id AND a.task_id = t.id
				WHERE t.order_id = h.id AND t.line_id = l.id AND a.kind = 'pick' AND a.undone = 0 AND a.serial <> '') END
		FROM (SELECT o.id, o.status, o.fulfillment,
				COALESCE((SELECT MIN(code) FROM totes WHERE order_id = o.id), '') AS tote, po.planned, po.staff_id,
				(SELECT value FROM settings WHERE key = ?) AS tolerance
			FROM orders o LEFT JOIN pack_orders po ON po.order_id = o.id WHERE o.external_id = ? LIMIT 1) h
		LEFT JOIN order_lines l ON l.order_id = h.id LEFT JOIN products p ON p.id = l.product_id`, SettingWeightTolerance, ref)
	if err != nil {
		return nil, err
	}
	found := false
	var tolerance sql.NullString
	for rows.Next() {
		var status, ful string
		var planned, staff, lineID, productID sql.NullInt64
		var serials sql.NullString
		var l pack.Line
		if err := rows.Scan(&o.ID, &status, &ful, &o.Tote, &planned, &staff, &tolerance,
			&lineID, &productID, &l.LineNo, &l.ProductID, &l.SKU, &l.Name, &l.GTIN, &l.Ordered, &l.Picked, &l.Short, &l.ShortReason,
			&l.WeightG, &l.LengthMM, &l.WidthMM, &l.HeightMM, &l.CaptureSerial, &serials); err != nil {
			rows.Close()
			return nil, err
		}
		if !found {
			found = true
			o.Status, o.Fulfillment, o.StaffID = core.OrderStatus(status), core.Fulfillment(ful), staff.Int64
			if planned.Valid {
				o.Planned = int(planned.Int64)
			}
		}
		if !lineID.Valid || !productID.Valid {
			continue // an order without lines (or, as an inner join would, a line without its product)
		}
		l.ID = lineID.Int64
		l.GTIN = scannableGTIN(l.GTIN)
		if serials.Valid {
			if err := json.Unmarshal([]byte(serials.String), &l.Serials); err != nil {
				rows.Close()
				return nil, fmt.Errorf("serials picked for line %d: %w", l.ID, err)
			}
			if len(l.Serials) == 0 {
				l.Serials = nil // none picked, as when no rows were read
			}
		}
		o.Lines = append(o.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !found {
		return nil, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Order %s is not known here.", ref)
	}
	// Sorted here: in SQL the join's ORDER BY takes a sorter (the planner
	// cannot tell that the outer side is one row).
	slices.SortFunc(o.Lines, func(a, b pack.Line) int { return cmp.Compare(a.LineNo, b.LineNo) })
	if o.WeightTolerancePct, err = parseWeightTolerance(tolerance); err != nil {
		return nil, err
	}
	if err := db.loadBoxes(ctx, tx, o); err != nil {
		return nil, err
	}
	return o, nil
}

// loadBoxes reads the order's packages and what is in them, and counts
// each line's packed units.
func (db *DB) loadBoxes(ctx context.Context, tx *sql.Tx, o *pack.Order) error {
	rows, err := db.txQuery(ctx, tx, `SELECT p.id, p.seq, p.status, p.carton, p.weight_g, COALESCE(p.sscc, ''),
			i.id, i.line_id, i.qty, i.serial, i.lot
		FROM packages p LEFT JOIN package_items i ON i.package_id = p.id WHERE p.order_id = ? ORDER BY p.seq, i.id`, o.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b pack.Box
		var status string
		var itemID, lineID, qty sql.NullInt64
		var serial, lot sql.NullString
		if err := rows.Scan(&b.ID, &b.Seq, &status, &b.Carton, &b.WeightG, &b.SSCC, &itemID, &lineID, &qty, &serial, &lot); err != nil {
			return err
		}
		if n := len(o.Boxes); n == 0 || o.Boxes[n-1].ID != b.ID {
			b.Closed = status == "closed"
			o.Boxes = append(o.Boxes, b)
		}
		if !itemID.Valid {
			continue // an open package with nothing in it yet
		}
		it := pack.Item{ID: itemID.Int64, LineID: lineID.Int64, Qty: int(qty.Int64), Serial: serial.String, Lot: lot.String}
		box := &o.Boxes[len(o.Boxes)-1]
		box.Items = append(box.Items, it)
		for i := range o.Lines {
			if o.Lines[i].ID == it.LineID {
				o.Lines[i].Packed += it.Qty
			}
		}
	}
	return rows.Err()
}

// PackOrder returns an order's packing state.
func (db *DB) PackOrder(ctx context.Context, ref string) (*pack.Order, error) {
	var o *pack.Order
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		o, err = db.loadPack(ctx, tx, ref)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pack %s: %w", ref, err)
	}
	return o, nil
}

// Packages returns the closed packages of an order, in package order, with
// what is in them.
func (db *DB) Packages(ctx context.Context, ref string) ([]core.Package, error) {
	var pkgs []core.Package
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		pkgs, err = db.loadPackages(ctx, tx, ref)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("packages of %s: %w", ref, err)
	}
	return pkgs, nil
}

func (db *DB) loadPackages(ctx context.Context, tx *sql.Tx, ref string) ([]core.Package, error) {
	rows, err := db.txQuery(ctx, tx, `SELECT p.id, p.seq, COALESCE(po.planned, 1), p.sscc, p.company_prefix, p.carton, p.weight_g,
			p.staff_id, p.closed_at
		FROM packages p JOIN orders o ON o.id = p.order_id LEFT JOIN pack_orders po ON po.order_id = o.id
		WHERE o.external_id = ? AND p.status = 'closed' ORDER BY p.seq`, ref)
	if err != nil {
		return nil, err
	}
	var pkgs []core.Package
	var ids []int64
	for rows.Next() {
		p := core.Package{OrderRef: ref}
		var id, closed int64
		if err := rows.Scan(&id, &p.Seq, &p.Of, &p.SSCC, &p.CompanyPrefix, &p.Carton, &p.WeightG, &p.StaffID, &closed); err != nil {
			rows.Close()
			return nil, err
		}
		p.ClosedAt = time.Unix(closed, 0)
		pkgs = append(pkgs, p)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		items, err := db.txQuery(ctx, tx, `SELECT i.line_id, pr.sku, pr.name, i.qty, i.serial, i.lot FROM package_items i
			JOIN order_lines l ON l.id = i.line_id JOIN products pr ON pr.id = l.product_id WHERE i.package_id = ? ORDER BY i.id`, id)
		if err != nil {
			return nil, err
		}
		for items.Next() {
			var it core.PackageItem
			if err := items.Scan(&it.LineID, &it.SKU, &it.Name, &it.Qty, &it.Serial, &it.Lot); err != nil {
				items.Close()
				return nil, err
			}
			pkgs[i].Items = mergeItem(pkgs[i].Items, it)
		}
		items.Close()
		if err := items.Err(); err != nil {
			return nil, err
		}
	}
	return pkgs, nil
}

// mergeItem adds it to items, summing units of the same line that carry no
// serial: a package lists "3 × Blue Mug", not three rows.
func mergeItem(items []core.PackageItem, it core.PackageItem) []core.PackageItem {
	if it.Serial == "" {
		for i := range items {
			if items[i].LineID == it.LineID && items[i].Serial == "" && items[i].Lot == it.Lot {
				items[i].Qty += it.Qty
				return items
			}
		}
	}
	return append(items, it)
}

// PackedShipment returns a packed (or shipped) order with its closed
// packages, to print its labels. An order not packed yet is refused with
// core.ErrNotPacked.
func (db *DB) PackedShipment(ctx context.Context, ref string) (core.Order, []core.Package, error) {
	var o core.Order
	var pkgs []core.Package
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		if o, err = loadOrder(ctx, tx, ref); err != nil {
			return err
		}
		switch o.Status {
		case core.OrderPacked, core.OrderShipped:
		case core.OrderCancelled:
			return core.Errorf(core.ECONFLICT, core.ErrOrderCancelled.Reason, "Order %s was cancelled: it has no labels to print.", ref)
		default:
			return core.Errorf(core.ECONFLICT, core.ErrNotPacked.Reason, "Order %s is not packed yet (it is %s): its packages get their labels when they are closed at the pack station.", ref, o.Status)
		}
		pkgs, err = db.loadPackages(ctx, tx, ref)
		return err
	})
	if err != nil {
		return o, nil, fmt.Errorf("shipment %s: %w", ref, err)
	}
	return o, pkgs, nil
}
