package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/stationhand/stationhand/core"
)

// The epoch is the generation of the hub's database. Every cursor the hub
// hands out and every push a terminal sends names it. A database that was
// restored from a backup, re-created or copied in from elsewhere gets a new
// epoch, so that terminals stop trusting what they learnt from the old one:
// they pull everything again (their cursors point into a history the hub no
// longer has) and re-send the events the hub lost.

// Epoch returns the database's epoch: as read when it was opened, set by
// RotateEpoch in this process, or read again every few seconds (another
// process ran `hub epoch --rotate`).
func (db *DB) Epoch() string { return *db.epoch.Load() }

// epochRefresh is how often a hub reads the epoch again, so that `hub epoch
// --rotate` reaches every hub sharing the database within seconds.
const epochRefresh = 2 * time.Second

// watchEpoch reads the epoch again every interval until Close.
func (db *DB) watchEpoch(interval time.Duration) {
	defer close(db.watchDone)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-db.watchStop:
			return
		case <-tick.C:
			var epoch string
			ctx, cancel := context.WithTimeout(context.Background(), interval)
			err := db.sql.QueryRowContext(ctx, "SELECT epoch FROM hub_epoch WHERE id = 1").Scan(&epoch)
			cancel()
			if err == nil && epoch != db.Epoch() {
				db.epoch.Store(&epoch)
				db.changes.publishAll() // waiting pulls answer with the cursor refusal now
			}
		}
	}
}

