package store_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

// TestCursorsTheHubDidNotIssueAreRefused: a cursor from another epoch, for
// another location, or ahead of the streams is refused with a reason
// (before, each pulled "0 records" and the station kept what it had for
// ever); a malformed one stays a 400.
func TestCursorsTheHubDidNotIssueAreRefused(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		dsn := b.DSN(t)
		db := open(t, dsn)
		hubtest.Seed(t, db, "L1", 5)
		hubtest.Seed(t, db, "L2", 5)
		l1, _ := enroll(t, db, "L1", "Pack 1")
		l2, _ := enroll(t, db, "L2", "Pack 2")
		cs, _ := pullAll(t, db, l1, "", 1000)
		if res, err := db.Pull(ctx, l1, cs.Cursor, 100); err != nil || res.Records != 0 {
			t.Fatalf("the hub's own cursor: %+v, %v", res, err)
		}

		refused := func(name, cursor string, term core.Terminal, reason string) {
			t.Helper()
			_, err := db.Pull(ctx, term, cursor, 100)
			var ce *store.CursorError
			if core.ErrorCode(err) != core.ECONFLICT || core.ErrorReason(err) != reason || !errors.As(err, &ce) {
				t.Fatalf("%s: %v, want conflict %s", name, err, reason)
			}
			if msg := core.ErrorMessage(err); !strings.Contains(msg, "pulls") {
				t.Fatalf("%s: the message does not say what the station does: %s", name, msg)
			}
		}
		// The station moved to L2 keeps its L1 cursor.
		refused("another location", cs.Cursor, l2, wire.ReasonCursorLocation)
		// A position past the stream heads: the hub lost what it served.
		parts := strings.Split(cs.Cursor, ".")
		for i := 3; i < len(parts); i++ {
			ahead := append([]string(nil), parts...)
			n, _ := strconv.ParseInt(ahead[i], 10, 64)
			ahead[i] = strconv.FormatInt(n+1, 10)
			refused("ahead at "+strconv.Itoa(i), strings.Join(ahead, "."), l1, wire.ReasonCursorAhead)
		}
		if _, err := db.Pull(ctx, l1, "c4.x", 10); core.ErrorCode(err) != core.EINVALID || core.ErrorReason(err) != "bad_cursor" {
			t.Fatalf("malformed cursor: %v", err)
		}

		// A new epoch: every cursor of the old one is refused; a pull from
		// the start brings everything again, with a cursor of the new one.
		old := db.Epoch()
		epoch, err := db.RotateEpoch(ctx, "test")
		if err != nil || epoch == old || db.Epoch() != epoch {
			t.Fatalf("rotate: %q (was %q), %v", epoch, old, err)
		}
		refused("another epoch", cs.Cursor, l1, wire.ReasonCursorEpoch)
		again, n := pullAll(t, db, l1, "", 1000)
		if n == 0 || len(again.Orders) != 5 || !strings.Contains(again.Cursor, "."+epoch+".") {
			t.Fatalf("full pull in the new epoch: %d records, %d orders, cursor %q", n, len(again.Orders), again.Cursor)
		}
		if info, err := db.EpochInfo(ctx); err != nil || info.Epoch != epoch || info.Reason != "test" {
			t.Fatalf("epoch info: %+v, %v", info, err)
		}
		// A database opened again keeps its epoch.
		if reopened := open(t, dsn); reopened.Epoch() != epoch {
			t.Fatalf("epoch after reopening: %q, want %q", reopened.Epoch(), epoch)
		}
	})
}

