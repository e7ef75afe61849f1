package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
)

// HandoffResult is what one accepted handoff step did.
type HandoffResult struct {
	Effect  pickup.Effect
	Handoff *pickup.Handoff // the state afterwards
}

// Handoff returns a store-pickup order's handoff state.
func (db *DB) Handoff(ctx context.Context, ref string) (*pickup.Handoff, error) {
	var h *pickup.Handoff
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		h, _, err = loadHandoff(ctx, tx, ref)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("handoff %s: %w", ref, err)
	}
	return h, nil
}

// StartHandoff opens the handoff of an order at the counter, noting when
// the customer arrived (the first time only).
func (db *DB) StartHandoff(ctx context.Context, ref string, staffID int64) (HandoffResult, error) {
	return db.handoffStep(ctx, ref, staffID, func(h *pickup.Handoff, now time.Time) (pickup.Effect, error) { return h.Arrive(now) })
}

// NoteCurbside records the bay and car of a customer waiting outside; the
// order is flagged on the pickup queue.
func (db *DB) NoteCurbside(ctx context.Context, ref string, staffID int64, c pickup.Curbside) (HandoffResult, error) {
	return db.handoffStep(ctx, ref, staffID, func(h *pickup.Handoff, now time.Time) (pickup.Effect, error) { return h.NoteCurbside(c, now) })
}

// VerifyPickup verifies the person collecting an order, by pickup code or
// by an ID check (in.StaffID and in.Now are filled in). A wrong code is
// committed, because it counts towards the lock-out, and then returned as
// the error (core.ErrWrongPickupCode, or core.ErrPickupLocked at the fifth).
func (db *DB) VerifyPickup(ctx context.Context, ref string, staffID int64, in pickup.VerifyInput) (HandoffResult, error) {
	return db.handoffStep(ctx, ref, staffID, func(h *pickup.Handoff, now time.Time) (pickup.Effect, error) {
		in.StaffID, in.Now = staffID, now
		return h.Verify(in)
	})
}

// HandOverBag scans one bag out to the verified customer.
func (db *DB) HandOverBag(ctx context.Context, ref string, staffID int64, bag pickup.BagRef) (HandoffResult, error) {
	return db.handoffStep(ctx, ref, staffID, func(h *pickup.Handoff, now time.Time) (pickup.Effect, error) { return h.ScanBag(bag, now) })
}

// RefuseItem records that the customer does not take qty units of a line.
// They become a return-to-stock task and a refund when the handoff
// completes.
func (db *DB) RefuseItem(ctx context.Context, ref string, staffID, lineID int64, qty int, reason string) (HandoffResult, error) {
	return db.handoffStep(ctx, ref, staffID, func(h *pickup.Handoff, now time.Time) (pickup.Effect, error) {
		return h.Refuse(lineID, qty, reason, now)
	})
}

// CompleteHandoff records the handoff (who, when, how verified) and marks
// the order collected. It is refused without a current verification and
// while a bag has not been scanned out.
func (db *DB) CompleteHandoff(ctx context.Context, ref string, staffID int64) (HandoffResult, error) {
	return db.handoffStep(ctx, ref, staffID, func(h *pickup.Handoff, now time.Time) (pickup.Effect, error) { return h.Complete(now) })
}

// AbandonHandoff stops a handoff under way: its verification, bag scans
// and refusals are forgotten.
func (db *DB) AbandonHandoff(ctx context.Context, ref string, staffID int64) (HandoffResult, error) {
	return db.handoffStep(ctx, ref, staffID, func(h *pickup.Handoff, _ time.Time) (pickup.Effect, error) { return h.Abandon() })
}

// UnlockPickup releases an order locked by wrong pickup codes, with a
// supervisor's PIN (see CheckSupervisor).
func (db *DB) UnlockPickup(ctx context.Context, ref string, staffID, supervisorID int64, pin string) (HandoffResult, error) {
	return db.UnlockPickupBy(ctx, ref, staffID, Approval{SupervisorID: supervisorID, PIN: pin})
}

// UnlockPickupBy releases a locked order with a supervisor's badge or PIN
// (see CheckApproval).
func (db *DB) UnlockPickupBy(ctx context.Context, ref string, staffID int64, approval Approval) (HandoffResult, error) {
	sup, err := db.CheckApproval(ctx, approval)
	if err != nil {
		return HandoffResult{}, fmt.Errorf("unlock %s: %w", ref, err)
	}
	return db.handoffStep(ctx, ref, staffID, func(h *pickup.Handoff, _ time.Time) (pickup.Effect, error) {
		return h.Unlock(sup.ID)
	})
}

