package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/scan"
)

// PackResult is what one accepted pack scan or action did.
type PackResult struct {
	Effect pack.Effect
	Order  *pack.Order // the packing state afterwards
	// Labels are the packages whose shipping labels must be printed now:
	// the one just closed, or, after the number of packages changed, the
	// closed ones whose "n of m" is now wrong.
	Labels []core.Package
	// Shipment is the order with its address and lines, set when Labels
	// is: what the labels and the packing slip are made from.
	Shipment core.Order
	Packed   bool // the order is packed: print the packing slip too
}

// shipTypes are the orders the pack station takes by default: store
// pickups are staged by their own workflow.
var shipTypes = []core.Fulfillment{core.FulfillShip, core.FulfillShipFromStore}

// PackFind returns the orders a scan at the pack station names, in the
// order to pack them: an order code names that order; a tote names the
// order in it, then the other picked orders of the same pick (a cluster
// cart is packed tote by tote).
func (db *DB) PackFind(ctx context.Context, code scan.Code) ([]string, error) {
	var refs []string
	err := db.read(ctx, func(tx *sql.Tx) error {
		switch code.Kind {
		case scan.KindOrder:
			var ref string
			err := db.txQueryRow(ctx, tx, "SELECT external_id FROM orders WHERE external_id = ?", code.ID).Scan(&ref)
			if isNoRows(err) {
				return core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Order %s is not known here.", code.ID)
			}
			refs = []string{ref}
			return err
		case scan.KindTote:
			var ref string
			var orderID int64
			err := db.txQueryRow(ctx, tx, `SELECT o.id, o.external_id FROM totes t JOIN orders o ON o.id = t.order_id WHERE t.code = ?`, code.ID).
				Scan(&orderID, &ref)
			if isNoRows(err) {
				return core.Errorf(core.ENOTFOUND, "empty_tote", "Tote %s holds no order. Scan the order's packing list or another tote.", code.ID)
			}
			if err != nil {
				return err
			}
			refs = []string{ref}
			var batch string
			err = db.txQueryRow(ctx, tx, `SELECT bo.batch_id FROM pick_batch_orders bo JOIN pick_batches b ON b.id = bo.batch_id
				WHERE bo.order_id = ? ORDER BY b.created_at DESC LIMIT 1`, orderID).Scan(&batch)
			if isNoRows(err) {
				return nil
			}
			if err != nil {
				return err
			}
			more, err := db.batchToPack(ctx, tx, batch)
			for _, r := range more {
				if r != ref {
					refs = append(refs, r)
				}
			}
			return err
		}
		return core.Errorf(core.ECONFLICT, "unexpected_scan", "Scan an order, a tote or a pick label to start packing.")
	})
	if err != nil {
		return nil, fmt.Errorf("find orders to pack: %w", err)
	}
	return refs, nil
}

