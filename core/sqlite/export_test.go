package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
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
