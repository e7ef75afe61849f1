package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// ApplyChanges applies a batch of facts from the hub, and stores its cursor,
// in one transaction: either all of it is here afterwards or none of it.
//
// Work already done at this station wins over the hub's view of it: an
// order being picked keeps its lines, and a cancellation of an order whose
// items are already in a tote becomes a put-back exception for a person.
func (db *DB) ApplyChanges(ctx context.Context, cs core.ChangeSet) error {
	return db.applyChanges(ctx, cs, false)
}

// ApplyFinalChanges applies the last page of a pull as ApplyChanges does.
// When the page ends a full re-pull (StartFullPull), the same transaction
// also removes what the re-pull did not bring: the station's copy is then
// the hub's, and was never a mix of the two for anyone who looked.
func (db *DB) ApplyFinalChanges(ctx context.Context, cs core.ChangeSet) error {
	return db.applyChanges(ctx, cs, true)
}

func (db *DB) applyChanges(ctx context.Context, cs core.ChangeSet, final bool) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		full, err := fullPullOf(ctx, tx)
		if err != nil {
			return err
		}
		for _, p := range cs.Products {
			if err := db.upsertProduct(ctx, tx, p); err != nil {
				return fmt.Errorf("product %s: %w", p.SKU, err)
			}
		}
		for _, b := range cs.Bins {
			if err := db.upsertBin(ctx, tx, b); err != nil {
				return fmt.Errorf("bin %s: %w", b.Code, err)
			}
		}
		for _, s := range cs.Stock {
			if err := db.setStock(ctx, tx, s); err != nil {
				return fmt.Errorf("stock %s in %s: %w", s.SKU, s.BinCode, err)
			}
		}
		for _, s := range cs.Staff {
			if err := db.upsertStaff(ctx, tx, s); err != nil {
				return fmt.Errorf("staff %d: %w", s.ID, err)
			}
		}
		for _, o := range cs.Orders {
			if err := db.upsertOrder(ctx, tx, o); err != nil {
				return fmt.Errorf("order %s: %w", o.ExternalID, err)
			}
			if full.active() && o.Status == core.OrderOpen {
				if err := noteUnclaimed(ctx, tx, o.ExternalID); err != nil {
					return fmt.Errorf("order %s: %w", o.ExternalID, err)
				}
			}
			if full.active() && o.Status != "" {
				if _, err := takeHubStatus(ctx, tx, o.ExternalID, o.Status); err != nil {
					return fmt.Errorf("order %s: %w", o.ExternalID, err)
				}
			}
		}
		for _, ref := range cs.CancelledOrders {
			if err := db.cancelOrder(ctx, tx, ref); err != nil {
				return fmt.Errorf("cancel order %s: %w", ref, err)
			}
		}
		for _, p := range cs.Progress {
			if full.active() {
				if err := forgetUnclaimed(ctx, tx, p.ExternalID); err != nil {
					return fmt.Errorf("progress of order %s: %w", p.ExternalID, err)
				}
				taken, err := takeHubStatus(ctx, tx, p.ExternalID, p.Status)
				if err != nil {
					return fmt.Errorf("progress of order %s: %w", p.ExternalID, err)
				}
				if taken {
					continue
				}
			}
			if err := db.applyProgress(ctx, tx, p); err != nil {
				return fmt.Errorf("progress of order %s: %w", p.ExternalID, err)
			}
		}
		for _, r := range cs.Rejections {
			if err := db.applyRejection(ctx, tx, r); err != nil {
				return fmt.Errorf("rejection of event %s: %w", r.EventID, err)
			}
		}
		for _, r := range cs.Returns {
			if err := db.applyReturn(ctx, tx, r); err != nil {
				return fmt.Errorf("return %s: %w", r.RMA, err)
			}
		}
		if full.active() {
			if err := db.stamp(ctx, tx, full.gen, cs); err != nil {
				return err
			}
			if final {
				if err := db.sweep(ctx, tx, full); err != nil {
					return err
				}
			}
		}
		if cs.Cursor != "" {
			return setSetting(ctx, tx, settingSyncCursor, cs.Cursor)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("apply changes: %w", err)
	}
	return nil
}