// PackBatch returns the picked orders of a pick batch that wait to be
// packed, in the batch's order. id may be the batch's first 8 characters.
func (db *DB) PackBatch(ctx context.Context, id string) ([]string, error) {
	var refs []string
	err := db.read(ctx, func(tx *sql.Tx) error {
		id = strings.ToLower(strings.TrimSpace(id))
		var full string
		err := db.txQueryRow(ctx, tx, "SELECT id FROM pick_batches WHERE id = ? OR (length(?) >= 8 AND id LIKE ? || '%') LIMIT 1", id, id, id).Scan(&full)
		if isNoRows(err) {
			return core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Pick %s is not known here.", id)
		}
		if err != nil {
			return err
		}
		refs, err = db.batchToPack(ctx, tx, full)
		if err == nil && len(refs) == 0 {
			return core.Errorf(core.ENOTFOUND, core.ErrNothingToPack.Reason, "Nothing of pick %s waits to be packed.", id)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find orders to pack: %w", err)
	}
	return refs, nil
}

func (db *DB) batchToPack(ctx context.Context, tx *sql.Tx, batch string) ([]string, error) {
	rows, err := db.txQuery(ctx, tx, `SELECT o.external_id FROM pick_batch_orders bo JOIN orders o ON o.id = bo.order_id
		WHERE bo.batch_id = ? AND o.status = 'picked' AND o.fulfillment IN ('ship', 'ship_from_store') ORDER BY bo.position`, batch)
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

// PackOpen starts (or resumes) packing an order for a member of staff and
// returns its state. Only picked orders of the given fulfillment types
// (default: ship and ship from store) are packed; a packed order opens
// read-only, to print its labels again.
func (db *DB) PackOpen(ctx context.Context, staffID int64, ref string, types ...core.Fulfillment) (*pack.Order, error) {
	if len(types) == 0 {
		types = shipTypes
	}
	var o *pack.Order
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		o, err = db.loadPack(ctx, tx, ref)
		if err != nil {
			return err
		}
		if err := packable(o, types); err != nil {
			return err
		}
		if o.Status != core.OrderPicked {
			return nil
		}
		_, err = db.txExec(ctx, tx, `INSERT INTO pack_orders(order_id, staff_id, started_at) VALUES(?, ?, ?)
			ON CONFLICT(order_id) DO UPDATE SET staff_id = excluded.staff_id`, o.ID, staffID, db.Now().Unix())
		o.StaffID = staffID
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pack %s: %w", ref, err)
	}
	return o, nil
}

// packable says why an order cannot be packed here, if it cannot.
func packable(o *pack.Order, types []core.Fulfillment) error {
	if !slices.Contains(types, o.Fulfillment) {
		if o.Fulfillment == core.FulfillStorePickup {
			return core.Errorf(core.ECONFLICT, core.ErrOrderNotPicked.Reason, "Order %s is a store pickup: bag and stage it at the pickup screen, not here.", o.Ref)
		}
		return core.Errorf(core.ECONFLICT, core.ErrOrderNotPicked.Reason, "Order %s (%s) is not packed at this station.", o.Ref, o.Fulfillment)
	}
	switch o.Status {
	case core.OrderPicked, core.OrderPacked, core.OrderShipped:
	case core.OrderCancelled:
		return core.Errorf(core.ECONFLICT, core.ErrOrderCancelled.Reason, "Order %s was cancelled: do not ship it. Take it to the exceptions shelf.", o.Ref)
	case core.OrderOpen, core.OrderPicking:
		return core.Errorf(core.ECONFLICT, core.ErrOrderNotPicked.Reason, "Order %s is not picked yet (%s): it cannot be packed before its picking is finished.", o.Ref, o.Status)
	default:
		return core.Errorf(core.ECONFLICT, core.ErrOrderNotPicked.Reason, "Order %s is %s: there is nothing to pack.", o.Ref, o.Status)
	}
	if o.Status == core.OrderPicked {
		if _, total := o.Progress(); total == 0 {
			return core.Errorf(core.ECONFLICT, core.ErrNothingToPack.Reason, "Nothing of order %s was picked: everything was short. There is nothing to pack; tell a supervisor.", o.Ref)
		}
	}
	return nil
}

// PackScan applies one scan to the order being packed. The change and its
// event commit together, or, when the scan is refused, nothing is written
// and the error says why.
func (db *DB) PackScan(ctx context.Context, ref string, code scan.Code) (PackResult, error) {
	return db.packStep(ctx, ref, func(tx *sql.Tx, o *pack.Order) (pack.Effect, error) {
		in, err := db.resolvePackScan(ctx, tx, o, code)
		if err != nil {
			return pack.Effect{}, err
		}
		e, err := o.Scan(in)
		if err != nil && in.ProductID != 0 && in.OtherOrder == "" && wantsOtherOrder(err) {
			// Refused: say where the unit belongs, if another order needs it.
			in.OtherOrder, in.OtherTote, err = db.otherOrderFor(ctx, tx, o.ID, in.ProductID)
			if err != nil {
				return pack.Effect{}, err
			}
			e, err = o.Scan(in)
		}
		return e, err
	})
}

func wantsOtherOrder(err error) bool {
	r := core.ErrorReason(err)
	return r == core.ErrWrongItem.Reason || r == core.ErrExtraItem.Reason
}

// PackRemove takes the last scanned units out of the open package again.
func (db *DB) PackRemove(ctx context.Context, ref string) (PackResult, error) {
	return db.packStep(ctx, ref, func(_ *sql.Tx, o *pack.Order) (pack.Effect, error) { return o.Remove() })
}

// PackPlan sets how many packages the order ships in.
func (db *DB) PackPlan(ctx context.Context, ref string, packages int) (PackResult, error) {
	return db.packStep(ctx, ref, func(_ *sql.Tx, o *pack.Order) (pack.Effect, error) { return o.Plan(packages) })
}

// PackClose closes the open package in the carton with the given code,
// weighing weightG grams: it gets its SSCC in the same transaction. The
// last package packs the order and frees its tote.
func (db *DB) PackClose(ctx context.Context, ref, carton string, weightG int) (PackResult, error) {
	return db.packStep(ctx, ref, func(tx *sql.Tx, o *pack.Order) (pack.Effect, error) {
		// Without a carton the machine reports any earlier problem (a
		// cancelled order, an empty package) before the carton itself.
		if _, err := o.Close(core.Carton{}, 0); core.ErrorReason(err) != core.ErrUnknownCarton.Reason {
			return pack.Effect{}, err
		}
		c, err := db.cartonByCode(ctx, tx, carton)
		if err != nil {
			return pack.Effect{}, err
		}
		return o.Close(c, weightG)
	})
}

// PackCloseApproved closes the open package like PackClose, taking a
// weight outside the expected window because a supervisor (badge or PIN,
// see CheckApproval) checked the contents; the event names them.
func (db *DB) PackCloseApproved(ctx context.Context, ref, carton string, weightG int, approval Approval) (PackResult, error) {
	sup, err := db.CheckApproval(ctx, approval)
	if err != nil {
		return PackResult{}, fmt.Errorf("pack %s: %w", ref, err)
	}
	return db.packStep(ctx, ref, func(tx *sql.Tx, o *pack.Order) (pack.Effect, error) {
		if _, err := o.Close(core.Carton{}, 0); core.ErrorReason(err) != core.ErrUnknownCarton.Reason {
			return pack.Effect{}, err
		}
		c, err := db.cartonByCode(ctx, tx, carton)
		if err != nil {
			return pack.Effect{}, err
		}
		return o.CloseAccepted(c, weightG, sup.ID)
	})
}

func (db *DB) packStep(ctx context.Context, ref string, decide func(*sql.Tx, *pack.Order) (pack.Effect, error)) (PackResult, error) {
	var res PackResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		o, err := db.loadPack(ctx, tx, ref)
		if err != nil {
			return err
		}
		if o.Status == core.OrderPicked && o.StaffID == 0 {
			return core.Errorf(core.ECONFLICT, "not_opened", "Scan order %s at the pack station first.", ref)
		}
		e, err := decide(tx, o)
		if err != nil {
			return err
		}
		if err := db.persistPack(ctx, tx, o, &e); err != nil {
			return err
		}
		o.Apply(e)
		res = PackResult{Effect: e, Order: o, Packed: e.Kind == pack.EffectClose && e.Final}
		return db.labelsFor(ctx, tx, o, e, &res)
	})
	if err != nil {
		return PackResult{}, fmt.Errorf("pack %s: %w", ref, err)
	}
	return res, nil
}

