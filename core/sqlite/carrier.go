package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// CarrierLabelRecord is a carrier label as the station holds it: which
// order and package it belongs to and whether it was printed.
type CarrierLabelRecord struct {
	ID       int64
	OrderRef string
	core.CarrierLabel
	SSCC      string // of the package it is bound to, "" while unbound
	StaffID   int64  // who closed that package
	PrintedAt time.Time
	VoidedAt  time.Time // zero unless a relabel voided it
}

// storeCarrierLabels keeps the carrier labels of an order as they came
// from the hub (a label already here, same carrier and tracking, stays as
// it is: its binding and printing are the station's), then binds labels
// for "any package" to closed packages still without one. The hub checks
// labels when it takes them; one that is still unprintable (an older hub)
// is left out rather than stopping the pull, and its package keeps
// waiting for a label. A label the hub holds as voided is voided here too
// (a station that never had it, or another station's relabel).
func (db *DB) storeCarrierLabels(ctx context.Context, tx *sql.Tx, orderID int64, labels []core.CarrierLabel) error {
	now := db.Now().Unix()
	for _, l := range labels {
		if l.Validate() != nil {
			continue
		}
		var voided any
		if l.Voided {
			voided = now
		}
		if _, err := db.txExec(ctx, tx, `INSERT INTO carrier_labels(order_id, package_seq, carrier, service, tracking, format, document, received_at, voided_at)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(carrier, tracking) DO UPDATE SET voided_at = COALESCE(carrier_labels.voided_at, excluded.voided_at)`,
			orderID, l.PackageSeq, l.Carrier, l.Service, l.Tracking, string(l.Format), l.Document, now, voided); err != nil {
			return fmt.Errorf("carrier label %s: %w", l.Tracking, err)
		}
	}
	if len(labels) == 0 {
		return nil
	}
	return db.bindWaitingLabels(ctx, tx, orderID)
}

// bindWaitingLabels gives each closed package of an order that has no
// carrier label (or only a voided one) the oldest label for "any
// package", in package order.
func (db *DB) bindWaitingLabels(ctx context.Context, tx *sql.Tx, orderID int64) error {
	rows, err := db.txQuery(ctx, tx, `SELECT p.seq FROM packages p WHERE p.order_id = ? AND p.status = 'closed'
		AND NOT EXISTS (SELECT 1 FROM carrier_labels c WHERE c.order_id = p.order_id AND c.package_seq = p.seq AND c.voided_at IS NULL)
		ORDER BY p.seq`, orderID)
	if err != nil {
		return err
	}
	var seqs []int
	for rows.Next() {
		var s int
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		seqs = append(seqs, s)
	}
	rows.Close()
	for _, s := range seqs {
		if _, err := db.bindCarrierLabel(ctx, tx, orderID, s); err != nil {
			return err
		}
	}
	return rows.Err()
}

// bindCarrierLabel returns the tracking number of the carrier label of
// package seq of an order, binding the oldest label for "any package" to
// it when it has none (a voided label is none); "" when the order has no
// label for it.
func (db *DB) bindCarrierLabel(ctx context.Context, tx *sql.Tx, orderID int64, seq int) (string, error) {
	var tracking string
	err := db.txQueryRow(ctx, tx, "SELECT tracking FROM carrier_labels WHERE order_id = ? AND package_seq = ? AND voided_at IS NULL ORDER BY id LIMIT 1", orderID, seq).Scan(&tracking)
	if err == nil || !isNoRows(err) {
		return tracking, err
	}
	var id int64
	err = db.txQueryRow(ctx, tx, "SELECT id, tracking FROM carrier_labels WHERE order_id = ? AND package_seq = 0 AND voided_at IS NULL ORDER BY id LIMIT 1", orderID).Scan(&id, &tracking)
	if isNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	_, err = db.txExec(ctx, tx, "UPDATE carrier_labels SET package_seq = ? WHERE id = ?", seq, id)
	return tracking, err
}

const carrierLabelColumns = `c.id, o.external_id, c.package_seq, c.carrier, c.service, c.tracking, c.format, c.document,
	COALESCE(p.sscc, ''), COALESCE(p.staff_id, 0), COALESCE(c.printed_at, 0), COALESCE(c.voided_at, 0)`

func scanCarrierLabel(sc interface{ Scan(...any) error }) (CarrierLabelRecord, error) {
	var r CarrierLabelRecord
	var format string
	var printed, voided int64
	err := sc.Scan(&r.ID, &r.OrderRef, &r.PackageSeq, &r.Carrier, &r.Service, &r.Tracking, &format, &r.Document,
		&r.SSCC, &r.StaffID, &printed, &voided)
	r.Format = core.LabelFormat(format)
	if printed != 0 {
		r.PrintedAt = time.Unix(printed, 0)
	}
	if voided != 0 {
		r.VoidedAt, r.Voided = time.Unix(voided, 0), true
	}
	return r, err
}

