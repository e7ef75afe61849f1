// Package store is the hub's database: SQLite by default (a file, no set-up)
// or PostgreSQL through pgx for a real deployment. Every hub process is
// stateless apart from this database, so several can share one PostgreSQL.
//
// Exported methods own their transaction; the SQL is written once for both
// dialects ($n placeholders, ON CONFLICT, RETURNING) and the few differences
// live in dialect.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	gosync "sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stationhand/stationhand/core"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DB is an open hub database.
type DB struct {
	sql *sql.DB
	d   dialect

	// writers lets one write transaction at a time at SQLite, which
	// allows only one anyway: waiting here is a wake-up when the other
	// commits, where SQLite's busy handler would sleep and poll.
	writers chan struct{}
	// pulls bounds the pulls reading at once, below the pool's size: a
	// burst of them waits here, not in the pool where writes and the
	// token checks every request starts with queue too (SQLite: 6 of the
	// readers' 16 connections, the writer has its own).
	pulls chan struct{}
	pages pageCache  // pullcache.go
	memos headsMemos // waitcheck.go
	// writeConn is the SQLite writer's own connection, outside the pool
	// the readers share.
	writeConn *sql.Conn
	// group applies concurrent pushes in shared transactions.
	group *grouper
	stmts stmts

	path string // the SQLite file; "" on PostgreSQL
	// commits counts the SQLite writer's commits; the checkpoint loop
	// (checkpoint.go) runs when they moved.
	commits            atomic.Uint64
	ckptStop, ckptDone chan struct{}
	epoch              atomic.Pointer[string] // the database's epoch, read at Open
	boot               string                 // this serving run, once StartServing marked it

	watchStop, watchDone chan struct{} // the epoch watcher's

	// changes wakes the pulls waiting for a location (notify.go); touched
	// holds the locations each open write transaction changed.
	changes                changeNotifier
	touchMu                gosync.Mutex
	touched                map[*sql.Tx]map[string]bool
	listenStop, listenDone chan struct{} // PostgreSQL's LISTEN connection
	listening              atomic.Bool
	channel                string // the LISTEN/NOTIFY channel of this schema's hubs
	listenErr              atomic.Pointer[error]

	// Now is the clock; tests replace it.
	Now func() time.Time
}

// dialect holds what differs between SQLite and PostgreSQL.
type dialect struct {
	name      string // "sqlite" or "postgres"
	forUpdate string // row lock suffix for a SELECT inside a write
}

var (
	sqliteDialect   = dialect{name: "sqlite"}
	postgresDialect = dialect{name: "postgres", forUpdate: " FOR UPDATE"}
)