// newID returns 16 random hex digits.
func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// loadEpoch reads the epoch, giving a new database its first one.
func (db *DB) loadEpoch(ctx context.Context) error {
	var epoch string
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_epoch(id, epoch, reason, created_at) VALUES(1, $1, 'new database', $2)
			ON CONFLICT(id) DO NOTHING`, newID(), db.now()); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT epoch FROM hub_epoch WHERE id = 1").Scan(&epoch)
	})
	if err != nil {
		return fmt.Errorf("read the hub's epoch: %w", err)
	}
	db.epoch.Store(&epoch)
	return nil
}

// RotateEpoch gives the database a new epoch and returns it; reason says
// why, for the log and `hub epoch`. Every terminal's next pull then starts
// over and its next push first re-sends what the hub lacks. Run it after
// restoring a PostgreSQL hub from a backup (SQLite: `hub restore` does).
func (db *DB) RotateEpoch(ctx context.Context, reason string) (string, error) {
	epoch := newID()
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE hub_epoch SET epoch = $1, reason = $2, created_at = $3 WHERE id = 1", epoch, reason, db.now())
		if err != nil {
			return err
		}
		db.touch(tx, "", true)             // every waiting pull learns its cursor is refused
		return markFeedEpochStart(ctx, tx) // feed.go
	})
	if err != nil {
		return "", fmt.Errorf("rotate the hub's epoch: %w", err)
	}
	db.epoch.Store(&epoch)
	db.changes.publishAll()
	return epoch, nil
}

// EpochInfo describes the current epoch.
type EpochInfo struct {
	Epoch     string `json:"epoch"`
	Reason    string `json:"reason"`
	CreatedAt int64  `json:"created_at"` // unix milliseconds
}

// EpochInfo returns the current epoch and why it began.
func (db *DB) EpochInfo(ctx context.Context) (EpochInfo, error) {
	var e EpochInfo
	err := db.sql.QueryRowContext(ctx, "SELECT epoch, reason, created_at FROM hub_epoch WHERE id = 1").Scan(&e.Epoch, &e.Reason, &e.CreatedAt)
	if err != nil {
		return e, fmt.Errorf("the hub's epoch: %w", err)
	}
	return e, nil
}

// StartCheck is what StartServing found.
type StartCheck struct {
	Epoch   string
	Rotated bool
	Reason  string // why the epoch was rotated
}

// servedMarker is what a serving hub remembers, in a file beside its
// SQLite database, about the database it served: which epoch, which run,
// and how far its streams and its terminals' sequences had got.
type servedMarker struct {
	Epoch   string `json:"epoch"`
	Boot    string `json:"boot"`
	Streams int64  `json:"streams"` // the sum of the stream versions
	Events  int64  `json:"events"`  // the sum of the terminals' last sequences
}

// markerPath is the file of the served marker. It is not part of a backup
// of the database: a database restored without it is treated as copied in.
func (db *DB) markerPath() string { return db.path + "-served" }

// StartServing is what `hub serve` calls before it answers terminals. On
// SQLite it checks that the database is the one this hub served last and
// rotates the epoch if not:
//
//   - the database was not closed by the hub that served it: either that
//     hub stopped abruptly (a power cut can then have lost commits) or the
//     file is a copy taken while it ran, as a backup takes it, restored now;
//   - it was served before, but the served marker beside it is missing or
//     names another epoch or run: it was restored or copied in;
//   - its streams or terminals' sequences are behind what the marker says
//     this hub served: it was rolled back.
//
// It then marks the database as open by this run; Close marks it closed.
// On PostgreSQL, which several hubs share and whose backups are restored by
// its administrator, it changes nothing (see RotateEpoch).
func (db *DB) StartServing(ctx context.Context) (StartCheck, error) {
	if db.d.name != "sqlite" {
		return StartCheck{Epoch: db.Epoch()}, nil
	}
	var boot, lastBoot string
	if err := db.sql.QueryRowContext(ctx, "SELECT boot, last_boot FROM hub_epoch WHERE id = 1").Scan(&boot, &lastBoot); err != nil {
		return StartCheck{}, fmt.Errorf("start serving: %w", err)
	}
	mark, err := readMarker(db.markerPath())
	if err != nil {
		return StartCheck{}, fmt.Errorf("start serving: %w", err)
	}
	streams, events, err := db.highWater(ctx)
	if err != nil {
		return StartCheck{}, fmt.Errorf("start serving: %w", err)
	}
	check := StartCheck{}
	switch {
	case boot != "":
		check.Reason = "the database was not closed by the hub that served it: it is a copy taken while a hub ran, or that hub stopped abruptly"
	case mark == nil && lastBoot != "":
		check.Reason = "nothing shows that this hub served this database file: it was restored or copied in"
	case mark != nil && (mark.Epoch != db.Epoch() || mark.Boot != lastBoot):
		check.Reason = "the database is not the one this hub served last: it was restored or copied in"
	case mark != nil && (streams < mark.Streams || events < mark.Events):
		check.Reason = "the database holds less than this hub served: it was rolled back"
	}
	if check.Reason != "" {
		if _, err := db.RotateEpoch(ctx, check.Reason); err != nil {
			return StartCheck{}, err
		}
		check.Rotated = true
	}
	check.Epoch = db.Epoch()
	run := newID()
	if err := db.markRun(ctx, run, run); err != nil {
		return StartCheck{}, fmt.Errorf("start serving: %w", err)
	}
	db.boot = run
	if err := writeMarker(db.markerPath(), servedMarker{Epoch: check.Epoch, Boot: run, Streams: streams, Events: events}); err != nil {
		return StartCheck{}, fmt.Errorf("start serving: %w", err)
	}
	return check, nil
}

// stopServing marks the database closed by this run, and notes how far it
// got in the served marker.
func (db *DB) stopServing() error {
	if db.boot == "" {
		return nil
	}
	ctx := context.Background()
	streams, events, err := db.highWater(ctx)
	if err != nil {
		return fmt.Errorf("stop serving: %w", err)
	}
	if err := db.markRun(ctx, "", db.boot); err != nil {
		return fmt.Errorf("stop serving: %w", err)
	}
	return writeMarker(db.markerPath(), servedMarker{Epoch: db.Epoch(), Boot: db.boot, Streams: streams, Events: events})
}

func (db *DB) markRun(ctx context.Context, boot, lastBoot string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE hub_epoch SET boot = $1, last_boot = $2 WHERE id = 1", boot, lastBoot)
		return err
	})
}

// highWater returns how far the database's change streams and its
// terminals' sequences have got; both only ever grow.
func (db *DB) highWater(ctx context.Context) (streams, events int64, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT (SELECT COALESCE(SUM(version), 0) FROM streams),
		(SELECT COALESCE(SUM(last_seq), 0) FROM terminals)`).Scan(&streams, &events)
	return streams, events, err
}

