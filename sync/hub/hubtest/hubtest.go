// Package hubtest gives tests a real hub database on every backend the hub
// supports: a SQLite file in the test's temporary directory, and a fresh
// schema in the PostgreSQL that STATIONHAND_TEST_PG names (see
// scripts/postgres-start.sh). The same suite then runs on both.
package hubtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create and drop schemas
	"github.com/stationhand/stationhand/sync/hub/store"
)

// EnvPG names the environment variable holding the test PostgreSQL's DSN.
const EnvPG = "STATIONHAND_TEST_PG"

// Backend is one database the hub runs on.
type Backend struct {
	Name string
	// DSN returns a new, empty database for t, removed when t ends.
	DSN func(t testing.TB) string
}

// Backends returns SQLite, and PostgreSQL when STATIONHAND_TEST_PG is set.
// Without it the PostgreSQL runs are skipped with a message, or fail when
// CI=true: CI must exercise both.
func Backends() []Backend {
	return []Backend{{Name: "sqlite", DSN: SQLiteDSN}, {Name: "postgres", DSN: PostgresDSN}}
}

// SQLiteDSN returns the path of a new SQLite hub database in t's temporary
// directory.
func SQLiteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "hub.db")
}

// PostgresDSN returns a DSN for a new, empty schema of the test PostgreSQL,
// dropped when t ends.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPG)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, and CI=true: the hub suite must run on PostgreSQL too. Start one with scripts/postgres-start.sh and export its DSN.", EnvPG)
		}
		t.Skipf("PostgreSQL run skipped: set %s (start one with: export %s=$(scripts/postgres-start.sh))", EnvPG, EnvPG)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres %s: %v", base, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("postgres %s: create schema: %v", base, err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPG, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens a new hub database on backend b, closed when t ends.
func (b Backend) Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), b.DSN(t))
	if err != nil {
		t.Fatalf("open %s hub database: %v", b.Name, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Each runs fn as a subtest on every backend.
func Each(t *testing.T, fn func(t *testing.T, b Backend)) {
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, b) })
	}
}
