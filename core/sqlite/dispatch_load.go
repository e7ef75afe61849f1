package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/dispatch"
)

// parcelLoad says which of a handover's parcels a step needs: a scan or a
// split judges by the handover alone, an undo by its last parcel, a close
// by all of them. A full cage holds hundreds: loading them for every scan
// was half its cost.
type parcelLoad int

const (
	parcelsNone parcelLoad = iota
	parcelsLast
	parcelsAll
)

// loadHandover reads a handover and its parcels inside tx.
func (db *DB) loadHandover(ctx context.Context, tx *sql.Tx, code string) (*dispatch.Handover, error) {
	return db.loadHandoverWith(ctx, tx, code, parcelsAll)
}

func (db *DB) loadHandoverWith(ctx context.Context, tx *sql.Tx, code string, load parcelLoad) (*dispatch.Handover, error) {
	h := &dispatch.Handover{Code: code}
	var status string
	var opened int64
	var closed sql.NullInt64
	err := db.txQueryRow(ctx, tx, "SELECT id, carrier, status, opened_at, closed_at FROM handovers WHERE code = ?", code).
		Scan(&h.ID, &h.Carrier, &status, &opened, &closed)
	if isNoRows(err) {
		return nil, core.Errorf(core.ENOTFOUND, core.ErrHandoverNotChosen.Reason, "Handover %s is not known here: scan it again and choose its carrier to open it.", code)
	}
	if err != nil {
		return nil, err
	}
	h.Status, h.OpenedAt = dispatch.Status(status), time.Unix(opened, 0)
	if closed.Valid {
		h.ClosedAt = time.Unix(closed.Int64, 0)
	}
	if err := db.loadSplits(ctx, tx, h); err != nil || load == parcelsNone {
		return h, err
	}
	order := "ORDER BY d.id"
	if load == parcelsLast {
		order = "ORDER BY d.id DESC LIMIT 1"
	}
	rows, err := db.txQuery(ctx, tx, `SELECT d.id, o.external_id, p.seq, COALESCE(po.planned, 1), p.sscc, d.tracking, d.service,
			d.staff_id, d.scanned_at, d.sealed
		FROM dispatch_parcels d JOIN packages p ON p.id = d.package_id JOIN orders o ON o.id = d.order_id
			LEFT JOIN pack_orders po ON po.order_id = d.order_id
		WHERE d.handover_id = ? `+order, h.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p dispatch.Parcel
		var at int64
		if err := rows.Scan(&p.ID, &p.OrderRef, &p.Package, &p.Packages, &p.SSCC, &p.Tracking, &p.Service, &p.StaffID, &at, &p.Sealed); err != nil {
			return nil, err
		}
		p.ScannedAt = time.Unix(at, 0)
		h.Parcels = append(h.Parcels, p)
	}
	return h, rows.Err()
}

// loadSplits reads the orders a supervisor let leave incomplete in h.
func (db *DB) loadSplits(ctx context.Context, tx *sql.Tx, h *dispatch.Handover) error {
	splits, err := db.txQuery(ctx, tx, `SELECT o.external_id, s.supervisor_id FROM dispatch_splits s JOIN orders o ON o.id = s.order_id
		WHERE s.handover_id = ?`, h.ID)
	if err != nil {
		return err
	}
	defer splits.Close()
	for splits.Next() {
		var ref string
		var sup int64
		if err := splits.Scan(&ref, &sup); err != nil {
			return err
		}
		if h.Splits == nil {
			h.Splits = map[string]int64{}
		}
		h.Splits[ref] = sup
	}
	return splits.Err()
}

// parcelRef is a package a dock scan found.
type parcelRef struct {
	packageID, orderID int64
}

// parcelBy finds a package and its order; where is "p.sscc = ?" or a
// package named by a carrier label.
const parcelBy = `SELECT p.id, p.order_id, o.external_id, o.status, p.seq, COALESCE(p.sscc, ''), COALESCE(po.planned, 1)
	FROM packages p JOIN orders o ON o.id = p.order_id LEFT JOIN pack_orders po ON po.order_id = o.id WHERE `

// labelledPackage finds the package a printed carrier label's tracking
// number is on; a voided label is on none.
const labelledPackage = `SELECT p2.id FROM carrier_labels l JOIN packages p2 ON p2.order_id = l.order_id AND p2.seq = l.package_seq
	WHERE l.tracking = ? AND l.printed_at IS NOT NULL AND l.voided_at IS NULL LIMIT 1`