func readMarker(path string) (*servedMarker, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m servedMarker
	if json.Unmarshal(b, &m) != nil {
		return nil, nil // a damaged marker proves nothing: as if missing
	}
	return &m, nil
}

// writeMarker replaces the marker file durably: written aside, flushed,
// renamed over the old one, and the folder flushed.
func writeMarker(path string, m servedMarker) error {
	b, _ := json.Marshal(m)
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("served marker: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("served marker: %w", err)
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}

// Restore replaces the SQLite hub database at path with the backup in
// from, and gives it a new epoch, so that terminals pull everything again
// and re-send what the backup lacks. The hub must be stopped: a database a
// hub has open is refused unless force is set. The backup is copied with
// VACUUM INTO (a consistent copy, whatever WAL lies beside it) and renamed
// into place; its schema is brought up to date.
func Restore(ctx context.Context, from, path string, force bool) (StartCheck, error) {
	if _, err := os.Stat(from); err != nil {
		return StartCheck{}, core.Errorf(core.EINVALID, "restore_from", "Cannot read the backup %s: %v.", from, err)
	}
	if !force {
		if cur, err := Open(ctx, path); err == nil {
			var boot string
			cur.sql.QueryRowContext(ctx, "SELECT boot FROM hub_epoch WHERE id = 1").Scan(&boot)
			cur.Close()
			if boot != "" {
				return StartCheck{}, core.Errorf(core.ECONFLICT, "hub_running",
					"The hub database %s is open by a running hub (or one that stopped abruptly). Stop the hub first; if it is not running, restore with --force.", path)
			}
		}
	}
	// The backup itself stays untouched: it is read from a copy (with the
	// WAL beside it, if any), which the schema is brought up to date in.
	work, err := os.MkdirTemp(filepath.Dir(path), ".restore-")
	if err != nil {
		return StartCheck{}, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(work)
	copyOf := filepath.Join(work, "backup.db")
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(from+suffix, copyOf+suffix); err != nil && !(suffix != "" && errors.Is(err, os.ErrNotExist)) {
			return StartCheck{}, fmt.Errorf("restore from %s: %w", from, err)
		}
	}
	src, err := Open(ctx, copyOf)
	if err != nil {
		return StartCheck{}, fmt.Errorf("restore from %s: %w", from, err)
	}
	tmp := path + ".restoring"
	os.Remove(tmp)
	_, err = src.sql.ExecContext(ctx, "VACUUM INTO $1", tmp)
	src.Close()
	if err != nil {
		os.Remove(tmp)
		return StartCheck{}, fmt.Errorf("restore from %s: copy: %w", from, err)
	}
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return StartCheck{}, fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return StartCheck{}, fmt.Errorf("restore: %w", err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		return StartCheck{}, fmt.Errorf("restore: %w", err)
	}
	defer db.Close()
	reason := "restored from the backup " + filepath.Base(from)
	epoch, err := db.RotateEpoch(ctx, reason)
	if err != nil {
		return StartCheck{}, err
	}
	// Closed cleanly by a "run" the marker names: the next `hub serve`
	// keeps this epoch.
	run := "restore-" + newID()
	if err := db.markRun(ctx, "", run); err != nil {
		return StartCheck{}, err
	}
	streams, events, err := db.highWater(ctx)
	if err != nil {
		return StartCheck{}, err
	}
	if err := writeMarker(db.markerPath(), servedMarker{Epoch: epoch, Boot: run, Streams: streams, Events: events}); err != nil {
		return StartCheck{}, err
	}
	return StartCheck{Epoch: epoch, Rotated: true, Reason: reason}, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