// resolvePackScan looks up what a scanned code names in this store. A
// product the order's lines name by that very code needs no lookup: a code
// belongs to one product.
func (db *DB) resolvePackScan(ctx context.Context, tx *sql.Tx, o *pack.Order, c scan.Code) (pack.Input, error) {
	in := pack.Input{Code: c}
	if c.Kind != scan.KindGTIN && c.Kind != scan.KindGS1 {
		return in, nil
	}
	for _, l := range o.Lines {
		if gtin14(l.GTIN) == c.GTIN {
			in.ProductID, in.ProductName = l.ProductID, l.Name
			return in, nil
		}
	}
	err := db.txQueryRow(ctx, tx, `SELECT p.id, p.name FROM product_codes c JOIN products p ON p.id = c.product_id
		WHERE c.code = ?`, c.GTIN).Scan(&in.ProductID, &in.ProductName)
	if err != nil && !isNoRows(err) {
		return in, err
	}
	return in, nil
}

// otherOrderFor finds another order waiting to be packed that still needs
// a unit of the product, and its tote: where a stray unit belongs.
func (db *DB) otherOrderFor(ctx context.Context, tx *sql.Tx, orderID, productID int64) (ref, tote string, err error) {
	err = db.txQueryRow(ctx, tx, `SELECT o.external_id, COALESCE((SELECT code FROM totes WHERE order_id = o.id ORDER BY code LIMIT 1), '')
		FROM order_lines l JOIN orders o ON o.id = l.order_id
		WHERE l.product_id = ? AND o.id <> ? AND o.status = 'picked'
			AND l.picked_qty > (SELECT COALESCE(SUM(i.qty), 0) FROM package_items i WHERE i.line_id = l.id)
		ORDER BY o.promised_at, o.id LIMIT 1`, productID, orderID).Scan(&ref, &tote)
	if isNoRows(err) {
		return "", "", nil
	}
	return ref, tote, err
}