// resolveParcel finds the package a dock scan names: by SSCC first, then
// by the tracking number of a printed carrier label. It fills in
// everything the machine judges by, in as few statements as it can: this
// runs for every parcel at the dock.
func (db *DB) resolveParcel(ctx context.Context, tx *sql.Tx, r dispatch.Reading, scanned string) (dispatch.Input, parcelRef, error) {
	in := dispatch.Input{Scanned: scanned}
	var ref parcelRef
	var status string
	scan := func(row *sql.Row) error {
		return row.Scan(&ref.packageID, &ref.orderID, &in.OrderRef, &status, &in.Package, &in.SSCC, &in.Packages)
	}
	found := false
	if r.SSCC != "" {
		err := scan(db.txQueryRow(ctx, tx, parcelBy+"p.sscc = ?", r.SSCC))
		if err != nil && !isNoRows(err) {
			return in, ref, err
		}
		found = err == nil
	}
	for i, t := range r.Tracking {
		if found {
			break
		}
		err := scan(db.txQueryRow(ctx, tx, parcelBy+"p.id = ("+labelledPackage+")", t))
		if err == nil {
			found = true
			// The fields of a 2D code: no other field may name another parcel.
			for _, other := range r.Tracking[i+1:] {
				var id int64
				err := db.txQueryRow(ctx, tx, labelledPackage, other).Scan(&id)
				if err != nil && !isNoRows(err) {
					return in, ref, err
				}
				if err == nil && id != ref.packageID {
					return in, ref, core.Errorf(core.ECONFLICT, "ambiguous_parcel", "This barcode holds the tracking numbers of two parcels here (%s and %s): scan the parcel's SSCC label instead.", t, other)
				}
			}
			break
		}
		if !isNoRows(err) {
			return in, ref, err
		}
		// A label voided by a relabel (the address changed), or bought
		// for an order but never printed on a parcel: whatever carries it
		// must not leave with it.
		var orderRef string
		var seq int
		var voided bool
		err = db.txQueryRow(ctx, tx, `SELECT o.external_id, l.package_seq, l.voided_at IS NOT NULL FROM carrier_labels l JOIN orders o ON o.id = l.order_id
			WHERE l.tracking = ? LIMIT 1`, t).Scan(&orderRef, &seq, &voided)
		if err == nil && voided {
			return in, ref, core.Errorf(core.ECONFLICT, core.ErrCarrierLabelVoided.Reason, "Tracking number %s of order %s package %d was voided when the order's address changed: take that label off, put on the new carrier label and scan it (or the SSCC).", t, orderRef, seq)
		}
		if err == nil {
			return in, ref, core.Errorf(core.ECONFLICT, core.ErrNoCarrierLabel.Reason, "Tracking number %s belongs to order %s but was never printed on one of its packages here: check the parcel's labels and tell a supervisor.", t, orderRef)
		}
		if !isNoRows(err) {
			return in, ref, err
		}
	}
	if !found {
		if r.Destination != "" {
			return in, ref, dispatch.DestinationError(r.Destination)
		}
		return in, ref, nil
	}
	in.Found, in.OrderStatus = true, core.OrderStatus(status)
	var err error
	if in.Order, err = db.dockPackages(ctx, tx, ref.orderID, in.Packages); err != nil {
		return in, ref, err
	}
	for _, p := range in.Order {
		if p.Seq == in.Package && p.Label != nil {
			in.Label = p.Label
		}
	}
	return in, ref, nil
}

// dockPackages lists every package of an order as the dock sees it, with
// its printed carrier label: the ones not opened yet (up to planned) as
// not packed.
func (db *DB) dockPackages(ctx context.Context, tx *sql.Tx, orderID int64, planned int) ([]dispatch.PackageState, error) {
	rows, err := db.txQuery(ctx, tx, `SELECT p.seq, p.status = 'closed', COALESCE(h.code, ''), COALESCE(d.tracking, ''),
			COALESCE(l.carrier, ''), COALESCE(l.service, ''), COALESCE(l.tracking, '')
		FROM packages p LEFT JOIN dispatch_parcels d ON d.package_id = p.id LEFT JOIN handovers h ON h.id = d.handover_id
			LEFT JOIN carrier_labels l ON l.id = (SELECT id FROM carrier_labels WHERE order_id = p.order_id AND package_seq = p.seq
				AND printed_at IS NOT NULL AND voided_at IS NULL ORDER BY printed_at DESC, id DESC LIMIT 1)
		WHERE p.order_id = ? ORDER BY p.seq`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dispatch.PackageState
	for rows.Next() {
		var p dispatch.PackageState
		var l dispatch.Label
		if err := rows.Scan(&p.Seq, &p.Closed, &p.DispatchedIn, &p.Tracking, &l.Carrier, &l.Service, &l.Tracking); err != nil {
			return nil, err
		}
		if l.Tracking != "" {
			p.Label = &l
			if p.Tracking == "" {
				p.Tracking = l.Tracking
			}
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for seq := len(out) + 1; seq <= planned; seq++ {
		out = append(out, dispatch.PackageState{Seq: seq})
	}
	return out, nil
}
