package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/dispatch"
	"github.com/stationhand/stationhand/core/scan"
)

// DispatchResult is what one accepted dock scan or action did.
type DispatchResult struct {
	Effect dispatch.Effect
	// Handover is the handover afterwards. A scan, an undo and a split load
	// only what they judge by, so its Parcels are complete only after a
	// close or a reopen: read Handover for the list.
	Handover *dispatch.Handover
	Parcels  int // how many parcels the handover holds afterwards
}

// DispatchOpen returns the handover with the given code (the id after
// HANDOVER-), opening it for carrier when it is new. An existing handover
// keeps its carrier: a different one is refused.
func (db *DB) DispatchOpen(ctx context.Context, staffID int64, code, carrier string) (*dispatch.Handover, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	carrier = strings.TrimSpace(carrier)
	var h *dispatch.Handover
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		if code == "" {
			return core.Errorf(core.EINVALID, core.ErrHandoverNotChosen.Reason, "A handover needs its code: scan the HANDOVER- label on the cage, trolley or truck.")
		}
		h, err = db.loadHandover(ctx, tx, code)
		if err == nil {
			if carrier != "" && !strings.EqualFold(carrier, h.Carrier) {
				return core.Errorf(core.ECONFLICT, core.ErrOtherCarrier.Reason, "Handover %s is for %s, not %s.", code, h.Carrier, carrier)
			}
			return nil
		}
		if core.ErrorReason(err) != core.ErrHandoverNotChosen.Reason {
			return err
		}
		if carrier == "" {
			return core.Errorf(core.EINVALID, core.ErrHandoverNeedsCarrier.Reason, "Handover %s is new: choose the carrier it is for.", code)
		}
		now := db.Now().Unix()
		if _, err := db.txExec(ctx, tx, `INSERT INTO handovers(code, carrier, status, opened_by, opened_at) VALUES(?, ?, 'open', ?, ?)`,
			code, carrier, staffID, now); err != nil {
			return err
		}
		if _, err := db.recordEvent(ctx, tx, core.EventDispatchHandoverOpened, "", staffID,
			core.DispatchHandoverPayload{Handover: code, Carrier: carrier}); err != nil {
			return err
		}
		h, err = db.loadHandover(ctx, tx, code)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("handover %s: %w", code, err)
	}
	return h, nil
}

// Handover returns a handover and its parcels.
func (db *DB) Handover(ctx context.Context, code string) (*dispatch.Handover, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	var h *dispatch.Handover
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		h, err = db.loadHandover(ctx, tx, code)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("handover %s: %w", code, err)
	}
	return h, nil
}

// DispatchScan applies one scan at the dock to an open handover: a parcel
// by its SSCC or its carrier's tracking barcode. The parcel and its event
// commit together; a refused scan writes nothing and the error says why.
func (db *DB) DispatchScan(ctx context.Context, code string, staffID int64, parser scan.Parser, raw string) (DispatchResult, error) {
	r, err := dispatch.Read(parser, raw)
	if err != nil {
		return DispatchResult{}, fmt.Errorf("handover %s: %w", code, err)
	}
	if r.Handover != "" {
		return DispatchResult{}, fmt.Errorf("handover %s: %w", code, core.Errorf(core.ECONFLICT, "handover_scanned",
			"This is handover %s's label: scan the parcels into handover %s, or go back to choose another handover.", r.Handover, code))
	}
	return db.dispatchStep(ctx, code, staffID, parcelsNone, func(tx *sql.Tx, h *dispatch.Handover) (dispatch.Effect, error) {
		in, pkg, err := db.resolveParcel(ctx, tx, r, strings.TrimSpace(raw))
		if err != nil {
			return dispatch.Effect{}, err
		}
		e, err := h.Scan(in)
		e.Parcel.ID = pkg.packageID // the package row, until persisted
		return e, err
	})
}

// DispatchUndo takes the last parcel scanned into an open handover out again.
func (db *DB) DispatchUndo(ctx context.Context, code string, staffID int64) (DispatchResult, error) {
	return db.dispatchStep(ctx, code, staffID, parcelsLast, func(_ *sql.Tx, h *dispatch.Handover) (dispatch.Effect, error) { return h.Undo() })
}

// DispatchAllowSplit lets an order leave in the handover without all its
// parcels, on a supervisor's approval (badge or PIN, see CheckApproval).
func (db *DB) DispatchAllowSplit(ctx context.Context, code string, staffID int64, orderRef string, approval Approval) (DispatchResult, error) {
	sup, err := db.CheckApproval(ctx, approval)
	if err != nil {
		return DispatchResult{}, fmt.Errorf("handover %s: split %s: %w", code, orderRef, err)
	}
	return db.dispatchStep(ctx, code, staffID, parcelsNone, func(_ *sql.Tx, h *dispatch.Handover) (dispatch.Effect, error) {
		return h.AllowSplit(orderRef, sup.ID)
	})
}

