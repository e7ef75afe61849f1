// Package sqlitetest builds local stores for tests and benchmarks of the
// packages that sit on core/sqlite.
package sqlitetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/sqlite"
)

// The benchmark store of the foundation issue: 100,000 orders of 5 lines
// (500,000 lines) on the demo catalogue.
const (
	LargeOrders   = 100_000
	LargeLinesPer = 5
)

var (
	buildMu sync.Mutex
	built   = map[string]error{}
)

// LargeStore returns the path of a fresh copy of a store holding the demo
// catalogue and staff plus orders × linesPer open orders. The store is built
// once into the system's temp folder (it takes a while) and reused by later
// runs until the set of migrations changes (sqlite.SchemaID).
func LargeStore(tb testing.TB, orders, linesPer int) string {
	tb.Helper()
	master := filepath.Join(os.TempDir(), fmt.Sprintf("stationhand-bench-%d-%d-%s.db", orders, linesPer, sqlite.SchemaID()))
	buildMu.Lock()
	err, done := built[master]
	if !done {
		err = build(master, orders, linesPer)
		built[master] = err
	}
	buildMu.Unlock()
	if err != nil {
		tb.Fatal(err)
	}
	dst := filepath.Join(tb.TempDir(), "large.db")
	data, err := os.ReadFile(master)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return dst
}

func build(path string, orders, linesPer int) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	tmp := path + ".building"
	os.Remove(tmp)
	db, err := sqlite.Open(context.Background(), tmp)
	if err != nil {
		return err
	}
	err = demo.SeedLarge(context.Background(), db, orders, linesPer, time.Now())
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("build benchmark store: %w", err)
	}
	return os.Rename(tmp, path)
}
