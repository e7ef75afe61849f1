package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/core/scan"
)

// ReturnResult is what one accepted inspection step did.
type ReturnResult struct {
	Effect returns.Effect
	// Inspection is the state afterwards, without the checklists; after a
	// scan also without the rules and policy (a scan does not read them):
	// call Inspection for the whole state, to preview a grade's decision.
	Inspection *returns.Inspection
}

// Approval is a supervisor's consent given at the station: their badge
// scanned, or who they are and their PIN, which the store checks (see
// CheckApproval) before anything is written.
type Approval struct {
	SupervisorID int64
	PIN          string
	Badge        string // the badge's id after its prefix; set, it is enough
}

// InspectScan applies one scan to a return: an item out of the parcel, or
// the bin a restocked item went into. The change and its events commit
// together; a refused scan writes nothing and the error says why.
func (db *DB) InspectScan(ctx context.Context, rma string, staffID int64, code scan.Code) (ReturnResult, error) {
	return db.returnStep(ctx, rma, staffID, false, func(tx *sql.Tx, in *returns.Inspection) (returns.Effect, error) {
		inp, err := db.resolveReturnScan(ctx, tx, in, code)
		if err != nil {
			return returns.Effect{}, err
		}
		return in.Scan(inp)
	})
}

// InspectConfirm grades the item in hand and fixes its disposition and
// refund share: the rules' decision, or an override. An override that
// raises the refund needs approval, a supervisor's PIN checked here; any
// supervisor id the caller put in the override is ignored. Photos must be
// files on this station.
func (db *DB) InspectConfirm(ctx context.Context, rma string, staffID int64, c returns.Confirmation, approval *Approval) (ReturnResult, error) {
	if c.Override != nil {
		o := *c.Override
		o.SupervisorID = 0
		if approval != nil {
			s, err := db.CheckApproval(ctx, *approval)
			if err != nil {
				return ReturnResult{}, fmt.Errorf("return %s: %w", rma, err)
			}
			o.SupervisorID = s.ID
		}
		c.Override = &o
	}
	photos := make([]string, 0, len(c.Photos))
	for _, p := range c.Photos {
		abs, err := filepath.Abs(p)
		if err == nil {
			var fi os.FileInfo
			if fi, err = os.Stat(abs); err == nil && !fi.Mode().IsRegular() {
				err = fmt.Errorf("not a file")
			}
		}
		if err != nil {
			return ReturnResult{}, core.Errorf(core.EINVALID, "bad_photo", "Photo %s cannot be attached: it is not a file on this station.", p)
		}
		photos = append(photos, abs)
	}
	c.Photos = photos
	return db.returnStep(ctx, rma, staffID, true, func(_ *sql.Tx, in *returns.Inspection) (returns.Effect, error) {
		return in.Confirm(c, db.Now())
	})
}

// UndoReturnScan takes back the last unit scanned out of the parcel while
// it waits for its grade (see returns.Inspection.Undo).
func (db *DB) UndoReturnScan(ctx context.Context, rma string, staffID int64) (ReturnResult, error) {
	return db.returnStep(ctx, rma, staffID, false, func(_ *sql.Tx, in *returns.Inspection) (returns.Effect, error) { return in.Undo() })
}

// WeighReturn records the parcel's weight in grams.
func (db *DB) WeighReturn(ctx context.Context, rma string, staffID int64, grams int) (ReturnResult, error) {
	return db.returnStep(ctx, rma, staffID, true, func(_ *sql.Tx, in *returns.Inspection) (returns.Effect, error) {
		return in.Weigh(grams)
	})
}

// FinishReturn ends an inspection: the refund decision goes to the hub, or,
// with fraud signals, the return is held for a supervisor and no refund
// event is written. force finishes with announced items still missing.
func (db *DB) FinishReturn(ctx context.Context, rma string, staffID int64, force bool) (ReturnResult, error) {
	return db.returnStep(ctx, rma, staffID, true, func(_ *sql.Tx, in *returns.Inspection) (returns.Effect, error) {
		return in.Finish(force)
	})
}

