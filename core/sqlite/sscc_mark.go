package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The SSCC mark is a small file beside the database (path + ".sscc") that
// names the last SSCC serial this station took. It is written, and flushed
// to disk, inside the transaction that closes the package, before the
// label can print. A database file put back from an older copy (a backup,
// a disk image of the database alone) brings its old counter back, and the
// station may print labels before it reaches the hub, which would tell it
// what it used (SkipSSCCsThrough): the mark, which no backup of the
// database carries, moves the counter past every SSCC this station ever
// printed when the database is opened. A mark ahead of the database's
// counter (a transaction that failed after writing it) only skips serials.

// ssccMarkLen is the mark's fixed length: one write of it replaces it whole.
const ssccMarkLen = 64

// SSCCMarkPath is the SSCC mark file of the database at dbPath.
func SSCCMarkPath(dbPath string) string { return dbPath + ".sscc" }

// writeSSCCMark records that serial of the range (prefix, extension) was
// taken.
func (db *DB) writeSSCCMark(prefix string, extension int, serial int64) error {
	if db.path == "" || strings.HasPrefix(db.path, ":memory:") {
		return nil
	}
	line := fmt.Sprintf("%s %d %d", prefix, extension, serial)
	if len(line) >= ssccMarkLen {
		return fmt.Errorf("SSCC mark %q too long", line)
	}
	buf := []byte(line + strings.Repeat(" ", ssccMarkLen-1-len(line)) + "\n")
	f, err := os.OpenFile(SSCCMarkPath(db.path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("SSCC mark: %w", err)
	}
	_, err = f.WriteAt(buf, 0)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("SSCC mark: %w", err)
	}
	return nil
}

// applySSCCMark moves the counter past the serial the mark names, if the
// database's counter is behind it in the same range.
func (db *DB) applySSCCMark(ctx context.Context) error {
	b, err := os.ReadFile(SSCCMarkPath(db.path))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the SSCC mark: %w", err)
	}
	f := strings.Fields(string(b))
	if len(f) != 3 {
		return nil // damaged: the hub's answer is the remaining guard
	}
	ext, err1 := strconv.Atoi(f[1])
	serial, err2 := strconv.ParseInt(f[2], 10, 64)
	if err1 != nil || err2 != nil {
		return nil
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sscc_range SET next = ? WHERE id = 1 AND next <= ?
			AND company_prefix = ? AND extension = ? AND ? BETWEEN first AND last`, serial+1, serial, f[0], ext, serial)
		return err
	})
}
