package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
)

// Settings of the return fraud policy; absent keys take returns.DefaultPolicy.
const (
	SettingReturnWeightPct    = "returns.weight_tolerance_pct"
	SettingReturnWeightG      = "returns.weight_tolerance_g"
	SettingReturnFrequentN    = "returns.frequent_returns"
	SettingReturnFrequentDays = "returns.frequent_days"
	// SettingReturnPhotoDir is the folder the station's camera saves photos
	// into; the inspection screen attaches new files from it.
	SettingReturnPhotoDir = "returns.photo_dir"
)

// homeBinSQL finds where a product is usually stocked: the bin holding most.
const homeBinSQL = `COALESCE((SELECT b.code FROM stock s JOIN bins b ON b.id = s.bin_id WHERE s.product_id = p.id
	ORDER BY s.qty DESC, b.walk_seq LIMIT 1), '')`

// loadInspection reads a return's state inside tx: what was announced and
// shipped, and what was received. With decide, it also reads what decides
// it (the rules, fraud policy and the customer's return count), which a
// scan does not need. Checklists are for the screen: Inspection reads them.
func (db *DB) loadInspection(ctx context.Context, tx *sql.Tx, rma string, decide bool) (*returns.Inspection, error) {
	in := &returns.Inspection{RMA: rma}
	var customer, status, refund, flags string
	var delivered int64
	err := db.txQueryRow(ctx, tx, `SELECT id, order_ref, customer, customer_key, customer_returns, status, unexpected,
			delivered_at, shipped_weight_g, received_weight_g, refund, flags, created_at FROM returns WHERE rma = ?`, rma).
		Scan(&in.ID, &in.OrderRef, &customer, new(string), &in.CustomerReturns, &status, &in.Unexpected,
			&delivered, &in.ShippedWeightG, &in.ReceivedWeightG, &refund, &flags, new(int64))
	if isNoRows(err) {
		return nil, core.Errorf(core.ENOTFOUND, core.ErrNoReturn.Reason, "Return %s is not on record here.", rma)
	}
	if err != nil {
		return nil, err
	}
	in.Status, in.DeliveredAt = core.ReturnStatus(status), retTime(delivered)
	if err := json.Unmarshal([]byte(customer), &in.Customer); err != nil {
		return nil, fmt.Errorf("customer of return %s: %w", rma, err)
	}
	if refund != "" {
		in.Refund = new(returns.Refund)
		if err := json.Unmarshal([]byte(refund), in.Refund); err != nil {
			return nil, fmt.Errorf("refund of return %s: %w", rma, err)
		}
	}
	if err := json.Unmarshal([]byte(flags), &in.Flags); err != nil {
		return nil, fmt.Errorf("flags of return %s: %w", rma, err)
	}
	if err := db.loadReturnLines(ctx, tx, in); err != nil {
		return nil, err
	}
	if err := db.loadReturnItems(ctx, tx, in); err != nil {
		return nil, err
	}
	if !decide {
		return in, nil
	}
	if in.Rules, err = db.returnRules(ctx, tx); err != nil {
		return nil, err
	}
	if in.Policy, err = db.returnPolicy(ctx, tx); err != nil {
		return nil, err
	}
	// The customer's returns: the hub's count across stores, or this
	// station's own when it knows of more.
	var local int
	since := db.Now().Add(-time.Duration(in.Policy.FrequentDays) * 24 * time.Hour).Unix()
	err = db.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM returns WHERE customer_key = (SELECT customer_key FROM returns WHERE id = ?)
		AND customer_key <> '' AND created_at >= ? AND status <> 'cancelled'`, in.ID, since).Scan(&local)
	if err != nil {
		return nil, err
	}
	in.CustomerReturns = max(in.CustomerReturns, local)
	return in, nil
}

func (db *DB) loadReturnLines(ctx context.Context, tx *sql.Tx, in *returns.Inspection) error {
	rows, err := db.txQuery(ctx, tx, `SELECT l.id, l.line_no, COALESCE(p.id, 0), l.sku, COALESCE(p.name, l.name),
			COALESCE(p.category, ''), COALESCE(p.weight_g, 0), l.qty, l.reason, l.comment,
			COALESCE(p.capture_serial, 0), COALESCE(p.capture_lot, 0),
			COALESCE((SELECT code FROM product_codes c WHERE c.product_id = p.id ORDER BY code LIMIT 1), ''), `+homeBinSQL+`
		FROM return_lines l LEFT JOIN products p ON p.sku = l.sku WHERE l.return_id = ? ORDER BY l.line_no`, in.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		l := returns.Line{Serials: map[string]bool{}, Lots: map[string]bool{}}
		if err := rows.Scan(&l.ID, &l.LineNo, &l.ProductID, &l.SKU, &l.Name, &l.Category, &l.WeightG, &l.Qty, &l.Reason, &l.Comment,
			&l.CaptureSerial, &l.CaptureLot, &l.GTIN, &l.HomeBin); err != nil {
			rows.Close()
			return err
		}
		l.GTIN = scannableGTIN(l.GTIN)
		in.Lines = append(in.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	// What was shipped: the hub's list per line…
	rows, err = db.txQuery(ctx, tx, `SELECT u.line_id, u.serial, u.lot FROM return_line_units u
		JOIN return_lines l ON l.id = u.line_id WHERE l.return_id = ?`, in.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var lineID int64
		var serial, lot string
		if err := rows.Scan(&lineID, &serial, &lot); err != nil {
			rows.Close()
			return err
		}
		if l := in.Line(lineID); l != nil {
			addUnit(l, serial, lot)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// …and what this station picked for the order, by product.
	rows, err = db.txQuery(ctx, tx, `SELECT t.product_id, a.serial, a.lot FROM orders o
		JOIN pick_tasks t ON t.order_id = o.id JOIN pick_actions a ON a.batch_id = t.batch_id AND a.task_id = t.id
		WHERE o.external_id = ? AND a.kind = 'pick' AND a.undone = 0 AND (a.serial <> '' OR a.lot <> '')`, in.OrderRef)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var productID int64
		var serial, lot string
		if err := rows.Scan(&productID, &serial, &lot); err != nil {
			return err
		}
		for i := range in.Lines {
			if in.Lines[i].ProductID == productID {
				addUnit(&in.Lines[i], serial, lot)
			}
		}
	}
	return rows.Err()
}

func addUnit(l *returns.Line, serial, lot string) {
	if serial != "" {
		l.Serials[serial] = true
	}
	if lot != "" {
		l.Lots[lot] = true
	}
}

func (db *DB) loadReturnItems(ctx context.Context, tx *sql.Tx, in *returns.Inspection) error {
	rows, err := db.txQuery(ctx, tx, `SELECT i.id, COALESCE(i.line_id, 0), COALESCE(i.product_id, 0), COALESCE(p.sku, ''),
			COALESCE(p.name, ''), COALESCE(p.category, ''), i.gtin, i.serial, i.lot, i.flag, i.flag_detail, i.flag_key, i.flag_args, i.status,
			i.grade, COALESCE(i.rule_id, 0), i.disposition, i.refund_pct, i.refund_reason, i.overridden,
			COALESCE(b.code, ''), `+homeBinSQL+`
		FROM return_items i LEFT JOIN products p ON p.id = i.product_id LEFT JOIN bins b ON b.id = i.bin_id
		WHERE i.return_id = ? ORDER BY i.id`, in.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it returns.Item
		var flag, flagArgs, status, disposition string
		if err := rows.Scan(&it.ID, &it.LineID, &it.ProductID, &it.SKU, &it.Name, &it.Category, &it.GTIN, &it.Serial, &it.Lot,
			&flag, &it.FlagDetail, &it.FlagText.Key, &flagArgs, &status, &it.Grade, &it.RuleID, &disposition, &it.RefundPct, &it.RefundReason,
			&it.Overridden, &it.BinCode, &it.HomeBin); err != nil {
			return err
		}
		it.Flag, it.Status, it.Disposition = core.ReturnFlag(flag), returns.ItemStatus(status), core.Disposition(disposition)
		if err := json.Unmarshal([]byte(flagArgs), &it.FlagText.Args); err != nil {
			return fmt.Errorf("flag of return item %d: %w", it.ID, err)
		}
		in.Items = append(in.Items, it)
	}
	return rows.Err()
}

func (db *DB) returnRules(ctx context.Context, tx *sql.Tx) (returns.Rules, error) {
	rows, err := db.txQuery(ctx, tx, `SELECT id, reason, grade, category, min_days, max_days, disposition, refund_pct, note
		FROM return_rules ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rules returns.Rules
	for rows.Next() {
		var r returns.Rule
		var d string
		if err := rows.Scan(&r.ID, &r.Reason, &r.Grade, &r.Category, &r.MinDays, &r.MaxDays, &d, &r.RefundPct, &r.Note); err != nil {
			return nil, err
		}
		r.Disposition = core.Disposition(d)
		rules = append(rules, r)
	}
	return rules, rows.Err()
}

