package store_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// The SQLite writer never checkpoints in its commits (the pushes of its
// group would wait for it); the checkpoint loop copies the WAL into the
// database file beside it.
func TestCheckpointsRunBesideTheWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := store.WriterAutocheckpoint(db); err != nil || n != 0 {
		t.Fatalf("the writer's wal_autocheckpoint is %d (%v), want 0", n, err)
	}
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	// Far fewer pages than SQLite's own automatic checkpoint waits for.
	hubtest.Seed(t, db, "L1", 50)
	for deadline := time.Now().Add(5 * time.Second); size() == before; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the database file is still %d bytes 5 s after the writes: nothing checkpointed the WAL", before)
		}
	}
}