func (db *DB) upsertProduct(ctx context.Context, tx *sql.Tx, p core.Product) error {
	if p.SKU == "" || p.Name == "" {
		return core.Errorf(core.EINVALID, "product", "A product needs a SKU and a name.")
	}
	var id int64
	err := db.txQueryRow(ctx, tx, `INSERT INTO products(sku, name, category, weight_g, length_mm, width_mm, height_mm,
			capture_lot, capture_serial, capture_expiry) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(sku) DO UPDATE SET name = excluded.name, category = excluded.category, weight_g = excluded.weight_g,
			length_mm = excluded.length_mm, width_mm = excluded.width_mm, height_mm = excluded.height_mm,
			capture_lot = excluded.capture_lot, capture_serial = excluded.capture_serial, capture_expiry = excluded.capture_expiry
		RETURNING id`,
		p.SKU, p.Name, p.Category, p.WeightG, p.LengthMM, p.WidthMM, p.HeightMM, p.CaptureLot, p.CaptureSerial, p.CaptureExpiry).Scan(&id)
	if err != nil {
		return err
	}
	if _, err := db.txExec(ctx, tx, "DELETE FROM product_codes WHERE product_id = ?", id); err != nil {
		return err
	}
	for _, c := range p.Codes {
		if _, err := db.txExec(ctx, tx, `INSERT INTO product_codes(code, product_id) VALUES(?, ?)
			ON CONFLICT(code) DO UPDATE SET product_id = excluded.product_id`, c, id); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) upsertBin(ctx context.Context, tx *sql.Tx, b core.Bin) error {
	if b.Code == "" {
		return core.Errorf(core.EINVALID, "bin", "A bin needs a code.")
	}
	_, err := db.txExec(ctx, tx, `INSERT INTO bins(code, zone, aisle, bay, level, walk_seq) VALUES(?, ?, ?, ?, ?, ?)
		ON CONFLICT(code) DO UPDATE SET zone = excluded.zone, aisle = excluded.aisle, bay = excluded.bay,
			level = excluded.level, walk_seq = excluded.walk_seq`,
		strings.ToUpper(b.Code), b.Zone, b.Aisle, b.Bay, b.Level, b.WalkSeq)
	return err
}

func (db *DB) setStock(ctx context.Context, tx *sql.Tx, s core.StockRecord) error {
	if s.Qty < 0 {
		return core.Errorf(core.EINVALID, "stock", "Stock cannot be negative.")
	}
	res, err := db.txExec(ctx, tx, `INSERT INTO stock(bin_id, product_id, qty)
		SELECT b.id, p.id, ? FROM bins b, products p WHERE b.code = ? AND p.sku = ?
		ON CONFLICT(product_id, bin_id) DO UPDATE SET qty = excluded.qty`, s.Qty, strings.ToUpper(s.BinCode), s.SKU)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return core.Errorf(core.ENOTFOUND, "stock", "Unknown bin %s or product %s.", s.BinCode, s.SKU)
	}
	return nil
}

func (db *DB) upsertStaff(ctx context.Context, tx *sql.Tx, s core.StaffRecord) error {
	roles := make([]string, len(s.Roles))
	for i, r := range s.Roles {
		roles[i] = string(r)
	}
	var badge any
	if s.Badge != "" {
		badge = strings.ToUpper(s.Badge)
	}
	_, err := db.txExec(ctx, tx, `INSERT INTO staff(id, name, pin_hash, badge, roles, active, language) VALUES(?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash, badge = excluded.badge,
			roles = excluded.roles, active = excluded.active, language = excluded.language`,
		s.ID, s.Name, s.PINHash, badge, strings.Join(roles, ","), s.Active, s.Language)
	return err
}

// upsertOrder inserts a new order or updates a known one. The lines of an
// order already started here stay as they are: the hub learns what happened
// to them from our events.
func (db *DB) upsertOrder(ctx context.Context, tx *sql.Tx, o core.Order) error {
	if o.ExternalID == "" {
		return core.Errorf(core.EINVALID, "order", "An order needs an id.")
	}
	if o.Status == "" {
		o.Status = core.OrderOpen
	}
	customer, _ := json.Marshal(o.Customer)
	shipTo, _ := json.Marshal(o.ShipTo)
	now := db.Now().Unix()

	var id int64
	var status string
	var oldShipTo string
	var labelPrinted sql.NullInt64
	err := db.txQueryRow(ctx, tx, "SELECT id, status, ship_to, label_printed_at FROM orders WHERE external_id = ?", o.ExternalID).
		Scan(&id, &status, &oldShipTo, &labelPrinted)
	switch {
	case isNoRows(err):
		err = db.txQueryRow(ctx, tx, `INSERT INTO orders(external_id, channel, customer, customer_name, ship_to, fulfillment,
				status, service, pickup_code, promised_at, created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`,
			o.ExternalID, o.Channel, string(customer), o.Customer.Name, string(shipTo), string(o.Fulfillment), string(o.Status),
			o.Service, o.PickupCode, o.PromisedAt.Unix(), o.CreatedAt.Unix(), now).Scan(&id)
		if err != nil {
			return err
		}
		if err := db.insertLines(ctx, tx, id, o.Lines); err != nil {
			return err
		}
		return db.storeCarrierLabels(ctx, tx, id, o.CarrierLabels)
	case err != nil:
		return err
	}

	_, err = db.txExec(ctx, tx, `UPDATE orders SET channel = ?, customer = ?, customer_name = ?, ship_to = ?, service = ?,
			pickup_code = ?, promised_at = ?, updated_at = ? WHERE id = ?`,
		o.Channel, string(customer), o.Customer.Name, string(shipTo), o.Service, o.PickupCode, o.PromisedAt.Unix(), now, id)
	if err != nil {
		return err
	}
	if labelPrinted.Valid && oldShipTo != string(shipTo) {
		if err := db.raiseRelabel(ctx, tx, id, o); err != nil {
			return err
		}
	}
	if err := db.storeCarrierLabels(ctx, tx, id, o.CarrierLabels); err != nil {
		return err
	}
	if core.OrderStatus(status) != core.OrderOpen || len(o.Lines) == 0 {
		return nil
	}
	// An open order may still have been started here: a full re-pull gives
	// a picked order the hub's status, open, when the hub lost the pick.
	// Its pick tasks, packages or pickup rows then refer to its lines, and
	// those lines stay as the work here knows them.
	replaced, err := trySavepoint(ctx, tx, "DELETE FROM order_lines WHERE order_id = ?", id)
	if err != nil || !replaced {
		return err
	}
	return db.insertLines(ctx, tx, id, o.Lines)
}