func (db *DB) carrierLabels(ctx context.Context, where string, args ...any) ([]CarrierLabelRecord, error) {
	var out []CarrierLabelRecord
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+carrierLabelColumns+` FROM carrier_labels c
			JOIN orders o ON o.id = c.order_id
			LEFT JOIN packages p ON p.order_id = c.order_id AND p.seq = c.package_seq AND c.package_seq > 0
			WHERE `+where+` ORDER BY c.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanCarrierLabel(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// CarrierLabelsOf lists the carrier labels of an order, bound or not,
// voided or not.
func (db *DB) CarrierLabelsOf(ctx context.Context, ref string) ([]CarrierLabelRecord, error) {
	out, err := db.carrierLabels(ctx, "o.external_id = ?", ref)
	if err != nil {
		return nil, fmt.Errorf("carrier labels of %s: %w", ref, err)
	}
	return out, nil
}

// CarrierLabelFor returns the carrier label bound to package seq of an
// order (not a voided one); ok is false when the package has none (yet).
func (db *DB) CarrierLabelFor(ctx context.Context, ref string, seq int) (CarrierLabelRecord, bool, error) {
	out, err := db.carrierLabels(ctx, "o.external_id = ? AND c.package_seq = ? AND c.voided_at IS NULL", ref, seq)
	if err != nil || len(out) == 0 {
		if err != nil {
			err = fmt.Errorf("carrier label of %s package %d: %w", ref, seq, err)
		}
		return CarrierLabelRecord{}, false, err
	}
	return out[0], true, nil
}

// CarrierLabelByTracking finds a carrier label by the tracking number its
// barcode encodes (a parcel scanned at the dock); ok is false if none. A
// voided label is found too, with its VoidedAt.
func (db *DB) CarrierLabelByTracking(ctx context.Context, tracking string) (CarrierLabelRecord, bool, error) {
	out, err := db.carrierLabels(ctx, "c.tracking = ?", strings.TrimSpace(tracking))
	if err != nil || len(out) == 0 {
		if err != nil {
			err = fmt.Errorf("carrier label %s: %w", tracking, err)
		}
		return CarrierLabelRecord{}, false, err
	}
	return out[0], true, nil
}

// PendingCarrierLabels lists the carrier labels to print now: bound to a
// closed package of an order not cancelled, and not printed yet.
func (db *DB) PendingCarrierLabels(ctx context.Context) ([]CarrierLabelRecord, error) {
	out, err := db.carrierLabels(ctx, `c.printed_at IS NULL AND c.voided_at IS NULL AND c.package_seq > 0 AND p.status = 'closed'
		AND o.status NOT IN ('cancelled', 'shipped')`)
	if err != nil {
		return nil, fmt.Errorf("carrier labels to print: %w", err)
	}
	return out, nil
}

// MarkCarrierLabelPrinted records that a carrier label went to the
// printer: printed_at and the carrier.label_printed event (which tracking
// number went on which package) in one transaction. A label already
// marked changes nothing; ok says whether this call marked it.
func (db *DB) MarkCarrierLabelPrinted(ctx context.Context, id int64) (ok bool, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		r, err := scanCarrierLabel(db.txQueryRow(ctx, tx, `SELECT `+carrierLabelColumns+` FROM carrier_labels c
			JOIN orders o ON o.id = c.order_id
			LEFT JOIN packages p ON p.order_id = c.order_id AND p.seq = c.package_seq AND c.package_seq > 0
			WHERE c.id = ?`, id))
		if isNoRows(err) {
			return core.Errorf(core.ENOTFOUND, "unknown_carrier_label", "There is no carrier label %d here.", id)
		}
		if err != nil {
			return err
		}
		if !r.PrintedAt.IsZero() {
			return nil
		}
		if r.PackageSeq == 0 || r.SSCC == "" {
			return core.Errorf(core.ECONFLICT, "carrier_label_unbound", "Carrier label %s belongs to no closed package of order %s yet.", r.Tracking, r.OrderRef)
		}
		if _, err := db.txExec(ctx, tx, "UPDATE carrier_labels SET printed_at = ? WHERE id = ?", db.Now().Unix(), id); err != nil {
			return err
		}
		ok = true
		_, err = db.recordEvent(ctx, tx, core.EventCarrierLabelPrinted, r.OrderRef, r.StaffID, core.CarrierLabelPrinted{
			Package: r.PackageSeq, SSCC: r.SSCC, Carrier: r.Carrier, Service: r.Service, Tracking: r.Tracking, Format: r.Format,
		})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("mark carrier label %d printed: %w", id, err)
	}
	return ok, nil
}

// WaitingForCarrierLabel lists the closed packages of shipping orders that
// have no carrier label (or only a voided one), oldest first: the "waiting for carrier label"
// list of the pack and home screens.
func (db *DB) WaitingForCarrierLabel(ctx context.Context) ([]WaitingParcel, error) {
	var out []WaitingParcel
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT o.external_id, p.seq, COALESCE(po.planned, 0), p.sscc, p.closed_at
			FROM packages p JOIN orders o ON o.id = p.order_id LEFT JOIN pack_orders po ON po.order_id = o.id
			WHERE p.status = 'closed' AND o.status IN ('picked', 'packed') AND o.fulfillment <> 'store_pickup'
				AND NOT EXISTS (SELECT 1 FROM carrier_labels c WHERE c.order_id = p.order_id AND c.package_seq = p.seq AND c.voided_at IS NULL)
			ORDER BY p.closed_at, p.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var w WaitingParcel
			var closed int64
			if err := rows.Scan(&w.OrderRef, &w.Package, &w.Packages, &w.SSCC, &closed); err != nil {
				return err
			}
			w.ClosedAt = time.Unix(closed, 0)
			out = append(out, w)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("parcels waiting for a carrier label: %w", err)
	}
	return out, nil
}