// persistPack writes an effect and its event inside tx, and fills in what
// only the store knows: row ids and the SSCC.
func (db *DB) persistPack(ctx context.Context, tx *sql.Tx, o *pack.Order, e *pack.Effect) error {
	now := db.Now().Unix()
	exec := func(q string, args ...any) (sql.Result, error) { return db.txExec(ctx, tx, q, args...) }
	event := func(typ string, payload any) error {
		_, err := db.recordEvent(ctx, tx, typ, o.Ref, o.StaffID, payload)
		return err
	}
	var line pack.Line
	for _, l := range o.Lines {
		if l.ID == e.LineID {
			line = l
		}
	}

	switch e.Kind {
	case pack.EffectNone:
		return nil
	case pack.EffectVerify:
		var boxID int64
		if b := o.Open(); b != nil {
			boxID = b.ID
		} else {
			err := db.txQueryRow(ctx, tx, `INSERT INTO packages(order_id, seq, status, staff_id, opened_at) VALUES(?, ?, 'open', ?, ?)
				RETURNING id`, o.ID, e.Package, o.StaffID, now).Scan(&boxID)
			if err != nil {
				return err
			}
		}
		err := db.txQueryRow(ctx, tx, `INSERT INTO package_items(package_id, line_id, qty, serial, lot, at) VALUES(?, ?, ?, ?, ?, ?)
			RETURNING id`, boxID, e.LineID, e.Qty, e.Serial, e.Lot, now).Scan(&e.ItemID)
		if err != nil {
			return err
		}
		e.BoxID = boxID
		return event(core.EventPackItemVerified, core.PackItemVerified{Package: e.Package, SKU: line.SKU, Line: line.ID, Qty: e.Qty,
			Serial: e.Serial, Lot: e.Lot})
	case pack.EffectRemove:
		if _, err := exec("DELETE FROM package_items WHERE id = ?", e.ItemID); err != nil {
			return err
		}
		return event(core.EventPackItemRemoved, core.PackItemRemoved{Package: e.Package, SKU: line.SKU, Line: line.ID, Qty: e.Qty})
	case pack.EffectPlan:
		if _, err := exec("UPDATE pack_orders SET planned = ? WHERE order_id = ?", e.Packages, o.ID); err != nil {
			return err
		}
		return event(core.EventPackPackagesPlanned, core.PackPackagesPlanned{Packages: e.Packages, Relabel: e.Relabel})
	case pack.EffectClose:
		return db.persistClose(ctx, tx, o, e)
	}
	return fmt.Errorf("unknown pack effect %q", e.Kind)
}