func (db *DB) returnChecklists(ctx context.Context, tx *sql.Tx) (map[string][]string, error) {
	rows, err := db.txQuery(ctx, tx, "SELECT category, item FROM return_checklists ORDER BY category, position")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	lists := map[string][]string{}
	for rows.Next() {
		var cat, item string
		if err := rows.Scan(&cat, &item); err != nil {
			return nil, err
		}
		lists[cat] = append(lists[cat], item)
	}
	return lists, rows.Err()
}

func (db *DB) returnPolicy(ctx context.Context, tx *sql.Tx) (returns.Policy, error) {
	p := returns.DefaultPolicy
	rows, err := db.txQuery(ctx, tx, "SELECT key, value FROM settings WHERE key IN (?, ?, ?, ?)",
		SettingReturnWeightPct, SettingReturnWeightG, SettingReturnFrequentN, SettingReturnFrequentDays)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return p, err
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			continue // a broken setting keeps the default
		}
		switch k {
		case SettingReturnWeightPct:
			p.WeightTolerancePct = n
		case SettingReturnWeightG:
			p.WeightToleranceG = n
		case SettingReturnFrequentN:
			p.FrequentReturns = n
		case SettingReturnFrequentDays:
			p.FrequentDays = n
		}
	}
	return p, rows.Err()
}

// Inspection returns a return's whole current state, by RMA number, with
// the rules, checklists and policy that decide it.
func (db *DB) Inspection(ctx context.Context, rma string) (*returns.Inspection, error) {
	var in *returns.Inspection
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		if in, err = db.loadInspection(ctx, tx, strings.ToUpper(strings.TrimSpace(rma)), true); err != nil {
			return err
		}
		in.Checklists, err = db.returnChecklists(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("return %s: %w", rma, err)
	}
	return in, nil
}
