package store

import (
	"context"
	"os"
	"time"
)

// The SQLite writer's commits never checkpoint (wal_autocheckpoint(0)):
// a checkpoint inside a commit copies a thousand pages into the database
// file and flushes it while every push of the group, and those queued
// behind it, wait. checkpointLoop does it beside the writer instead (a
// PASSIVE checkpoint runs while the writer appends to the WAL). It makes
// nothing durable (the commit's flush of the WAL did, synchronous FULL);
// it keeps the WAL, and so reads and start-up, small.

// checkpointEvery is how often the checkpoint loop looks for commits.
const checkpointEvery = 250 * time.Millisecond

// walLimit bounds the WAL: a PASSIVE checkpoint never waits for readers,
// so readers always somewhere in the log could keep the WAL from starting
// again at its beginning. Past the limit the loop runs a TRUNCATE
// checkpoint, which waits (walTruncateWait at most) for them, and the
// writer waits for it: a safety valve, far above what a busy hub's WAL
// reaches while it restarts as it should (60 to 100 MB at 5,000 events a
// second, measured with the load test).
const (
	walLimit        = 512 << 20
	walTruncateWait = 200 * time.Millisecond
)

// startCheckpoints starts the loop, until stop is closed.
func (db *DB) startCheckpoints() {
	db.ckptStop, db.ckptDone = make(chan struct{}), make(chan struct{})
	go db.checkpointLoop(db.ckptStop, db.ckptDone)
}

func (db *DB) stopCheckpoints() {
	if db.ckptStop != nil {
		close(db.ckptStop)
		<-db.ckptDone
		db.ckptStop = nil
	}
}

func (db *DB) checkpointLoop(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	var seen uint64
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		n := db.commits.Load()
		if n == seen {
			continue
		}
		seen = n
		db.checkpoint(context.Background())
	}
}

// checkpoint copies what the WAL holds into the database file, and
// empties the WAL if it grew past walLimit.
func (db *DB) checkpoint(ctx context.Context) {
	mode := "PASSIVE"
	if fi, err := os.Stat(db.path + "-wal"); err == nil && fi.Size() > walLimit {
		mode = "TRUNCATE"
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	if mode == "TRUNCATE" {
		// The writer waits behind a TRUNCATE checkpoint: briefly.
		conn.ExecContext(ctx, "PRAGMA busy_timeout = "+itoa(walTruncateWait.Milliseconds()))
		defer conn.ExecContext(ctx, "PRAGMA busy_timeout = "+itoa(sqliteBusyTimeout.Milliseconds()))
	}
	var busy, logged, copied int
	conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &logged, &copied)
}
