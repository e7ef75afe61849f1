package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/stationhand/stationhand/core/sscc"
)

// SkipSSCCsThrough moves this terminal's SSCC counter past code, the highest
// SSCC the hub holds from this terminal, when code is of the terminal's
// range and the counter is not already past it: a database restored from
// an older copy gets its counter back with the file and would print serials
// already on parcels. It reports whether the counter moved. An SSCC of
// another range (the terminal was given a new one since) changes nothing.
// Most calls find the counter ahead and only read.
func (db *DB) SkipSSCCsThrough(ctx context.Context, code string) (bool, error) {
	if code == "" {
		return false, nil
	}
	r, next, ok, err := db.SSCCRange(ctx)
	if err != nil || !ok {
		return false, err
	}
	serial, ok := serialIn(r, code)
	if !ok || serial < next {
		return false, nil
	}
	var moved bool
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := db.txExec(ctx, tx, `UPDATE sscc_range SET next = ? WHERE id = 1 AND next <= ?
			AND company_prefix = ? AND extension = ?`, serial+1, serial, r.CompanyPrefix, r.Extension)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		moved = n > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("move the SSCC counter past %s: %w", code, err)
	}
	return moved, nil
}

// serialIn returns the serial reference of code when it is an SSCC of r.
func serialIn(r sscc.Range, code string) (int64, bool) {
	head := strconv.Itoa(r.Extension) + r.CompanyPrefix
	if !sscc.Valid(code) || len(head) >= sscc.Length-1 || code[:len(head)] != head {
		return 0, false
	}
	serial, err := strconv.ParseInt(code[len(head):sscc.Length-1], 10, 64)
	if err != nil || !r.Contains(serial) {
		return 0, false
	}
	return serial, true
}
