package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stationhand/stationhand/core"
	_ "modernc.org/sqlite"
)

// A migration numbered below the newest applied one (branches merged in
// another order than they were numbered) is still applied, and a migration
// this hub does not know refuses the database.
func TestMigrationsAreTrackedAsASet(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{
		"ALTER TABLE terminals DROP COLUMN last_sscc",
		"DELETE FROM schema_migrations WHERE version = 15",
	} {
		if _, err := raw.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen with migration 15 missing: %v", err)
	}
	db.Close()
	var n int
	if err := raw.QueryRowContext(ctx, "SELECT COUNT(*) FROM pragma_table_info('terminals') WHERE name = 'last_sscc'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("migration 15 below the newest was not applied again: column count %d, %v", n, err)
	}

	if _, err := raw.ExecContext(ctx, "INSERT INTO schema_migrations(version, name) VALUES(9999, 'future')"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, path); !errors.Is(err, core.ErrSchemaTooNew) {
		t.Fatalf("a database with an unknown migration opened: %v", err)
	}
}