func (db *DB) handoffStep(ctx context.Context, ref string, staffID int64, decide func(*pickup.Handoff, time.Time) (pickup.Effect, error)) (HandoffResult, error) {
	var res HandoffResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		h, _, err := loadHandoff(ctx, tx, ref)
		if err != nil {
			return err
		}
		e, err := decide(h, db.Now())
		if err != nil {
			return err
		}
		if err := db.persistHandoff(ctx, tx, h, e, staffID); err != nil {
			return err
		}
		h.Apply(e)
		res = HandoffResult{Effect: e, Handoff: h}
		return nil
	})
	if err != nil {
		return HandoffResult{}, fmt.Errorf("handoff %s: %w", ref, err)
	}
	// Committed, yet refused: a wrong code counts.
	if err := res.Effect.Err(); err != nil {
		return res, err
	}
	return res, nil
}

func (db *DB) persistHandoff(ctx context.Context, tx *sql.Tx, h *pickup.Handoff, e pickup.Effect, staffID int64) error {
	now := db.Now().Unix()
	exec := func(q string, args ...any) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}
	event := func(typ string, payload any) error {
		_, err := db.recordEvent(ctx, tx, typ, h.OrderRef, staffID, payload)
		return err
	}
	switch e.Kind {
	case pickup.EffectNone:
		return nil
	case pickup.EffectArrive:
		if err := exec("UPDATE pickups SET arrived_at = ? WHERE order_id = ?", e.At.Unix(), h.OrderID); err != nil {
			return err
		}
		return event(core.EventPickupCustomerArrived, core.PickupCustomerArrived{Where: "counter"})
	case pickup.EffectCurbside:
		if err := exec(`UPDATE pickups SET curbside_bay = ?, curbside_car = ?, arrived_at = COALESCE(arrived_at, ?) WHERE order_id = ?`,
			e.Curbside.Bay, e.Curbside.Car, e.At.Unix(), h.OrderID); err != nil {
			return err
		}
		return event(core.EventPickupCustomerArrived, core.PickupCustomerArrived{Where: "curbside", Bay: e.Curbside.Bay, Car: e.Curbside.Car})
	case pickup.EffectWrongCode:
		var locked any
		if e.Lock {
			locked = now
		}
		if err := exec("UPDATE pickups SET wrong_codes = ?, locked_at = COALESCE(locked_at, ?) WHERE order_id = ?", e.Attempts, locked, h.OrderID); err != nil {
			return err
		}
		if err := event(core.EventPickupCodeRejected, core.PickupCodeRejected{Attempt: e.Attempts}); err != nil {
			return err
		}
		if e.Lock {
			return event(core.EventPickupLocked, core.PickupLocked{WrongCodes: e.Attempts})
		}
		return nil
	case pickup.EffectVerify:
		v := e.Verification
		if err := exec(`UPDATE pickups SET verified_method = ?, verified_collector = ?, verified_name = ?, verified_id_type = ?,
				verified_by = ?, verified_at = ? WHERE order_id = ?`,
			v.Method, v.Collector, v.Name, v.IDType, v.StaffID, v.At.Unix(), h.OrderID); err != nil {
			return err
		}
		return event(core.EventPickupVerified, core.PickupVerified{Method: v.Method, Collector: v.Collector, IDType: v.IDType})
	case pickup.EffectHandBag:
		if err := exec("UPDATE pickup_bags SET handed_at = ? WHERE order_id = ? AND n = ?", now, h.OrderID, e.Bag); err != nil {
			return err
		}
		return event(core.EventPickupBagHanded, core.PickupBagHanded{Bag: e.Bag, Shelf: e.ShelfCode})
	case pickup.EffectRefuse:
		if err := exec(`INSERT INTO pickup_refusals(order_id, line_id, qty, reason) VALUES(?, ?, ?, ?)
			ON CONFLICT(order_id, line_id) DO UPDATE SET qty = qty + excluded.qty, reason = excluded.reason`,
			h.OrderID, e.LineID, e.Qty, e.Reason); err != nil {
			return err
		}
		sku := ""
		for _, l := range h.Lines {
			if l.ID == e.LineID {
				sku = l.SKU
			}
		}
		return event(core.EventPickupItemRefused, core.PickupItemRefused{Line: e.LineID, SKU: sku, Qty: e.Qty, Reason: e.Reason})
	case pickup.EffectComplete:
		return db.recordHandoff(ctx, tx, h, e, staffID)
	case pickup.EffectAbandon:
		if err := exec(`UPDATE pickups SET verified_method = NULL, verified_collector = '', verified_name = '', verified_id_type = '',
				verified_by = NULL, verified_at = NULL WHERE order_id = ?`, h.OrderID); err != nil {
			return err
		}
		if err := exec("UPDATE pickup_bags SET handed_at = NULL WHERE order_id = ?", h.OrderID); err != nil {
			return err
		}
		if err := exec("DELETE FROM pickup_refusals WHERE order_id = ?", h.OrderID); err != nil {
			return err
		}
		return event(core.EventPickupAbandoned, core.PickupAbandoned{})
	case pickup.EffectUnlock:
		if err := exec("UPDATE pickups SET wrong_codes = 0, locked_at = NULL WHERE order_id = ?", h.OrderID); err != nil {
			return err
		}
		return event(core.EventPickupUnlocked, core.PickupUnlocked{Supervisor: e.By})
	case pickup.EffectExpire:
		return db.recordExpiry(ctx, tx, h, e, staffID)
	}
	return fmt.Errorf("unknown handoff effect %q", e.Kind)
}