// ReviewReturn records a supervisor's decision on a held return, after
// checking their PIN: approve sends the proposed refund to the hub, reject
// sends no refund with the note as the reason.
func (db *DB) ReviewReturn(ctx context.Context, rma string, staffID int64, approval Approval, approve bool, note string) (ReturnResult, error) {
	s, err := db.CheckApproval(ctx, approval)
	if err != nil {
		return ReturnResult{}, fmt.Errorf("return %s: %w", rma, err)
	}
	return db.returnStep(ctx, rma, staffID, true, func(_ *sql.Tx, in *returns.Inspection) (returns.Effect, error) {
		return in.Review(approve, s.ID, note)
	})
}

// returnStep loads the return in a write transaction, asks decide for the
// effect, persists it with its events and applies it. full loads what
// decides an item too (rules, policy); scans do without.
func (db *DB) returnStep(ctx context.Context, rma string, staffID int64, full bool, decide func(*sql.Tx, *returns.Inspection) (returns.Effect, error)) (ReturnResult, error) {
	rma = strings.ToUpper(strings.TrimSpace(rma))
	var res ReturnResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		in, err := db.loadInspection(ctx, tx, rma, full)
		if err != nil {
			return err
		}
		e, err := decide(tx, in)
		if err != nil {
			return err
		}
		if err := db.persistReturnEffect(ctx, tx, in, staffID, &e); err != nil {
			return err
		}
		in.Apply(e)
		res = ReturnResult{Effect: e, Inspection: in}
		return nil
	})
	if err != nil {
		return ReturnResult{}, fmt.Errorf("return %s: %w", rma, err)
	}
	return res, nil
}

// resolveReturnScan looks up what a scanned code names in this store: the
// product and, for a serialised unit, the order it was shipped on.
func (db *DB) resolveReturnScan(ctx context.Context, tx *sql.Tx, in *returns.Inspection, c scan.Code) (returns.Input, error) {
	inp := returns.Input{Code: c}
	switch c.Kind {
	case scan.KindGTIN, scan.KindGS1:
		p := &returns.Product{}
		err := db.txQueryRow(ctx, tx, `SELECT p.id, p.sku, p.name, p.category, p.capture_serial, p.capture_lot, `+homeBinSQL+`
			FROM product_codes c JOIN products p ON p.id = c.product_id WHERE c.code = ?`, c.GTIN).
			Scan(&p.ID, &p.SKU, &p.Name, &p.Category, &p.CaptureSerial, &p.CaptureLot, &p.HomeBin)
		switch {
		case isNoRows(err):
			return inp, nil
		case err != nil:
			return inp, err
		}
		inp.Product = p
		// Where the unit was shipped and whether it is on the order only
		// matter when it does not match an announced line: the usual scan
		// skips those look-ups.
		announced, shipped := false, false
		for _, l := range in.Lines {
			if l.ProductID == p.ID {
				announced = true
				shipped = shipped || l.Serials[c.Serial]
			}
		}
		if c.Serial != "" && !shipped {
			ref, err := db.serialShippedOn(ctx, tx, p.ID, c.Serial)
			if err != nil {
				return inp, err
			}
			inp.ShippedOn = ref
		}
		if !announced {
			err = db.txQueryRow(ctx, tx, `SELECT EXISTS(SELECT 1 FROM order_lines l JOIN orders o ON o.id = l.order_id
				WHERE o.external_id = ? AND l.product_id = ?)`, in.OrderRef, p.ID).Scan(&inp.OnOrder)
		}
		return inp, err
	case scan.KindBin:
		inp.BinCode = strings.ToUpper(c.ID)
		err := db.txQueryRow(ctx, tx, "SELECT id FROM bins WHERE code = ?", inp.BinCode).Scan(&inp.BinID)
		if err != nil && !isNoRows(err) {
			return inp, err
		}
	}
	return inp, nil
}

// serialShippedOn finds the order a serialised unit was shipped on: picked
// at this station, or listed by the hub on a return of that order. (The
// serial-not-empty terms let SQLite use the partial serial indexes.)
func (db *DB) serialShippedOn(ctx context.Context, tx *sql.Tx, productID int64, serial string) (string, error) {
	var ref string
	err := db.txQueryRow(ctx, tx, `SELECT ref FROM (
			SELECT o.external_id AS ref, a.id AS n FROM pick_actions a JOIN pick_tasks t ON t.id = a.task_id
				JOIN orders o ON o.id = t.order_id
				WHERE a.serial = ? AND a.serial <> '' AND t.product_id = ? AND a.kind = 'pick' AND a.undone = 0
			UNION ALL
			SELECT r.order_ref, 0 FROM return_line_units u JOIN return_lines l ON l.id = u.line_id
				JOIN returns r ON r.id = l.return_id JOIN products p ON p.sku = l.sku
				WHERE u.serial = ? AND u.serial <> '' AND p.id = ?)
		ORDER BY n DESC LIMIT 1`, serial, productID, serial, productID).Scan(&ref)
	if isNoRows(err) {
		return "", nil
	}
	return ref, err
}

