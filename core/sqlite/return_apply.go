package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// applyReturn stores a return the hub announced, or changes one. A return
// nobody has opened yet takes the hub's lines as they are; once the
// inspector has started, the work done here wins and only the customer's
// return count is updated. A withdrawn return that is already being
// inspected becomes an exception for a person.
func (db *DB) applyReturn(ctx context.Context, tx *sql.Tx, r core.Return) error {
	if r.RMA = strings.ToUpper(strings.TrimSpace(r.RMA)); r.RMA == "" {
		return core.Errorf(core.EINVALID, "return", "A return needs an RMA number.")
	}
	for i, l := range r.Lines {
		if l.SKU == "" || l.Qty <= 0 {
			return core.Errorf(core.EINVALID, "return", "Line %d of return %s needs a SKU and a quantity.", i+1, r.RMA)
		}
	}
	customer, _ := json.Marshal(r.Customer)
	now := db.Now().Unix()

	var id int64
	var status string
	err := tx.QueryRowContext(ctx, "SELECT id, status FROM returns WHERE rma = ?", r.RMA).Scan(&id, &status)
	switch {
	case isNoRows(err):
		if r.Status == core.ReturnCancelled {
			return nil // withdrawn before it ever reached this station
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO returns(rma, order_ref, customer, customer_name, customer_key,
				customer_returns, package_sscc, status, unexpected, delivered_at, shipped_weight_g, created_at, updated_at)
			VALUES(?, ?, ?, ?, ?, ?, ?, 'expected', ?, ?, ?, ?, ?) RETURNING id`,
			r.RMA, r.OrderRef, string(customer), r.Customer.Name, retCustomerKey(r.Customer), r.CustomerReturns,
			r.PackageSSCC, r.Unexpected, retUnix(r.DeliveredAt), r.ShippedWeightG, retCreatedAt(r, now), now).Scan(&id)
		if err != nil {
			return err
		}
		return insertReturnLines(ctx, tx, id, r.Lines)
	case err != nil:
		return err
	}

	if core.ReturnStatus(status) != core.ReturnExpected {
		if r.Status == core.ReturnCancelled && core.ReturnStatus(status) == core.ReturnInspecting {
			msg := fmt.Sprintf("Return %s was withdrawn while it was being inspected: ask a supervisor what to do with the items.", r.RMA)
			if err := db.addException(ctx, tx, "return_withdrawn", r.OrderRef, msg, ExceptionText{"return_withdrawn", map[string]any{"RMA": r.RMA}}, map[string]string{"rma": r.RMA}); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE returns SET customer_returns = ?, updated_at = ? WHERE id = ?", r.CustomerReturns, now, id)
		return err
	}
	if r.Status == core.ReturnCancelled {
		_, err := tx.ExecContext(ctx, "UPDATE returns SET status = 'cancelled', updated_at = ? WHERE id = ?", now, id)
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE returns SET order_ref = ?, customer = ?, customer_name = ?, customer_key = ?,
			customer_returns = ?, package_sscc = ?, delivered_at = ?, shipped_weight_g = ?, updated_at = ? WHERE id = ?`,
		r.OrderRef, string(customer), r.Customer.Name, retCustomerKey(r.Customer), r.CustomerReturns, r.PackageSSCC,
		retUnix(r.DeliveredAt), r.ShippedWeightG, now, id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM return_lines WHERE return_id = ?", id); err != nil {
		return err
	}
	return insertReturnLines(ctx, tx, id, r.Lines)
}

func insertReturnLines(ctx context.Context, tx *sql.Tx, returnID int64, lines []core.ReturnLine) error {
	for i, l := range lines {
		lineNo := l.LineNo
		if lineNo == 0 {
			lineNo = i + 1
		}
		var lineID int64
		err := tx.QueryRowContext(ctx, `INSERT INTO return_lines(return_id, line_no, sku, name, qty, reason, comment)
			VALUES(?, ?, ?, ?, ?, ?, ?) RETURNING id`, returnID, lineNo, l.SKU, l.Name, l.Qty, l.Reason, l.Comment).Scan(&lineID)
		if err != nil {
			return fmt.Errorf("line %d: %w", lineNo, err)
		}
		for _, s := range l.Serials {
			if _, err := tx.ExecContext(ctx, "INSERT INTO return_line_units(line_id, serial) VALUES(?, ?)", lineID, s); err != nil {
				return err
			}
		}
		for _, lot := range l.Lots {
			if _, err := tx.ExecContext(ctx, "INSERT INTO return_line_units(line_id, lot) VALUES(?, ?)", lineID, lot); err != nil {
				return err
			}
		}
	}
	return nil
}

// customerKey identifies a customer across returns: the e-mail address when
// there is one, else the name.
func retCustomerKey(c core.Customer) string {
	if e := strings.TrimSpace(c.Email); e != "" {
		return strings.ToLower(e)
	}
	return strings.ToLower(strings.TrimSpace(c.Name))
}

func retCreatedAt(r core.Return, now int64) int64 {
	if r.CreatedAt.IsZero() {
		return now
	}
	return r.CreatedAt.Unix()
}

// retUnix is t in unix seconds, 0 for the zero time.
func retUnix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// retTime is the inverse of retUnix.
func retTime(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}