// recordHandoff writes the handoff (the only way an order becomes
// collected: a trigger refuses the status without this row), the refused
// units as return-to-stock tasks, and the events.
func (db *DB) recordHandoff(ctx context.Context, tx *sql.Tx, h *pickup.Handoff, e pickup.Effect, staffID int64) error {
	now := db.Now().Unix()
	v := e.Verification
	var bay, car string
	if h.Curbside != nil {
		bay, car = h.Curbside.Bay, h.Curbside.Car
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO pickup_handoffs(order_id, staff_id, at, method, collector, collector_name, id_type,
			verified_by, verified_at, curbside_bay, curbside_car) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.OrderID, staffID, now, v.Method, v.Collector, v.Name, v.IDType, v.StaffID, v.At.Unix(), bay, car); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'collected', updated_at = ? WHERE id = ? AND status = 'staged'", now, h.OrderID); err != nil {
		return err
	}
	for _, r := range e.Refused {
		if _, err := tx.ExecContext(ctx, `INSERT INTO restock_tasks(order_id, line_id, product_id, qty, reason, created_at)
			SELECT order_id, id, product_id, ?, 'refused', ? FROM order_lines WHERE id = ?`, r.Qty, now, r.LineID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM pickup_refusals WHERE order_id = ?", h.OrderID); err != nil {
		return err
	}
	p := core.OrderCollectedPayload{Method: v.Method, Collector: v.Collector, VerifiedBy: v.StaffID,
		VerifiedAt: v.At.UTC().Format(time.RFC3339), Bags: len(h.Bags), IDType: v.IDType, Refused: e.Refused}
	if bay != "" {
		p.Curbside = &core.CurbsideSpot{Bay: bay, Car: car}
	}
	if _, err := db.recordEvent(ctx, tx, core.EventOrderCollected, h.OrderRef, staffID, p); err != nil {
		return err
	}
	if len(e.Refused) > 0 {
		_, err := db.recordEvent(ctx, tx, core.EventPickupRefundDue, h.OrderRef, staffID, core.PickupRefundDue{Items: e.Refused})
		return err
	}
	return nil
}

// HandoffRecord is how an order was handed over.
type HandoffRecord struct {
	StaffID    int64
	At         time.Time
	Method     string
	Collector  string
	Name       string
	IDType     string
	VerifiedBy int64
	VerifiedAt time.Time
	Bay, Car   string
}

// HandoffRecord returns how a collected order was handed over.
func (db *DB) HandoffRecord(ctx context.Context, ref string) (HandoffRecord, error) {
	var r HandoffRecord
	var at, vat int64
	err := db.sql.QueryRowContext(ctx, `SELECT h.staff_id, h.at, h.method, h.collector, h.collector_name, h.id_type, h.verified_by,
			h.verified_at, h.curbside_bay, h.curbside_car
		FROM pickup_handoffs h JOIN orders o ON o.id = h.order_id WHERE o.external_id = ?`, ref).
		Scan(&r.StaffID, &at, &r.Method, &r.Collector, &r.Name, &r.IDType, &r.VerifiedBy, &vat, &r.Bay, &r.Car)
	if isNoRows(err) {
		return r, core.Errorf(core.ENOTFOUND, "no_handoff", "Order %s has not been handed over.", ref)
	}
	if err != nil {
		return r, fmt.Errorf("handoff record %s: %w", ref, err)
	}
	r.At, r.VerifiedAt = time.Unix(at, 0), time.Unix(vat, 0)
	return r, nil
}