func (db *DB) insertLines(ctx context.Context, tx *sql.Tx, orderID int64, lines []core.OrderLine) error {
	for i, l := range lines {
		lineNo := l.LineNo
		if lineNo == 0 {
			lineNo = i + 1
		}
		res, err := db.txExec(ctx, tx, `INSERT INTO order_lines(order_id, line_no, product_id, qty)
			SELECT ?, ?, id, ? FROM products WHERE sku = ?`, orderID, lineNo, l.Qty, l.SKU)
		if err != nil {
			return fmt.Errorf("line %d: %w", lineNo, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "unknown_product", "Line %d names an unknown product %s.", lineNo, l.SKU)
		}
	}
	return nil
}

// PutBackItem is one thing to take out of a tote or box and return to a bin.
type PutBackItem struct {
	SKU     string `json:"sku"`
	Name    string `json:"name"`
	Qty     int    `json:"qty"`
	BinCode string `json:"bin"`
	Tote    string `json:"tote,omitempty"`
}

// cancelOrder cancels an order. Items already picked for it must go back to
// their bins: that becomes a put-back exception listing which item to which
// bin, because only a person can take them out of the tote.
func (db *DB) cancelOrder(ctx context.Context, tx *sql.Tx, ref string) error {
	var id int64
	var status string
	err := db.txQueryRow(ctx, tx, "SELECT id, status FROM orders WHERE external_id = ?", ref).Scan(&id, &status)
	if isNoRows(err) {
		return nil // never reached this station
	}
	if err != nil {
		return err
	}
	switch core.OrderStatus(status) {
	case core.OrderCancelled, core.OrderShipped, core.OrderCollected:
		return nil
	}
	items, err := db.pickedItems(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := db.txExec(ctx, tx, "UPDATE orders SET status = 'cancelled', updated_at = ? WHERE id = ?", db.Now().Unix(), id); err != nil {
		return err
	}
	if _, err := db.txExec(ctx, tx, "UPDATE totes SET order_id = NULL WHERE order_id = ?", id); err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	msg := fmt.Sprintf("Order %s was cancelled after picking: put %s back.", ref, describePutBack(items))
	parcels, err := db.closedParcels(ctx, tx, id)
	if err != nil {
		return err
	}
	if len(parcels) > 0 {
		// Packed already: the dock refuses these parcels (intercept); the
		// person pulls them aside, opens them and puts the items back.
		msg = fmt.Sprintf("Order %s was cancelled after packing: pull its parcel(s) %s aside (the dock refuses them), open them and put %s back.",
			ref, strings.Join(parcels, ", "), describePutBack(items))
	}
	return db.addException(ctx, tx, "put_back", ref, msg, items)
}

// closedParcels lists the SSCCs of an order's closed packages.
func (db *DB) closedParcels(ctx context.Context, tx *sql.Tx, orderID int64) ([]string, error) {
	rows, err := db.txQuery(ctx, tx, "SELECT sscc FROM packages WHERE order_id = ? AND status = 'closed' ORDER BY seq", orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// pickedItems lists what has been picked for an order and from which bin.
func (db *DB) pickedItems(ctx context.Context, tx *sql.Tx, orderID int64) ([]PutBackItem, error) {
	rows, err := db.txQuery(ctx, tx, `SELECT p.sku, p.name, SUM(t.picked), b.code, COALESCE(bo.tote, '')
		FROM pick_tasks t JOIN products p ON p.id = t.product_id JOIN bins b ON b.id = t.bin_id
		LEFT JOIN pick_batch_orders bo ON bo.batch_id = t.batch_id AND bo.order_id = t.order_id
		WHERE t.order_id = ? AND t.picked > 0 GROUP BY p.sku, b.code ORDER BY b.walk_seq`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []PutBackItem
	for rows.Next() {
		var it PutBackItem
		if err := rows.Scan(&it.SKU, &it.Name, &it.Qty, &it.BinCode, &it.Tote); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

func describePutBack(items []PutBackItem) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = fmt.Sprintf("%d × %s to bin %s", it.Qty, it.Name, it.BinCode)
	}
	return strings.Join(parts, ", ")
}

// MarkLabelPrinted records that an order's shipping label was printed, so
// that a later address change raises a relabel task.
func (db *DB) MarkLabelPrinted(ctx context.Context, ref string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := db.txExec(ctx, tx, "UPDATE orders SET label_printed_at = ? WHERE external_id = ?", db.Now().Unix(), ref)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Order %s is not known here.", ref)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark label printed %s: %w", ref, err)
	}
	return nil
}