// Open opens the hub database named by dsn: a postgres:// or postgresql://
// URL for PostgreSQL, anything else is a SQLite file path (an optional
// "sqlite:" prefix is removed). The schema is brought up to date.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var db *DB
	var pgConfig *pgx.ConnConfig
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, fmt.Errorf("open hub database: %w", err)
		}
		// The hub's statements are small index lookups whose best plan
		// does not depend on their parameters. PostgreSQL would otherwise
		// plan them again on every run, which costs more than running them.
		if _, set := cfg.RuntimeParams["plan_cache_mode"]; !set {
			cfg.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
		}
		// Commits wait for the disk, whatever the server's default; a DSN
		// that turns it off is refused by checkDurable.
		if _, set := cfg.RuntimeParams["synchronous_commit"]; !set {
			cfg.RuntimeParams["synchronous_commit"] = "on"
		}
		sqlDB := stdlib.OpenDB(*cfg)
		sqlDB.SetMaxOpenConns(40)
		sqlDB.SetMaxIdleConns(40)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		// Pulls take at most 20 of the 40 connections; the group
		// commit's 8 workers hold one each (group.go), and the token
		// checks and the rest always find one.
		db = &DB{sql: sqlDB, d: postgresDialect, Now: time.Now, pulls: make(chan struct{}, 20)}
		pgConfig = cfg
	default:
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, errors.New("open hub database: no path given")
		}
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("open hub database: %w", err)
			}
		}
		q := url.Values{}
		// synchronous(FULL): a commit is on disk (the WAL fsynced) before
		// it returns, so nothing is acknowledged that a power cut can take
		// back. Group commit pays that fsync once for many pushes.
		//
		// wal_autocheckpoint(0): checkpointLoop checkpoints beside the
		// writer, not in its commits (checkpoint.go). temp_store(MEMORY):
		// a savepoint's copies of the pages it changes (the group commit
		// takes one per push) stay in memory rather than go to a
		// temporary file a write call each; they only serve to roll a
		// savepoint back, never to recover a crash. cache_size: a group
		// of hundreds of pushes changes more than the default 2 MB of
		// pages, which SQLite would spill into the WAL before the commit
		// and write again at the commit.
		for _, p := range []string{"journal_mode(WAL)", "busy_timeout(" + itoa(sqliteBusyTimeout.Milliseconds()) + ")", "foreign_keys(1)", "synchronous(FULL)",
			"mmap_size(1073741824)", "wal_autocheckpoint(0)", "temp_store(MEMORY)", "cache_size(-32768)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		sqlDB, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
		if err != nil {
			return nil, fmt.Errorf("open hub database %s: %w", path, err)
		}
		// One writer at a time is all SQLite does; a small pool keeps
		// readers concurrent without piling up on the write lock. The
		// writer has a connection of its own (writeConn): a burst of
		// pulls, such as a location's long-polls woken together, must
		// not make pushes queue for a connection behind them.
		sqlDB.SetMaxOpenConns(17)
		sqlDB.SetMaxIdleConns(17)
		db = &DB{sql: sqlDB, d: sqliteDialect, Now: time.Now, writers: make(chan struct{}, 1), path: path, pulls: make(chan struct{}, 6)}
	}
	fail := func(err error) (*DB, error) {
		db.stopListening()
		db.sql.Close()
		return nil, fmt.Errorf("open hub database: %w", err)
	}
	if err := db.checkDurable(ctx); err != nil {
		return fail(err)
	}
	if err := db.migrate(ctx); err != nil {
		return fail(err)
	}
	if err := db.loadEpoch(ctx); err != nil {
		return fail(err)
	}
	if pgConfig != nil {
		if err := db.startListening(ctx, pgConfig); err != nil {
			return fail(err)
		}
	}
	if db.d.name == "sqlite" {
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return fail(err)
		}
		db.writeConn = conn
	}
	if db.d.name == "sqlite" {
		db.startCheckpoints()
	}
	db.SetProgressGap(DefaultProgressGap)
	db.watchStop, db.watchDone = make(chan struct{}), make(chan struct{})
	go db.watchEpoch(epochRefresh)
	if db.d.name == "sqlite" {
		db.group = newGrouper(db, 1)
		db.stmts.start(db.sql)
	} else {
		db.group = newGrouper(db, 8)
	}
	return db, nil
}

// sqliteBusyTimeout is how long a SQLite statement waits for the lock of
// another connection (a checkpoint, the writer of another process).
const sqliteBusyTimeout = 10 * time.Second

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// ErrNotDurable is the error of opening a hub database whose commits do
// not wait for the disk: the hub would acknowledge pushes a crash can
// take back.
var ErrNotDurable = core.Errorf(core.EUNAVAILABLE, "not_durable", "The hub database does not make commits durable.")

// checkDurable makes sure a commit is on disk before the hub answers: on
// PostgreSQL synchronous_commit must be on (or remote_write, remote_apply,
// local: each waits at least for the local flush); set off, in the server's
// configuration, for the hub's role or in the DSN, the hub refuses to start.
// On SQLite the DSN sets synchronous(FULL) on every connection.
func (db *DB) checkDurable(ctx context.Context) error {
	if db.d.name != "postgres" {
		return nil
	}
	var setting string
	if err := db.sql.QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&setting); err != nil {
		return fmt.Errorf("synchronous_commit: %w", err)
	}
	if setting == "off" {
		return fmt.Errorf("%w (%w)", core.Errorf(core.EUNAVAILABLE, "not_durable",
			"PostgreSQL has synchronous_commit = off for the hub: it would acknowledge pushes a crash of the database can take back. "+
				"Set synchronous_commit = on (in postgresql.conf, with ALTER ROLE … SET synchronous_commit = on, or remove it from the hub's DSN) and start the hub again."), ErrNotDurable)
	}
	return nil
}

