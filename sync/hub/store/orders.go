package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
)

// maxIngestErrors caps how many problems an ingest reports at once.
const maxIngestErrors = 20

// ImportOrders creates, updates or cancels orders, idempotently by external
// id: an order identical to the one the hub has changes nothing; a changed
// one is stored and terminals of its location pull it as an update; status
// "cancelled" cancels it. All orders are checked first (location known,
// products known, quantities positive) and either all are taken or none.
func (db *DB) ImportOrders(ctx context.Context, orders []wire.IngestOrder) (wire.IngestResponse, error) {
	var res wire.IngestResponse
	err := db.write(ctx, func(tx *sql.Tx) error {
		res = wire.IngestResponse{}
		v := validator{tx: tx, ctx: ctx, skus: map[string]string{}, locs: map[string]bool{}}
		for i := range orders {
			v.check(&orders[i], i)
		}
		if err := v.err(); err != nil {
			return err
		}
		touched := map[string][]string{}
		for _, in := range orders {
			outcome, err := db.importOrder(ctx, tx, in)
			if err != nil {
				return fmt.Errorf("order %s: %w", in.ExternalID, err)
			}
			switch outcome {
			case "created":
				res.Created++
			case "updated":
				res.Updated++
			case "cancelled":
				res.Cancelled++
			default:
				res.Unchanged++
				continue
			}
			touched[in.Location] = append(touched[in.Location], in.ExternalID)
		}
		for loc, keys := range touched {
			if err := db.bump(ctx, tx, loc, kindOrder, keys); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return wire.IngestResponse{}, fmt.Errorf("import orders: %w", err)
	}
	return res, nil
}

// validator collects what is wrong with a batch of orders, so a person can
// fix the file in one go.
type validator struct {
	ctx      context.Context
	tx       *sql.Tx
	skus     map[string]string // SKU -> product name, "" if unknown
	locs     map[string]bool
	problems []string
	dberr    error
}

func (v *validator) addf(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

func (v *validator) check(o *wire.IngestOrder, i int) {
	if v.dberr != nil {
		return
	}
	name := o.ExternalID
	if strings.TrimSpace(o.ExternalID) == "" {
		v.addf("order #%d has no external_id", i+1)
		name = fmt.Sprintf("#%d", i+1)
	}
	// Keys the database compares must be text both backends store alike
	// (PostgreSQL refuses a NUL, SQLite would keep it).
	if !cleanText(o.ExternalID) || !cleanText(o.Location) {
		v.addf("order #%d has a NUL character or invalid UTF-8 in its external_id or location", i+1)
		return
	}
	if _, ok := v.locs[o.Location]; !ok {
		var n int
		if err := v.tx.QueryRowContext(v.ctx, "SELECT COUNT(*) FROM locations WHERE code = $1", o.Location).Scan(&n); err != nil {
			v.dberr = err
			return
		}
		v.locs[o.Location] = n > 0
	}
	if !v.locs[o.Location] {
		v.addf("order %s: unknown location %q (add it with `hub locations add`)", name, o.Location)
	}
	switch o.Fulfillment {
	case "":
		o.Fulfillment = core.FulfillShip
	case core.FulfillShip, core.FulfillStorePickup, core.FulfillShipFromStore:
	default:
		v.addf("order %s: fulfillment %q is not ship, store_pickup or ship_from_store", name, o.Fulfillment)
	}
	switch o.Status {
	case "", core.OrderOpen, core.OrderCancelled:
	default:
		v.addf("order %s: status %q cannot be set from outside; use open or cancelled", name, o.Status)
	}
	if len(o.Lines) == 0 && o.Status != core.OrderCancelled {
		v.addf("order %s has no lines", name)
	}
	v.checkLabels(name, o.CarrierLabels)
	for j := range o.Lines {
		l := &o.Lines[j]
		if l.Qty <= 0 {
			v.addf("order %s line %d: quantity %d must be at least 1", name, j+1, l.Qty)
		}
		if !cleanText(l.SKU) {
			v.addf("order %s line %d: the sku has a NUL character or invalid UTF-8", name, j+1)
			continue
		}
		pname, ok := v.skus[l.SKU]
		if !ok {
			var doc string
			err := v.tx.QueryRowContext(v.ctx, "SELECT doc FROM products WHERE sku = $1", l.SKU).Scan(&doc)
			if err != nil && !isNoRows(err) {
				v.dberr = err
				return
			}
			if err == nil {
				var p core.Product
				_ = json.Unmarshal([]byte(doc), &p)
				pname = p.Name
			}
			v.skus[l.SKU] = pname
		}
		if pname == "" {
			v.addf("order %s line %d: unknown product %q (import products first)", name, j+1, l.SKU)
		} else if l.Name == "" {
			l.Name = pname
		}
	}
}

func (v *validator) err() error {
	if v.dberr != nil {
		return v.dberr
	}
	if len(v.problems) == 0 {
		return nil
	}
	ps := v.problems
	more := ""
	if len(ps) > maxIngestErrors {
		more = fmt.Sprintf("; and %d more", len(ps)-maxIngestErrors)
		ps = ps[:maxIngestErrors]
	}
	return core.Explained(core.EINVALID, "bad_orders", fmt.Sprintf("Nothing was imported: %s%s.", strings.Join(ps, "; "), more))
}

// normalOrder is the part of an order the ingest owns, in a canonical form
// whose JSON hash tells a changed order from a re-import.
func normalOrder(in wire.IngestOrder) core.Order {
	o := in.Order
	o.ID = 0
	o.Status = ""
	o.Lines = make([]core.OrderLine, len(in.Lines))
	for i, l := range in.Lines {
		if l.LineNo == 0 {
			l.LineNo = i + 1
		}
		o.Lines[i] = core.OrderLine{LineNo: l.LineNo, SKU: l.SKU, Name: l.Name, Qty: l.Qty}
	}
	o.PromisedAt = o.PromisedAt.UTC()
	o.CreatedAt = o.CreatedAt.UTC()
	return o
}

func (db *DB) importOrder(ctx context.Context, tx *sql.Tx, in wire.IngestOrder) (string, error) {
	o := normalOrder(in)
	doc, _ := json.Marshal(o)
	h := docHash(doc)
	cancel := in.Status == core.OrderCancelled

	var oldHash, status, loc, oldDoc string
	err := tx.QueryRowContext(ctx, "SELECT hash, status, location, doc FROM orders WHERE external_id = $1"+db.d.forUpdate, in.ExternalID).
		Scan(&oldHash, &status, &loc, &oldDoc)
	if isNoRows(err) {
		st := core.OrderOpen
		if cancel {
			st = core.OrderCancelled
		}
		if o.CreatedAt.IsZero() {
			o.CreatedAt = db.Now().UTC().Truncate(time.Second)
			doc, _ = json.Marshal(o)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO orders(external_id, location, doc, hash, status, updated_at) VALUES($1, $2, $3, $4, $5, $6)`,
			in.ExternalID, in.Location, string(doc), h, string(st), db.now())
		if err != nil {
			return "", err
		}
		if cancel {
			return "cancelled", nil
		}
		return "created", nil
	}
	if err != nil {
		return "", err
	}
	// Carrier labels only accumulate: those the hub holds stay, whether
	// the order system re-sends them or not.
	var prev core.Order
	if err := json.Unmarshal([]byte(oldDoc), &prev); err != nil {
		return "", fmt.Errorf("order document: %w", err)
	}
	var added int
	if o.CarrierLabels, added = mergeLabels(prev.CarrierLabels, o.CarrierLabels); added > 0 || len(prev.CarrierLabels) > 0 {
		doc, _ = json.Marshal(o)
		h = docHash(doc)
		if err := db.answerLabelRequests(ctx, tx, in.ExternalID, o.CarrierLabels[len(o.CarrierLabels)-added:]); err != nil {
			return "", err
		}
	}
	if loc != in.Location {
		return "", core.Errorf(core.ECONFLICT, "order_location", "Order %s belongs to %s; it cannot move to %s.", in.ExternalID, loc, in.Location)
	}
	if cancel {
		if core.OrderStatus(status) == core.OrderCancelled {
			return "unchanged", nil
		}
		_, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'cancelled', claimed_by = NULL, updated_at = $1 WHERE external_id = $2", db.now(), in.ExternalID)
		return "cancelled", err
	}
	if oldHash == h {
		return "unchanged", nil
	}
	if o.CreatedAt.IsZero() {
		o.CreatedAt = prev.CreatedAt
		doc, _ = json.Marshal(o)
	}
	_, err = tx.ExecContext(ctx, "UPDATE orders SET doc = $1, hash = $2, updated_at = $3 WHERE external_id = $4",
		string(doc), h, db.now(), in.ExternalID)
	if err == nil && needsRelabel(status, prev, o) {
		_, err = tx.ExecContext(ctx, "UPDATE orders SET relabel = $1 WHERE external_id = $2", db.now(), in.ExternalID)
	}
	return "updated", err
}

// Order returns one order of a location as terminals see it. An order of
// another location is reported as not found: a terminal learns nothing
// about other locations' orders, not even that they exist.
func (db *DB) Order(ctx context.Context, location, externalID string) (core.Order, error) {
	var doc, status string
	err := db.sql.QueryRowContext(ctx, "SELECT doc, status FROM orders WHERE external_id = $1 AND location = $2", externalID, location).
		Scan(&doc, &status)
	if isNoRows(err) {
		return core.Order{}, core.Errorf(core.ENOTFOUND, "unknown_order", "There is no order %s at %s.", externalID, location)
	}
	if err != nil {
		return core.Order{}, fmt.Errorf("order %s: %w", externalID, err)
	}
	return decodeOrder(doc, status)
}

func decodeOrder(doc, status string) (core.Order, error) {
	var o core.Order
	if err := json.Unmarshal([]byte(doc), &o); err != nil {
		return o, fmt.Errorf("order document: %w", err)
	}
	o.Status = core.OrderStatus(status)
	return o, nil
}

// OrderState is the hub's view of an order's progress.
type OrderState struct {
	ExternalID string           `json:"external_id"`
	Location   string           `json:"location"`
	Status     core.OrderStatus `json:"status"`
	ClaimedBy  string           `json:"claimed_by,omitempty"`
}

// OrderStates lists the progress of every order of a location.
func (db *DB) OrderStates(ctx context.Context, location string) ([]OrderState, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT external_id, location, status, COALESCE(claimed_by, '') FROM orders
		WHERE location = $1 ORDER BY external_id`, location)
	if err != nil {
		return nil, fmt.Errorf("order states: %w", err)
	}
	defer rows.Close()
	var out []OrderState
	for rows.Next() {
		var s OrderState
		if err := rows.Scan(&s.ExternalID, &s.Location, &s.Status, &s.ClaimedBy); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
