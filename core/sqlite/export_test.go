package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
)

// OpenAtVersion opens a store with only the first n migrations, as an older
// Stationhand would have left it.
func OpenAtVersion(ctx context.Context, path string, n int) (*DB, error) {
	return open(ctx, path, func(v int) bool { return v <= n })
}

// OpenWithout opens a store without some migrations, as a developer's store
// made before those migrations were written would be.
func OpenWithout(ctx context.Context, path string, skip ...int) (*DB, error) {
	return open(ctx, path, func(v int) bool { return !slices.Contains(skip, v) })
}

// SetUserVersion stamps the schema version, as a newer Stationhand would.
func SetUserVersion(db *DB, v int) error {
	_, err := db.sql.Exec(fmt.Sprintf("PRAGMA user_version = %d", v))
	return err
}

// PeekVersionAndOrders reads a database file without migrating it.
func PeekVersionAndOrders(t *testing.T, path string) (version, orders int) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("SELECT COUNT(*) FROM orders").Scan(&orders); err != nil {
		t.Fatal(err)
	}
	return version, orders
}

// ExecRaw runs SQL directly, to build databases as older versions left them.
func ExecRaw(db *DB, query string) error {
	_, err := db.sql.Exec(query)
	return err
}

// HasObject reports whether the store has a table, index or trigger of
// that name.
func HasObject(t *testing.T, db *DB, typ, name string) bool {
	t.Helper()
	var n int
	if err := db.sql.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE type = ? AND name = ?", typ, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// SetSearchWindow sets how many order ids back a pickup search looks
// first (recentOrderIDs), so a test can cross it with a few orders.
func SetSearchWindow(db *DB, ids int) { db.recentWindow = ids }

// PooledPragmas opens n connections of the pool at once and returns, for
// each, the value of every named pragma.
func PooledPragmas(t *testing.T, db *DB, n int, names ...string) []map[string]string {
	t.Helper()
	ctx := context.Background()
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	var out []map[string]string
	for range n {
		c, err := db.sql.Conn(ctx) // held: the next one is a new connection
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		got := map[string]string{}
		for _, name := range names {
			var v string
			if err := c.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
				t.Fatal(err)
			}
			got[name] = v
		}
		out = append(out, got)
	}
	return out
}

// SetCheckpointEvery changes how often stores opened from now on look for
// checkpoint work, until the test ends.
func SetCheckpointEvery(t *testing.T, d time.Duration) {
	old := checkpointEvery
	checkpointEvery = d
	t.Cleanup(func() { checkpointEvery = old })
}

// WALSizeLimit is the WAL size past which the background checkpoint
// empties the log.
const WALSizeLimit = walSizeLimit

// HoldRead keeps a read transaction (a snapshot) open for d.
func HoldRead(ctx context.Context, db *DB, d time.Duration) error {
	return db.read(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM settings").Scan(&n); err != nil {
			return err
		}
		time.Sleep(d)
		return nil
	})
}

// DurableMinimum does the least a durable scan must do, through the same
// write path (BEGIN IMMEDIATE, prepared statements, the same pragmas): one
// indexed read, one update, one outbox insert, commit. Benchmarks measure
// the scans against it.
func DurableMinimum(ctx context.Context, db *DB, lineID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var orderID int64
		var picked int
		if err := db.txQueryRow(ctx, tx, "SELECT order_id, picked_qty FROM order_lines WHERE id = ?", lineID).Scan(&orderID, &picked); err != nil {
			return err
		}
		if _, err := db.txExec(ctx, tx, "UPDATE order_lines SET picked_qty = ? WHERE id = ?", picked, lineID); err != nil {
			return err
		}
		_, err := db.txExec(ctx, tx, `INSERT INTO events(id, type, order_ref, staff_id, terminal, at, payload) VALUES(?, ?, ?, ?, ?, ?, ?)`,
			uuid.NewString(), "bench.minimum", strconv.FormatInt(orderID, 10), 1, db.terminal.Load().ID, db.Now().UnixMilli(),
			`{"line":`+strconv.FormatInt(lineID, 10)+`,"qty":1}`)
		return err
	})
}

// StatementsRun returns how many statements the store has run through its
// prepared-statement helpers (txExec, txQuery, txQueryRow) so far.
func StatementsRun(db *DB) int64 { return db.stmts.runs.Load() }