func open(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// servedHub is a SQLite hub database as `hub serve` runs it.
type servedHub struct {
	t    *testing.T
	path string
	db   *store.DB
}

func (h *servedHub) start() store.StartCheck {
	h.t.Helper()
	db, err := store.Open(ctx, h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	check, err := db.StartServing(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	h.db = db
	return check
}

func (h *servedHub) stop() {
	h.t.Helper()
	if err := h.db.Close(); err != nil {
		h.t.Fatal(err)
	}
}

// work makes the hub serve something new: orders and a terminal's events.
func (h *servedHub) work(from int) {
	h.t.Helper()
	if _, err := h.db.ImportOrders(ctx, hubtest.Orders("L1", from, 3)); err != nil {
		h.t.Fatal(err)
	}
}

// copyFiles copies the database's files (the database, its WAL and shared
// memory) from dir to dir, as a backup tool or a person restoring one does.
func copyFiles(t *testing.T, path, toDir string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		from, err := os.Open(path + suffix)
		if errors.Is(err, os.ErrNotExist) {
			os.Remove(filepath.Join(toDir, filepath.Base(path)+suffix))
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		to, err := os.Create(filepath.Join(toDir, filepath.Base(path)+suffix))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(to, from); err != nil {
			t.Fatal(err)
		}
		from.Close()
		if err := to.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStartServingRotatesTheEpochOfARestoredDatabase: the hub finds out at
// start-up that its SQLite file is not the one it served last, and gives it
// a new epoch; the same database stopped and started keeps its epoch.
func TestStartServingRotatesTheEpochOfARestoredDatabase(t *testing.T) {
	dir := t.TempDir()
	h := &servedHub{t: t, path: filepath.Join(dir, "hub.db")}
	if c := h.start(); c.Rotated {
		t.Fatalf("a new database: %+v", c)
	}
	hubtest.Seed(t, h.db, "L1", 2)
	epoch := h.db.Epoch()
	h.stop()
	if c := h.start(); c.Rotated || c.Epoch != epoch {
		t.Fatalf("stopped and started: %+v, want epoch %s kept", c, epoch)
	}

	// A backup copies the files while the hub runs; the hub serves more,
	// stops, and the copy is put back.
	running := t.TempDir()
	copyFiles(t, h.path, running)
	h.work(100)
	h.stop()
	copyFiles(t, filepath.Join(running, "hub.db"), dir)
	c := h.start()
	if !c.Rotated || c.Epoch == epoch || !strings.Contains(c.Reason, "copy taken while a hub ran") {
		t.Fatalf("a copy taken while the hub ran, restored: %+v", c)
	}
	epoch = c.Epoch
	if _, err := h.db.Order(ctx, "L1", hubtest.Order("L1", 100).ExternalID); err == nil {
		t.Fatal("the restored copy holds an order imported after it was taken: the test restored nothing")
	}

	// A copy of the stopped hub, put back after it served again.
	h.stop()
	stopped := t.TempDir()
	copyFiles(t, h.path, stopped)
	h.start()
	h.work(200)
	h.stop()
	copyFiles(t, filepath.Join(stopped, "hub.db"), dir)
	if c := h.start(); !c.Rotated || c.Epoch == epoch || !strings.Contains(c.Reason, "not the one this hub served last") {
		t.Fatalf("a copy of the stopped hub, restored after it served again: %+v", c)
	}
	epoch = h.db.Epoch()

	// The served marker is gone (the database was copied to a new machine).
	h.stop()
	if err := os.Remove(h.path + "-served"); err != nil {
		t.Fatal(err)
	}
	if c := h.start(); !c.Rotated || c.Epoch == epoch {
		t.Fatalf("a database copied in without its marker: %+v", c)
	}
	epoch = h.db.Epoch()
	h.stop()

	// hub restore --from FILE: a new epoch, which the next start keeps.
	c, err := store.Restore(ctx, filepath.Join(running, "hub.db"), h.path, false)
	if err != nil || !c.Rotated || c.Epoch == epoch {
		t.Fatalf("restore: %+v, %v", c, err)
	}
	if s := h.start(); s.Rotated || s.Epoch != c.Epoch {
		t.Fatalf("start after restore: %+v, want epoch %s kept", s, c.Epoch)
	}
	if _, err := h.db.Order(ctx, "L1", hubtest.Order("L1", 200).ExternalID); err == nil {
		t.Fatal("the restored database holds an order imported after the backup")
	}
	// Restoring over a database a hub has open is refused.
	if _, err := store.Restore(ctx, filepath.Join(running, "hub.db"), h.path, false); core.ErrorReason(err) != "hub_running" {
		t.Fatalf("restore under a running hub: %v", err)
	}
	h.stop()
}

// TestEveryHubTakesANewEpochWithinSeconds: `hub epoch --rotate` from
// another process reaches a hub sharing the database without a restart.
func TestEveryHubTakesANewEpochWithinSeconds(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		dsn := b.DSN(t)
		serving, admin := open(t, dsn), open(t, dsn)
		epoch, err := admin.RotateEpoch(ctx, "rotated elsewhere")
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for serving.Epoch() != epoch {
			if time.Now().After(deadline) {
				t.Fatalf("the serving hub still has epoch %s, not %s", serving.Epoch(), epoch)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// TestSequenceConflictsSayWhatTheStationDoes: the hub's answers to a gap
// and to a reused number say what the station does about it, and no longer
// send the operator to enroll the terminal again (which lost the events
// for good); each carries what the station needs to recover.
func TestSequenceConflictsSayWhatTheStationDoes(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 1)
		term, _ := enroll(t, db, "L1", "Pack 1")
		if _, err := db.Push(ctx, term, events(1, 3, core.EventStaffSignedIn, "")); err != nil {
			t.Fatal(err)
		}
		_, err := db.Push(ctx, term, events(6, 7, core.EventStaffSignedIn, ""))
		var gap *store.SeqGapError
		if !errors.As(err, &gap) || gap.LastSeq != 3 || core.ErrorReason(err) != wire.ReasonSeqGap {
			t.Fatalf("gap: %v", err)
		}
		_, err = db.Push(ctx, term, events(2, 4, core.EventStaffSignedIn, ""))
		var reused *store.SeqReusedError
		if !errors.As(err, &reused) || reused.LastSeq != 3 || reused.Seq != 2 || core.ErrorReason(err) != wire.ReasonSeqReused {
			t.Fatalf("reused: %v", err)
		}
		for _, e := range []error{gap, reused} {
			msg := core.ErrorMessage(e)
			if strings.Contains(strings.ToLower(msg), "enroll") || !strings.Contains(strings.ToLower(msg), "the station") {
				t.Fatalf("the message does not say what the station does: %s", msg)
			}
		}
	})
}