// persistReturnEffect writes an effect and its events inside tx; for a
// received unit it sets the new item's id on e.
func (db *DB) persistReturnEffect(ctx context.Context, tx *sql.Tx, in *returns.Inspection, staffID int64, e *returns.Effect) error {
	now := db.Now().Unix()
	exec := func(q string, args ...any) error {
		_, err := db.txExec(ctx, tx, q, args...)
		return err
	}
	event := func(typ string, payload any) error {
		_, err := db.recordEvent(ctx, tx, typ, in.OrderRef, staffID, payload)
		return err
	}
	if in.Status == core.ReturnExpected {
		if err := exec("UPDATE returns SET status = 'inspecting', staff_id = ?, started_at = ?, updated_at = ? WHERE id = ?",
			staffID, now, now, in.ID); err != nil {
			return err
		}
	}
	it := in.Item(e.ItemID)

	switch e.Kind {
	case returns.EffectReceive:
		flagArgs, _ := json.Marshal(retNonNilMap(e.FlagText.Args))
		err := db.txQueryRow(ctx, tx, `INSERT INTO return_items(return_id, line_id, product_id, gtin, serial, lot, flag, flag_detail,
				flag_key, flag_args, status, staff_id, received_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?) RETURNING id`,
			in.ID, retNullID(e.LineID), retNullID(e.ProductID), e.GTIN, e.Serial, e.Lot, string(e.Flag), e.FlagDetail,
			e.FlagText.Key, string(flagArgs), staffID, now).Scan(&e.ItemID)
		if err != nil {
			return err
		}
		if e.Flag == "" {
			return event(core.EventReturnItemReceived, core.ReturnItemReceived{RMA: in.RMA, Item: e.ItemID, GTIN: e.GTIN,
				SKU: e.SKU, Serial: e.Serial, Lot: e.Lot, Line: in.Line(e.LineID).LineNo})
		}
		return event(core.EventReturnItemFlagged, core.ReturnItemFlagged{RMA: in.RMA, Item: e.ItemID, GTIN: e.GTIN,
			SKU: e.SKU, Serial: e.Serial, Lot: e.Lot, Flag: e.Flag, Detail: e.FlagDetail})

	case returns.EffectUndo:
		if err := exec("DELETE FROM return_items WHERE id = ? AND status = 'received'", e.ItemID); err != nil {
			return err
		}
		return event(core.EventReturnItemUndone, core.ReturnItemUndone{RMA: in.RMA, Item: e.ItemID, SKU: e.SKU, Serial: e.Serial, Flag: e.Flag})

	case returns.EffectConfirm:
		checklist, _ := json.Marshal(retNonNil(e.Checklist))
		if err := exec(`UPDATE return_items SET status = 'inspected', grade = ?, checklist = ?, notes = ?, rule_id = ?,
				disposition = ?, refund_pct = ?, refund_reason = ?, overridden = ?, inspected_at = ? WHERE id = ?`,
			int(e.Grade), string(checklist), e.Notes, retNullID(e.Rule.RuleID), string(e.Final.Disposition), e.Final.RefundPct,
			e.Final.Note, e.Override != nil, now, e.ItemID); err != nil {
			return err
		}
		for _, path := range e.Photos {
			if err := exec("INSERT INTO return_photos(item_id, path, attached_at) VALUES(?, ?, ?)", e.ItemID, path, now); err != nil {
				return err
			}
		}
		checks := make([]core.ReturnCheck, 0, len(e.Checklist))
		for _, c := range e.Checklist {
			checks = append(checks, core.ReturnCheck{Item: c.Item, OK: c.OK, State: c.State()})
		}
		p := core.ReturnItemInspected{RMA: in.RMA, Item: e.ItemID, SKU: it.SKU, Grade: e.Grade.Key(), Checklist: checks,
			Disposition: e.Final.Disposition, RefundPct: e.Final.RefundPct, Refund: core.RefundKindOf(e.Final.RefundPct),
			Rule: e.Rule.RuleID, Serial: it.Serial, Lot: it.Lot, Notes: e.Notes, RefundReason: e.Final.Note, Flag: it.Flag,
			Photos: e.Photos}
		if o := e.Override; o != nil {
			if err := exec(`INSERT INTO return_overrides(item_id, staff_id, supervisor_id, rule_id, from_disposition, from_refund_pct,
					to_disposition, to_refund_pct, reason, at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				e.ItemID, staffID, retNullID(o.SupervisorID), retNullID(e.Rule.RuleID), string(e.Rule.Disposition), e.Rule.RefundPct,
				string(o.Disposition), o.RefundPct, o.Reason, now); err != nil {
				return err
			}
			op := core.ReturnOverride{RMA: in.RMA, Item: e.ItemID, SKU: it.SKU, Reason: o.Reason,
				From:       core.ReturnDecision{Disposition: e.Rule.Disposition, RefundPct: e.Rule.RefundPct, Rule: e.Rule.RuleID},
				To:         core.ReturnDecision{Disposition: o.Disposition, RefundPct: o.RefundPct},
				Supervisor: o.SupervisorID}
			if err := event(core.EventReturnOverride, op); err != nil {
				return err
			}
			p.Overridden = true
		}
		return event(core.EventReturnItemInspected, p)

	case returns.EffectRestock:
		if err := exec("UPDATE return_items SET status = 'restocked', bin_id = ?, restocked_at = ? WHERE id = ?", e.BinID, now, e.ItemID); err != nil {
			return err
		}
		if err := exec(`INSERT INTO stock(bin_id, product_id, qty) VALUES(?, ?, 1)
			ON CONFLICT(product_id, bin_id) DO UPDATE SET qty = qty + 1`, e.BinID, e.ProductID); err != nil {
			return err
		}
		return event(core.EventReturnItemRestocked, core.ReturnItemRestocked{RMA: in.RMA, Item: e.ItemID, SKU: e.SKU, Bin: e.BinCode, Qty: 1})

	case returns.EffectWeigh:
		if err := exec("UPDATE returns SET received_weight_g = ?, updated_at = ? WHERE id = ?", e.WeightG, now, in.ID); err != nil {
			return err
		}
		return event(core.EventReturnWeighed, core.ReturnWeighed{RMA: in.RMA, WeightG: e.WeightG, ExpectedG: e.ExpectedG, Suspicious: e.Suspicious})

	case returns.EffectFinish:
		refund, _ := json.Marshal(e.Refund)
		flags, _ := json.Marshal(retNonNil(e.Flags))
		status := core.ReturnInspected
		if e.Held {
			status = core.ReturnHeld
		}
		if err := exec("UPDATE returns SET status = ?, refund = ?, flags = ?, finished_at = ?, updated_at = ? WHERE id = ?",
			string(status), string(refund), string(flags), now, now, in.ID); err != nil {
			return err
		}
		if e.Held {
			return event(core.EventReturnHeld, core.ReturnHeldPayload{RMA: in.RMA, Flags: returns.Notes(e.Flags), ProposedRefund: e.Refund})
		}
		return event(core.EventReturnRefund, core.ReturnRefundDecided{RMA: in.RMA, Refund: e.Refund, Unexpected: in.Unexpected})

	case returns.EffectReview:
		refund, _ := json.Marshal(e.Refund)
		if err := exec(`UPDATE returns SET status = 'inspected', refund = ?, reviewed_by = ?, review_note = ?, updated_at = ? WHERE id = ?`,
			string(refund), e.SupervisorID, e.Note, now, in.ID); err != nil {
			return err
		}
		if err := event(core.EventReturnReviewed, core.ReturnReviewedPayload{RMA: in.RMA, Supervisor: e.SupervisorID, Approved: e.Approved,
			Note: e.Note, Flags: returns.Notes(in.Flags)}); err != nil {
			return err
		}
		return event(core.EventReturnRefund, core.ReturnRefundDecided{RMA: in.RMA, Refund: e.Refund, Unexpected: in.Unexpected, ReviewedBy: e.SupervisorID})
	}
	return fmt.Errorf("unknown return effect %q", e.Kind)
}

func retNullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func retNonNilMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func retNonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
