package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sscc"
)

// SSCCRange returns the range this terminal numbers its packages from and
// the next serial reference it will use. ok is false when none is set.
func (db *DB) SSCCRange(ctx context.Context) (r sscc.Range, next int64, ok bool, err error) {
	err = db.sql.QueryRowContext(ctx, "SELECT company_prefix, extension, first, last, next FROM sscc_range WHERE id = 1").
		Scan(&r.CompanyPrefix, &r.Extension, &r.First, &r.Last, &next)
	if isNoRows(err) {
		return r, 0, false, nil
	}
	if err != nil {
		return r, 0, false, fmt.Errorf("SSCC range: %w", err)
	}
	return r, next, true, nil
}

// SetSSCCRange sets the GS1 company prefix and the block of serial
// references this terminal numbers its packages from (see sscc.ForTerminal).
// Each terminal must get its own block. Setting the range it already has,
// or a wider one, keeps its place; SSCCs this terminal already issued are
// skipped in any case.
func (db *DB) SetSSCCRange(ctx context.Context, r sscc.Range) error {
	if err := r.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		var prefix string
		var ext int
		var next int64
		err := db.txQueryRow(ctx, tx, "SELECT company_prefix, extension, next FROM sscc_range WHERE id = 1").Scan(&prefix, &ext, &next)
		if err != nil && !isNoRows(err) {
			return err
		}
		if err != nil || prefix != r.CompanyPrefix || ext != r.Extension || !r.Contains(next) {
			next = r.First
		}
		_, err = db.txExec(ctx, tx, `INSERT INTO sscc_range(id, company_prefix, extension, first, last, next) VALUES(1, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET company_prefix = excluded.company_prefix, extension = excluded.extension,
				first = excluded.first, last = excluded.last, next = excluded.next`,
			r.CompanyPrefix, r.Extension, r.First, r.Last, next)
		return err
	})
	if err != nil {
		return fmt.Errorf("set SSCC range: %w", err)
	}
	return nil
}

// allocateSSCC takes the next SSCC of the terminal's range inside tx, the
// transaction that closes the package: committed together, or not at all.
func (db *DB) allocateSSCC(ctx context.Context, tx *sql.Tx) (code, prefix string, err error) {
	var r sscc.Range
	var next int64
	err = db.txQueryRow(ctx, tx, "SELECT company_prefix, extension, first, last, next FROM sscc_range WHERE id = 1").
		Scan(&r.CompanyPrefix, &r.Extension, &r.First, &r.Last, &next)
	if isNoRows(err) {
		return "", "", core.ErrSSCCNotSet
	}
	if err != nil {
		return "", "", err
	}
	for n := max(next, r.First); n <= r.Last; n++ {
		code, err := r.SSCC(n)
		if err != nil {
			return "", "", err
		}
		var used bool
		if err := db.txQueryRow(ctx, tx, "SELECT EXISTS(SELECT 1 FROM packages WHERE sscc = ?)", code).Scan(&used); err != nil {
			return "", "", err
		}
		if used {
			continue
		}
		if _, err := db.txExec(ctx, tx, "UPDATE sscc_range SET next = ? WHERE id = 1", n+1); err != nil {
			return "", "", err
		}
		// On disk before the commit lets the label print (see sscc_mark.go).
		if err := db.writeSSCCMark(r.CompanyPrefix, r.Extension, n); err != nil {
			return "", "", err
		}
		return code, r.CompanyPrefix, nil
	}
	return "", "", core.Errorf(core.ECONFLICT, core.ErrSSCCRangeUsed.Reason,
		"This station has used every SSCC of its range (%d to %d under prefix %s): a supervisor must give it a new range.", r.First, r.Last, r.CompanyPrefix)
}