// persistClose closes the open package with a new SSCC and, for the last
// package, packs the order and frees its tote.
func (db *DB) persistClose(ctx context.Context, tx *sql.Tx, o *pack.Order, e *pack.Effect) error {
	now := db.Now().Unix()
	code, prefix, err := db.allocateSSCC(ctx, tx)
	if err != nil {
		return err
	}
	e.SSCC = code
	b := o.Open()
	if _, err := db.txExec(ctx, tx, `UPDATE packages SET status = 'closed', carton = ?, weight_g = ?, sscc = ?, company_prefix = ?,
			staff_id = ?, closed_at = ? WHERE id = ?`, e.Carton.Code, e.WeightG, code, prefix, o.StaffID, now, b.ID); err != nil {
		return err
	}
	// The label is made from the address as it is now: a later change
	// raises a relabel exception (see upsertOrder).
	if _, err := db.txExec(ctx, tx, "UPDATE orders SET label_printed_at = ? WHERE id = ?", now, o.ID); err != nil {
		return err
	}
	items := []core.PackedItem{}
	for _, it := range b.Items {
		var sku string
		for _, l := range o.Lines {
			if l.ID == it.LineID {
				sku = l.SKU
			}
		}
		items = append(items, core.PackedItem{SKU: sku, Line: it.LineID, Qty: it.Qty, Serial: it.Serial, Lot: it.Lot})
	}
	// The package takes its carrier label now, if the order has one for
	// it; without one the hub asks the order system to buy it (carrier_mm
	// and the weight are what it needs).
	tracking, err := db.bindCarrierLabel(ctx, tx, o.ID, e.Package)
	if err != nil {
		return err
	}
	if _, err := db.recordEvent(ctx, tx, core.EventPackPackageClosed, o.Ref, o.StaffID, core.PackPackageClosed{
		Package: e.Package, Packages: e.Packages, SSCC: code, Carton: e.Carton.Code, WeightG: e.WeightG, WeightAcceptedBy: e.WeightAcceptedBy, Items: items,
		CartonMM: []int{e.Carton.LengthMM, e.Carton.WidthMM, e.Carton.HeightMM}, CarrierTracking: tracking,
	}); err != nil {
		return err
	}
	if !e.Final {
		return nil
	}
	if _, err := db.txExec(ctx, tx, "UPDATE orders SET status = 'packed', updated_at = ? WHERE id = ?", now, o.ID); err != nil {
		return err
	}
	if _, err := db.txExec(ctx, tx, "UPDATE totes SET order_id = NULL WHERE order_id = ?", o.ID); err != nil {
		return err
	}
	ssccs := []string{}
	for _, x := range o.Boxes {
		if x.Closed {
			ssccs = append(ssccs, x.SSCC)
		}
	}
	ssccs = append(ssccs, code)
	packed, total := o.Progress()
	short := 0
	for _, l := range o.Lines {
		short += l.Short
	}
	_, err = db.recordEvent(ctx, tx, core.EventOrderPacked, o.Ref, o.StaffID, core.OrderPackedPayload{
		Packages: e.Packages, SSCCs: ssccs, Tote: o.Tote, Units: packed, Picked: total, Short: short,
	})
	return err
}

// labelsFor fills in the labels an effect calls for.
func (db *DB) labelsFor(ctx context.Context, tx *sql.Tx, o *pack.Order, e pack.Effect, res *PackResult) error {
	var want []int
	switch {
	case e.Kind == pack.EffectClose:
		want = []int{e.Package}
	case e.Kind == pack.EffectPlan && len(e.Relabel) > 0:
		want = e.Relabel
		if _, err := db.txExec(ctx, tx, "UPDATE orders SET label_printed_at = ? WHERE id = ?", db.Now().Unix(), o.ID); err != nil {
			return err
		}
	default:
		return nil
	}
	pkgs, err := db.loadPackages(ctx, tx, o.Ref)
	if err != nil {
		return err
	}
	for _, p := range pkgs {
		if slices.Contains(want, p.Seq) {
			res.Labels = append(res.Labels, p)
		}
	}
	res.Shipment, err = loadOrder(ctx, tx, o.Ref)
	return err
}
