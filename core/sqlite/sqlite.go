// Package sqlite is Stationhand's local store: the terminal's SQLite file,
// its migrations, and the workflows' transactions with their outbox events.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stationhand/stationhand/core"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open local store.
type DB struct {
	sql  *sql.DB
	path string

	// Now is the clock; tests replace it.
	Now func() time.Time

	// afterCommit, when set, runs after every committed write transaction.
	// Tests use it to kill the process at the worst possible moment.
	afterCommit func()

	terminal   atomic.Pointer[core.Terminal] // set by enrolment while others write events
	stmts      stmtCache
	commits    atomic.Int64
	kick       chan struct{} // wakes the checkpoint loop early when commits come fast
	walRetryAt atomic.Int64  // WAL size at which boundWAL tries again after readers held it off
	events     atomic.Int64  // events recorded, to tell listeners after commit
	hooksMu    sync.Mutex
	onEvent    []func()
	stop       chan struct{}
	stopped    chan struct{}
	closeOnce  sync.Once
	closeErr   error

	recentWindow int // order ids a pickup search looks back first: recentOrderIDs
}

// Open opens (creating if needed) the store at path and brings its schema up
// to date. A database whose schema is newer than this binary knows is
// refused with core.ErrSchemaTooNew and left untouched.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, nil)
}

func open(ctx context.Context, path string, apply func(version int) bool) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("open store: create folder: %w", err)
		}
	}
	if err := checkPresent(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	sqlDB, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db := &DB{sql: sqlDB, path: path, Now: time.Now, stop: make(chan struct{}), kick: make(chan struct{}, 1), stopped: make(chan struct{}), recentWindow: recentOrderIDs}
	fail := func(err error) (*DB, error) {
		sqlDB.Close()
		if IsDamaged(err) {
			return nil, damagedError(path, err)
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := db.migrate(ctx, apply); err != nil {
		return fail(err)
	}
	if err := db.loadTerminal(ctx); err != nil {
		return fail(err)
	}
	if err := db.ensureIdentity(ctx); err != nil {
		return fail(err)
	}
	if err := db.applySSCCMark(ctx); err != nil {
		return fail(err)
	}
	go db.checkpointLoop()
	return db, nil
}

// Close closes the store. Closing twice is harmless.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		close(db.stop)
		<-db.stopped
		db.stmts.close()
		// Fold the WAL back into the database file so that a copied or
		// backed-up file is complete on its own.
		db.sql.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		db.closeErr = db.sql.Close()
	})
	return db.closeErr
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err) // embedded at build time: cannot fail at run time
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("migration file without a number: " + e.Name())
		}
		body, _ := migrationFS.ReadFile("migrations/" + e.Name())
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms
}

// SchemaVersion is the newest schema this binary knows.
func SchemaVersion() int {
	ms := migrations()
	return ms[len(ms)-1].version
}

// migrate applies every embedded migration this store has not had yet (or,
// for tests, those apply selects), each in its own transaction together with
// its row in schema_migrations. Migrations are numbered in ranges per
// workflow, so a store is tracked by the set it has, not by the highest
// number: one added later below the highest is still applied.
func (db *DB) migrate(ctx context.Context, apply func(version int) bool) error {
	ms := migrations()
	newest := ms[len(ms)-1].version
	known := map[int]bool{}
	for _, m := range ms {
		known[m.version] = true
	}
	var userVersion int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&userVersion); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if userVersion > newest {
		return fmt.Errorf("schema version %d, this Stationhand knows up to %d: %w", userVersion, newest, core.ErrSchemaTooNew)
	}
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	for v := range applied {
		if !known[v] {
			return fmt.Errorf("schema migration %d is unknown to this Stationhand: %w", v, core.ErrSchemaTooNew)
		}
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
			return err
		}
		if len(applied) > 0 || userVersion == 0 {
			return nil
		}
		// A store from before this bookkeeping: user_version says how far it got.
		for _, m := range ms {
			if m.version <= userVersion {
				if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations(version, applied_at) VALUES(?, 0)", m.version); err != nil {
					return err
				}
				applied[m.version] = true
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("schema bookkeeping: %w", err)
	}
	for _, m := range ms {
		if applied[m.version] || (apply != nil && !apply(m.version)) {
			continue
		}
		err := db.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations(version, applied_at) VALUES(?, ?)", m.version, time.Now().Unix()); err != nil {
				return err
			}
			userVersion = max(userVersion, m.version)
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", userVersion))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// appliedMigrations returns the migrations recorded in the store, without
// creating anything (a store may turn out to be too new to touch).
func (db *DB) appliedMigrations(ctx context.Context) (map[int]bool, error) {
	applied := map[int]bool{}
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").Scan(&n); err != nil || n == 0 {
		return applied, err
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

// SchemaID names the exact set of migrations this binary knows, for caches
// of prepared stores (benchmarks) that must be rebuilt when it changes.
func SchemaID() string {
	h := fnv.New32a()
	for _, m := range migrations() {
		h.Write([]byte(m.name))
	}
	return fmt.Sprintf("%d-%08x", SchemaVersion(), h.Sum32())
}

// Version returns the schema version of the open database.
func (db *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// write runs fn in a write transaction (BEGIN IMMEDIATE, so two writers
// queue on the busy timeout instead of failing on a lock upgrade).
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	eventsBefore := db.events.Load()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.committed(ctx)
	if db.events.Load() != eventsBefore {
		db.hooksMu.Lock()
		hooks := db.onEvent
		db.hooksMu.Unlock()
		for _, fn := range hooks {
			fn()
		}
	}
	if db.afterCommit != nil {
		db.afterCommit()
	}
	return nil
}

// read runs fn in a read-only view of the database.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// OnEvent registers fn to run after every commit that wrote at least one
// outbox event: the sync loop's cue to push. fn runs on the committing
// goroutine and must not block.
func (db *DB) OnEvent(fn func()) {
	db.hooksMu.Lock()
	defer db.hooksMu.Unlock()
	db.onEvent = append(db.onEvent, fn)
}

// SetAfterCommit installs a hook that runs after every committed write. It
// exists for crash tests (kill the process right after a commit) and must
// not be used otherwise.
func (db *DB) SetAfterCommit(fn func()) { db.afterCommit = fn }

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