// DispatchSplitScan takes a parcel refused as part of an incomplete order
// on a supervisor's approval: the split (for the parcel's order) and the
// parcel go into the handover in one transaction, or neither.
func (db *DB) DispatchSplitScan(ctx context.Context, code string, staffID int64, parser scan.Parser, raw string, approval Approval) (DispatchResult, error) {
	sup, err := db.CheckApproval(ctx, approval)
	if err != nil {
		return DispatchResult{}, fmt.Errorf("handover %s: split: %w", code, err)
	}
	r, err := dispatch.Read(parser, raw)
	if err != nil {
		return DispatchResult{}, fmt.Errorf("handover %s: %w", code, err)
	}
	return db.dispatchStep(ctx, code, staffID, parcelsNone, func(tx *sql.Tx, h *dispatch.Handover) (dispatch.Effect, error) {
		in, pkg, err := db.resolveParcel(ctx, tx, r, strings.TrimSpace(raw))
		if err != nil {
			return dispatch.Effect{}, err
		}
		if in.Found {
			if _, ok := h.Splits[in.OrderRef]; !ok {
				split, err := h.AllowSplit(in.OrderRef, sup.ID)
				if err != nil {
					return dispatch.Effect{}, err
				}
				if err := db.persistDispatch(ctx, tx, h, staffID, &split); err != nil {
					return dispatch.Effect{}, err
				}
				h.Apply(split)
			}
		}
		e, err := h.Scan(in)
		e.Parcel.ID = pkg.packageID
		return e, err
	})
}

// DispatchClose hands the handover to its carrier: it closes, and every
// order whose parcels have all left is shipped (order.shipped with its
// tracking numbers), in one transaction. Print the manifest from the
// result's handover.
func (db *DB) DispatchClose(ctx context.Context, code string, staffID int64) (DispatchResult, error) {
	return db.dispatchStep(ctx, code, staffID, parcelsAll, func(tx *sql.Tx, h *dispatch.Handover) (dispatch.Effect, error) {
		orders := map[string][]dispatch.PackageState{}
		for _, ref := range h.Orders() {
			var id int64
			var planned sql.NullInt64
			if err := db.txQueryRow(ctx, tx, `SELECT o.id, po.planned FROM orders o LEFT JOIN pack_orders po ON po.order_id = o.id
				WHERE o.external_id = ?`, ref).Scan(&id, &planned); err != nil {
				return dispatch.Effect{}, err
			}
			pkgs, err := db.dockPackages(ctx, tx, id, int(planned.Int64))
			if err != nil {
				return dispatch.Effect{}, err
			}
			orders[ref] = pkgs
		}
		return h.Close(orders)
	})
}

// DispatchReopen opens a closed handover again on a supervisor's approval.
// Its parcels stay on it (they are on the printed manifest); new ones may
// be added and undone until it closes again.
func (db *DB) DispatchReopen(ctx context.Context, code string, staffID int64, approval Approval) (DispatchResult, error) {
	sup, err := db.CheckApproval(ctx, approval)
	if err != nil {
		return DispatchResult{}, fmt.Errorf("handover %s: reopen: %w", code, err)
	}
	return db.dispatchStep(ctx, code, staffID, parcelsAll, func(_ *sql.Tx, h *dispatch.Handover) (dispatch.Effect, error) { return h.Reopen(sup.ID) })
}

func (db *DB) dispatchStep(ctx context.Context, code string, staffID int64, load parcelLoad, decide func(*sql.Tx, *dispatch.Handover) (dispatch.Effect, error)) (DispatchResult, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	var res DispatchResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		h, err := db.loadHandoverWith(ctx, tx, code, load)
		if err != nil {
			return err
		}
		e, err := decide(tx, h)
		if err != nil {
			return err
		}
		if err := db.persistDispatch(ctx, tx, h, staffID, &e); err != nil {
			return err
		}
		h.Apply(e)
		if e.Kind == dispatch.EffectClose {
			h.ClosedAt = db.Now()
		}
		res = DispatchResult{Effect: e, Handover: h}
		return db.txQueryRow(ctx, tx, "SELECT COUNT(*) FROM dispatch_parcels WHERE handover_id = ?", h.ID).Scan(&res.Parcels)
	})
	if err != nil {
		return DispatchResult{}, fmt.Errorf("handover %s: %w", code, err)
	}
	return res, nil
}