// Close closes the database, after the pushes in flight.
func (db *DB) Close() error {
	if db.watchStop != nil {
		close(db.watchStop)
		<-db.watchDone
		db.watchStop = nil
	}
	if db.group != nil {
		db.group.close()
	}
	db.stmts.close()
	db.stopCheckpoints()
	db.stopListening()
	err := db.stopServing() // writes, with the writer's connection
	if db.writeConn != nil {
		db.writeConn.Close()
	}
	return errors.Join(err, db.sql.Close())
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.sql.PingContext(ctx)
}

func (db *DB) now() int64 { return db.Now().UnixMilli() }

// write runs fn in a read-write transaction and commits it. A transaction
// that lost a deadlock or a serialization race (PostgreSQL) or found the
// database locked (SQLite) is retried from the start, a few times, because
// fn is a pure function of the database it reads.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.writeOn(ctx, nil, fn)
}

// errConnBroken: a connection a caller held could not begin a
// transaction; writeOn closed it and goes on with one of the pool's.
var errConnBroken = errors.New("held connection broken")

// writeOn is write on conn, a connection the caller holds (nil: SQLite's
// writer's, or one of the pool's).
func (db *DB) writeOn(ctx context.Context, conn *sql.Conn, fn func(tx *sql.Tx) error) error {
	var err error
	for attempt := 0; attempt < 8; attempt++ {
		if attempt > 0 {
			d := time.Duration(1<<attempt) * time.Millisecond
			select {
			case <-time.After(d + rand.N(d)):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err = db.writeOnce(ctx, conn, fn)
		if errors.Is(err, errConnBroken) {
			conn = nil // again on one of the pool's
			continue
		}
		if !retryable(err) {
			return err
		}
	}
	return err
}

func (db *DB) writeOnce(ctx context.Context, conn *sql.Conn, fn func(tx *sql.Tx) error) error {
	if db.writers != nil {
		select {
		case db.writers <- struct{}{}:
			defer func() { <-db.writers }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var tx *sql.Tx
	var err error
	if conn == nil {
		conn = db.writeConn
	}
	if conn != nil {
		tx, err = conn.BeginTx(ctx, nil)
		if err != nil && conn != db.writeConn && ctx.Err() == nil {
			conn.Close()
			return fmt.Errorf("%w: %w", errConnBroken, err)
		}
	} else {
		tx, err = db.sql.BeginTx(ctx, nil)
	}
	if err != nil {
		return err
	}
	defer tx.Rollback()
	defer db.takeTouched(tx) // a retried or failed transaction changed nothing
	if err := fn(tx); err != nil {
		return err
	}
	touched := db.takeTouched(tx)
	if len(touched) > 0 && db.d.name == "postgres" {
		if err := db.notifyPeers(ctx, tx, touched); err != nil {
			return fmt.Errorf("notify the other hub processes: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.commits.Add(1)
	db.changes.publish(touched)
	return nil
}

// stopListening ends PostgreSQL's LISTEN connection, if any.
func (db *DB) stopListening() {
	if db.listenStop != nil {
		close(db.listenStop)
		<-db.listenDone
		db.listenStop = nil
	}
}

// read runs fn in a read-only transaction that sees one snapshot of the
// database throughout.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.d.name == "postgres" {
		opts.Isolation = sql.LevelRepeatableRead
	}
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		err = func() error {
			tx, err := db.sql.BeginTx(ctx, opts)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			return fn(tx)
		}()
		if !retryable(err) {
			return err
		}
	}
	return err
}

// retryable reports whether err is a transient conflict between
// transactions that the same transaction, run again, can get past.
func retryable(err error) bool {
	if err == nil {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return true
		}
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// isUnique reports whether err is a unique or primary key violation.
func isUnique(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
