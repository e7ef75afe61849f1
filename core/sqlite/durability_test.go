package sqlite_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/sqlite"
)

// A commit is on disk before the scan shows green or a label prints: every
// connection of the pool commits with synchronous FULL (2), in WAL mode,
// and never checkpoints on the scan path. Checked on several connections
// held at once, since a pragma set with one Exec reaches only one of them.
func TestEveryPooledConnectionCommitsDurably(t *testing.T) {
	db := mustOpen(t)
	conns := sqlite.PooledPragmas(t, db, 4, "synchronous", "journal_mode", "wal_autocheckpoint", "foreign_keys")
	for i, got := range conns {
		want := map[string]string{"synchronous": "2", "journal_mode": "wal", "wal_autocheckpoint": "0", "foreign_keys": "1"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, k, got[k], v)
			}
		}
	}
}

// fill commits n writes of 64 KiB each.
func fill(t *testing.T, db *sqlite.DB, n int) {
	t.Helper()
	for i := range n {
		if err := db.SetSetting(context.Background(), fmt.Sprintf("fill.%d", i%50), randomText(64<<10)); err != nil {
			t.Fatal(err)
		}
	}
}

// randomText is n bytes that do not compress.
func randomText(n int) string {
	b := make([]byte, n/2)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func walSize(path string) int64 {
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}

// waitWALBelow waits until the WAL file is at most limit bytes.
func waitWALBelow(t *testing.T, path string, limit int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for walSize(path) > limit {
		if time.Now().After(deadline) {
			t.Fatalf("the WAL stays at %d bytes, above %d", walSize(path), limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A burst of writes (a new station's first pull) must not leave a WAL of
// its size behind: the background checkpoint brings it back under the
// limit.
func TestWALShrinksAfterABurst(t *testing.T) {
	sqlite.SetCheckpointEvery(t, 20*time.Millisecond)
	path := filepath.Join(t.TempDir(), storePath)
	db := mustOpenPath(t, path)
	// One transaction twice the limit.
	if err := db.SetSetting(context.Background(), "burst", randomText(2*sqlite.WALSizeLimit)); err != nil {
		t.Fatal(err)
	}
	waitWALBelow(t, path, sqlite.WALSizeLimit)
}

// A reader always somewhere in the log (the window polling its queues while
// a packer scans) keeps a PASSIVE checkpoint from ever restarting the WAL;
// the WAL must still stay bounded.
func TestWALBoundedUnderConstantReaders(t *testing.T) {
	sqlite.SetCheckpointEvery(t, 20*time.Millisecond)
	path := filepath.Join(t.TempDir(), storePath)
	db := mustOpenPath(t, path)
	ctx := context.Background()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	// Two readers whose read transactions overlap: there is never a moment
	// without a reader holding a snapshot.
	for r := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(r) * 3 * time.Millisecond)
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := sqlite.HoldRead(ctx, db, 6*time.Millisecond); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	var peak int64
	for range 5 {
		fill(t, db, sqlite.WALSizeLimit/(64<<10))
		peak = max(peak, walSize(path))
	}
	close(stop)
	wg.Wait()
	// The limit plus what a checkpoint interval's worth of writes adds.
	if bound := int64(3 * sqlite.WALSizeLimit); peak > bound {
		t.Fatalf("the WAL grew to %d bytes under constant readers, bound %d", peak, bound)
	}
}
