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

// IngestReturn is a customer return (RMA) with the location that receives
// the parcel (wire.IngestReturn).
type IngestReturn = wire.IngestReturn

// ImportReturns announces, changes or withdraws returns, idempotently by
// location and RMA: a return identical to the one the hub has changes
// nothing; a changed one is stored and the terminals of its location pull
// it as an update; status "cancelled" withdraws it. All returns are checked
// first (location known, lines with a product and a quantity) and either
// all are taken or none.
func (db *DB) ImportReturns(ctx context.Context, returns []IngestReturn) (wire.IngestResponse, error) {
	var res wire.IngestResponse
	err := db.write(ctx, func(tx *sql.Tx) error {
		res = wire.IngestResponse{}
		v := validator{tx: tx, ctx: ctx, skus: map[string]string{}, locs: map[string]bool{}}
		seen := map[string]bool{}
		for i := range returns {
			v.checkReturn(&returns[i], i, seen)
		}
		if err := v.err(); err != nil {
			return err
		}
		touched := map[string][]string{}
		for _, in := range returns {
			outcome, err := db.importReturn(ctx, tx, in)
			if err != nil {
				return fmt.Errorf("return %s: %w", in.RMA, err)
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
			touched[in.Location] = append(touched[in.Location], in.RMA)
		}
		for loc, keys := range touched {
			if err := db.bump(ctx, tx, loc, kindReturn, keys); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return wire.IngestResponse{}, fmt.Errorf("import returns: %w", err)
	}
	return res, nil
}

// checkReturn adds what is wrong with return r (the i-th of its batch) to
// the problems, and puts its RMA and status in the form terminals use.
func (v *validator) checkReturn(r *IngestReturn, i int, seen map[string]bool) {
	if v.dberr != nil {
		return
	}
	r.RMA = strings.ToUpper(strings.TrimSpace(r.RMA))
	if !cleanText(r.RMA) || !cleanText(r.Location) {
		v.addf("return #%d has a NUL character or invalid UTF-8 in its rma or location", i+1)
		return
	}
	name := r.RMA
	if r.RMA == "" {
		v.addf("return #%d has no rma", i+1)
		name = fmt.Sprintf("#%d", i+1)
	}
	if key := r.Location + "\x00" + r.RMA; r.RMA != "" && seen[key] {
		v.addf("return %s is twice in the batch for %s", name, r.Location)
	} else {
		seen[key] = true
	}
	if _, ok := v.locs[r.Location]; !ok {
		var n int
		if err := v.tx.QueryRowContext(v.ctx, "SELECT COUNT(*) FROM locations WHERE code = $1", r.Location).Scan(&n); err != nil {
			v.dberr = err
			return
		}
		v.locs[r.Location] = n > 0
	}
	if !v.locs[r.Location] {
		v.addf("return %s: unknown location %q (add it with `hub locations add`)", name, r.Location)
	}
	switch r.Status {
	case "":
		r.Status = core.ReturnExpected
	case core.ReturnExpected, core.ReturnCancelled:
	default:
		v.addf("return %s: status %q cannot be set from outside; use expected or cancelled", name, r.Status)
	}
	if r.Unexpected {
		v.addf("return %s: only a station records an unexpected return", name)
	}
	if len(r.Lines) == 0 && r.Status != core.ReturnCancelled {
		v.addf("return %s has no lines", name)
	}
	for j, l := range r.Lines {
		if strings.TrimSpace(l.SKU) == "" {
			v.addf("return %s line %d has no sku", name, j+1)
		}
		if l.Qty <= 0 {
			v.addf("return %s line %d: quantity %d must be at least 1", name, j+1, l.Qty)
		}
	}
}

// normalReturn is a return in the canonical form whose JSON hash tells a
// changed return from a re-import.
func normalReturn(in IngestReturn) core.Return {
	r := in.Return
	r.CreatedAt = r.CreatedAt.UTC()
	r.DeliveredAt = r.DeliveredAt.UTC()
	r.Lines = make([]core.ReturnLine, len(in.Lines))
	for i, l := range in.Lines {
		if l.LineNo == 0 {
			l.LineNo = i + 1
		}
		r.Lines[i] = l
	}
	return r
}

func (db *DB) importReturn(ctx context.Context, tx *sql.Tx, in IngestReturn) (string, error) {
	r := normalReturn(in)
	doc, _ := json.Marshal(r)
	h := docHash(doc)
	cancel := r.Status == core.ReturnCancelled

	var oldHash, oldDoc string
	err := tx.QueryRowContext(ctx, "SELECT hash, doc FROM returns WHERE location = $1 AND rma = $2"+db.d.forUpdate, in.Location, r.RMA).
		Scan(&oldHash, &oldDoc)
	if isNoRows(err) {
		if r.CreatedAt.IsZero() {
			r.CreatedAt = db.Now().UTC().Truncate(time.Second)
			doc, _ = json.Marshal(r)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO returns(location, rma, doc, hash, updated_at) VALUES($1, $2, $3, $4, $5)`,
			in.Location, r.RMA, string(doc), h, db.now())
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
	var prev core.Return
	if err := json.Unmarshal([]byte(oldDoc), &prev); err != nil {
		return "", fmt.Errorf("return document: %w", err)
	}
	if cancel && prev.Status == core.ReturnCancelled {
		return "unchanged", nil
	}
	if oldHash == h {
		return "unchanged", nil
	}
	if cancel {
		// A withdrawal keeps what the hub knew of the return.
		prev.Status = core.ReturnCancelled
		doc, _ = json.Marshal(prev)
	} else if r.CreatedAt.IsZero() {
		r.CreatedAt = prev.CreatedAt
		doc, _ = json.Marshal(r)
	}
	_, err = tx.ExecContext(ctx, "UPDATE returns SET doc = $1, hash = $2, updated_at = $3 WHERE location = $4 AND rma = $5",
		string(doc), h, db.now(), in.Location, r.RMA)
	if cancel {
		return "cancelled", err
	}
	return "updated", err
}

// Return returns one return of a location as its terminals pull it. A
// return of another location is reported as not found.
func (db *DB) Return(ctx context.Context, location, rma string) (core.Return, error) {
	rma = strings.ToUpper(strings.TrimSpace(rma))
	var doc string
	err := db.sql.QueryRowContext(ctx, "SELECT doc FROM returns WHERE location = $1 AND rma = $2", location, rma).Scan(&doc)
	if isNoRows(err) {
		return core.Return{}, core.Errorf(core.ENOTFOUND, core.ErrNoReturn.Reason, "There is no return %s at %s.", rma, location)
	}
	if err != nil {
		return core.Return{}, fmt.Errorf("return %s: %w", rma, err)
	}
	var r core.Return
	if err := json.Unmarshal([]byte(doc), &r); err != nil {
		return core.Return{}, fmt.Errorf("return %s: %w", rma, err)
	}
	return r, nil
}
