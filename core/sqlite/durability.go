package sqlite

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"
)

// pragmas are set on every connection the pool opens (in the DSN: an Exec
// would reach one pooled connection only).
//
//   - synchronous(FULL): a commit returns only once its WAL frames are on
//     disk. A scan shown green, an SSCC printed on a label and an event the
//     hub acknowledged survive a power cut; with NORMAL the last second or
//     so of commits could roll back, and a rolled-back SSCC counter would
//     number the next parcel with a code already on a label.
//   - wal_autocheckpoint(0): a checkpoint inside a scan's commit would make
//     that scan take milliseconds; checkpointLoop does it off the scan path.
//   - journal_size_limit: when the WAL restarts from its beginning it is
//     truncated back to this size, so a burst (a first pull of thousands of
//     orders) does not leave a large file behind for ever.
var pragmas = []string{
	"journal_mode(WAL)",
	"busy_timeout(" + strconv.Itoa(busyTimeoutMS) + ")",
	"foreign_keys(1)",
	"synchronous(FULL)",
	"wal_autocheckpoint(0)",
	"journal_size_limit(" + strconv.Itoa(walSizeLimit) + ")",
}

// busyTimeoutMS is how long a statement waits for another writer.
const busyTimeoutMS = 5000

// walSizeLimit bounds the WAL. The background PASSIVE checkpoint keeps it
// far below that in normal work, but PASSIVE never waits for a reader, so a
// reader that is always somewhere in the log (the window polling its queues
// while a packer scans), or a burst of writes faster than the checkpoint,
// could keep the WAL from ever restarting. Past the limit the writer that
// finds it so, right after its own commit, runs a TRUNCATE checkpoint: it
// waits (busy_timeout) for the readers of old snapshots, copies the rest and
// empties the file. That costs that one commit a few milliseconds, once per
// several megabytes written, and never happens while the checkpoint keeps up.
//
// 16 MB rather than 4: a scan writes about 28 KB of WAL, so scans back to
// back (a burst, the benchmarks) reach 4 MB once in ~146 scans and the one
// that empties the WAL sat right at the 99th percentile (scan p99 2.2–2.7 ms
// against 1.5–1.9 ms at 16 MB, measured here). 16 MB is still a small file
// to read and to recover at start-up.
const walSizeLimit = 16 << 20

// checkpointEvery is how often the background checkpoint looks for work.
// Tests shorten it.
var checkpointEvery = time.Second

// checkpointLoop copies committed WAL pages into the database file when
// there were commits, off the scan path. It does not make anything durable
// (synchronous FULL did that at each commit); it keeps the WAL, and so
// reads and start-up, small.
func (db *DB) checkpointLoop() {
	defer close(db.stopped)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	var done int64
	for {
		select {
		case <-db.stop:
			return
		case <-tick.C:
		case <-db.kick:
		}
		if n := db.commits.Load(); n != done {
			db.sql.Exec("PRAGMA wal_checkpoint(PASSIVE)")
			done = n
		}
	}
}

// checkpointKickEvery is how many commits wake the checkpoint loop before
// its tick: at a burst's pace (a sync applying pages, a benchmark) the WAL
// would otherwise pass walSizeLimit within a tick, and the writer would
// pay for boundWAL's checkpoint.
const checkpointKickEvery = 32

// committed runs after every committed write.
func (db *DB) committed(ctx context.Context) {
	if db.commits.Add(1)%checkpointKickEvery == 0 {
		select {
		case db.kick <- struct{}{}:
		default: // a checkpoint is already due
		}
	}
	db.boundWAL(ctx)
}

// boundWAL runs after every committed write: when the WAL has passed the
// limit it empties it (see walSizeLimit). It waits at most
// walTruncateWait for readers of old snapshots (reads take milliseconds);
// when they hold it off longer, it tries again only after another limit's
// worth of growth, so that readers that never let go cost one short wait
// per limit rather than one per commit.
func (db *DB) boundWAL(ctx context.Context) {
	size := db.walSize()
	if size <= max(walSizeLimit, db.walRetryAt.Load()) {
		return
	}
	if err := db.truncateWAL(ctx); err != nil {
		db.walRetryAt.Store(size + walSizeLimit)
		return
	}
	db.walRetryAt.Store(0)
}

// walTruncateWait is how long boundWAL's checkpoint waits for readers.
const walTruncateWait = 200 * time.Millisecond

// truncateWAL copies the whole WAL into the database file and empties it,
// on a connection of its own whose busy timeout is walTruncateWait.
func (db *DB) truncateWAL(ctx context.Context) error {
	ctx = context.WithoutCancel(ctx) // the commit is done; its caller may be gone
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", walTruncateWait.Milliseconds())); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeoutMS)) // back in the pool as the DSN made it
	var busy, logged, copied int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &copied); err != nil {
		return err
	}
	if busy != 0 {
		return fmt.Errorf("truncate WAL: readers held it for %s", walTruncateWait)
	}
	return nil
}

// walSize is the size of the WAL file on disk, 0 when there is none.
func (db *DB) walSize() int64 {
	fi, err := os.Stat(db.path + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}
