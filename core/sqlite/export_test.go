package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// OpenAtVersion opens a store with only the first n migrations, as an older
// Stationhand would have left it.
func OpenAtVersion(ctx context.Context, path string, n int) (*DB, error) { return open(ctx, path, n) }

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