// persistDispatch writes an effect and its events inside tx.
func (db *DB) persistDispatch(ctx context.Context, tx *sql.Tx, h *dispatch.Handover, staffID int64, e *dispatch.Effect) error {
	now := db.Now()
	parcelEvent := func(typ string, p dispatch.Parcel) error {
		_, err := db.recordEvent(ctx, tx, typ, p.OrderRef, staffID, core.DispatchParcelPayload{
			Handover: h.Code, Carrier: h.Carrier, Package: p.Package, Packages: p.Packages, SSCC: p.SSCC, Tracking: p.Tracking, Service: p.Service,
		})
		return err
	}
	switch e.Kind {
	case dispatch.EffectScan:
		packageID := e.Parcel.ID
		err := db.txQueryRow(ctx, tx, `INSERT INTO dispatch_parcels(handover_id, package_id, order_id, tracking, service, staff_id, scanned_at)
			SELECT ?, id, order_id, ?, ?, ?, ? FROM packages WHERE id = ? RETURNING id`,
			h.ID, e.Parcel.Tracking, e.Parcel.Service, staffID, now.Unix(), packageID).Scan(&e.Parcel.ID)
		if err != nil {
			return err
		}
		e.Parcel.StaffID, e.Parcel.ScannedAt = staffID, now
		return parcelEvent(core.EventDispatchParcelScanned, e.Parcel)
	case dispatch.EffectUndo:
		if _, err := db.txExec(ctx, tx, "DELETE FROM dispatch_parcels WHERE id = ? AND sealed = 0", e.Parcel.ID); err != nil {
			return err
		}
		return parcelEvent(core.EventDispatchParcelUndone, e.Parcel)
	case dispatch.EffectSplit:
		res, err := db.txExec(ctx, tx, `INSERT INTO dispatch_splits(handover_id, order_id, supervisor_id, at)
			SELECT ?, id, ?, ? FROM orders WHERE external_id = ?`, h.ID, e.SupervisorID, now.Unix(), e.OrderRef)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Order %s is not known here.", e.OrderRef)
		}
		_, err = db.recordEvent(ctx, tx, core.EventDispatchSplitAllowed, e.OrderRef, staffID,
			core.DispatchSplitPayload{Handover: h.Code, SupervisorID: e.SupervisorID})
		return err
	case dispatch.EffectClose:
		return db.persistHandoverClose(ctx, tx, h, staffID, e)
	case dispatch.EffectReopen:
		if _, err := db.txExec(ctx, tx, "UPDATE handovers SET status = 'open', closed_by = NULL, closed_at = NULL WHERE id = ?", h.ID); err != nil {
			return err
		}
		_, err := db.recordEvent(ctx, tx, core.EventDispatchHandoverReopened, "", staffID,
			core.DispatchHandoverPayload{Handover: h.Code, Carrier: h.Carrier, Parcels: len(h.Parcels), SupervisorID: e.SupervisorID})
		return err
	}
	return fmt.Errorf("unknown dispatch effect %q", e.Kind)
}

// persistHandoverClose seals the handover's parcels, ships every order
// whose parcels have all left (order.shipped with its tracking numbers)
// and records the close, in the caller's transaction.
func (db *DB) persistHandoverClose(ctx context.Context, tx *sql.Tx, h *dispatch.Handover, staffID int64, e *dispatch.Effect) error {
	now := db.Now().Unix()
	if _, err := db.txExec(ctx, tx, "UPDATE handovers SET status = 'closed', closed_by = ?, closed_at = ? WHERE id = ?", staffID, now, h.ID); err != nil {
		return err
	}
	if _, err := db.txExec(ctx, tx, "UPDATE dispatch_parcels SET sealed = 1 WHERE handover_id = ?", h.ID); err != nil {
		return err
	}
	closed := core.DispatchHandoverPayload{Handover: h.Code, Carrier: h.Carrier, Parcels: len(h.Parcels)}
	for _, so := range e.Shipped {
		var status string
		var orderID int64
		if err := db.txQueryRow(ctx, tx, "SELECT id, status FROM orders WHERE external_id = ?", so.Ref).Scan(&orderID, &status); err != nil {
			return err
		}
		if core.OrderStatus(status) == core.OrderShipped {
			continue // shipped when an earlier close of this handover was reopened
		}
		p := core.OrderShippedPayload{Carrier: h.Carrier, Handover: h.Code, Tracking: []string{}}
		rows, err := db.txQuery(ctx, tx, `SELECT p.seq, p.sscc, d.tracking, d.service, hh.code FROM dispatch_parcels d
			JOIN packages p ON p.id = d.package_id JOIN handovers hh ON hh.id = d.handover_id WHERE d.order_id = ? ORDER BY p.seq`, orderID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var sp core.ShippedParcel
			if err := rows.Scan(&sp.Package, &sp.SSCC, &sp.Tracking, &sp.Service, &sp.Handover); err != nil {
				rows.Close()
				return err
			}
			p.Parcels = append(p.Parcels, sp)
			p.Tracking = append(p.Tracking, sp.Tracking)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := db.txExec(ctx, tx, "UPDATE orders SET status = 'shipped', updated_at = ? WHERE id = ?", now, orderID); err != nil {
			return err
		}
		if _, err := db.recordEvent(ctx, tx, core.EventOrderShipped, so.Ref, staffID, p); err != nil {
			return err
		}
		closed.Shipped = append(closed.Shipped, so.Ref)
	}
	for _, so := range e.Partial {
		closed.Partial = append(closed.Partial, so.Ref)
	}
	_, err := db.recordEvent(ctx, tx, core.EventDispatchHandoverClosed, "", staffID, closed)
	return err
}
