package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
)

// ReturnRules returns the disposition table in the order rules are tried.
func (db *DB) ReturnRules(ctx context.Context) (returns.Rules, error) {
	var rules returns.Rules
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		rules, err = db.returnRules(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("return rules: %w", err)
	}
	return rules, nil
}

// SetReturnRules replaces the disposition table, in order, after checking
// every rule. Rules get new ids (ids already recorded on inspected items
// keep pointing at the rule that decided them in the audit). The change is
// an event, so the hub knows which table decided which refund.
func (db *DB) SetReturnRules(ctx context.Context, staffID int64, rules returns.Rules) error {
	if err := rules.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM return_rules"); err != nil {
			return err
		}
		for i, r := range rules {
			if _, err := tx.ExecContext(ctx, `INSERT INTO return_rules(position, reason, grade, category, min_days, max_days,
					disposition, refund_pct, note) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				i+1, r.Reason, int(r.Grade), r.Category, r.MinDays, r.MaxDays, string(r.Disposition), r.RefundPct, r.Note); err != nil {
				return err
			}
		}
		stored, err := db.returnRules(ctx, tx)
		if err != nil {
			return err
		}
		records := make([]core.ReturnRuleRecord, 0, len(stored))
		for _, r := range stored {
			records = append(records, core.ReturnRuleRecord{ID: r.ID, Reason: r.Reason, Grade: r.Grade, Category: r.Category,
				MinDays: r.MinDays, MaxDays: r.MaxDays, Disposition: r.Disposition, RefundPct: r.RefundPct, Note: r.Note})
		}
		_, err = db.recordEvent(ctx, tx, core.EventReturnRulesChanged, "", staffID, core.ReturnRulesChanged{Rules: records})
		return err
	})
	if err != nil {
		return fmt.Errorf("set return rules: %w", err)
	}
	return nil
}

// ReturnPolicy returns the fraud thresholds in force.
func (db *DB) ReturnPolicy(ctx context.Context) (returns.Policy, error) {
	var p returns.Policy
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		p, err = db.returnPolicy(ctx, tx)
		return err
	})
	return p, err
}

// SetReturnPolicy stores the fraud thresholds.
func (db *DB) SetReturnPolicy(ctx context.Context, p returns.Policy) error {
	if p.WeightTolerancePct < 0 || p.WeightToleranceG < 0 || p.FrequentReturns < 0 || p.FrequentDays < 0 {
		return core.Errorf(core.EINVALID, "bad_policy", "Thresholds cannot be negative.")
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		for k, v := range map[string]int{SettingReturnWeightPct: p.WeightTolerancePct, SettingReturnWeightG: p.WeightToleranceG,
			SettingReturnFrequentN: p.FrequentReturns, SettingReturnFrequentDays: p.FrequentDays} {
			if err := setSetting(ctx, tx, k, strconv.Itoa(v)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set return policy: %w", err)
	}
	return nil
}

// ReturnChecklists returns the checklists by product category ("" for any
// other category).
func (db *DB) ReturnChecklists(ctx context.Context) (map[string][]string, error) {
	var m map[string][]string
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		m, err = db.returnChecklists(ctx, tx)
		return err
	})
	return m, err
}
