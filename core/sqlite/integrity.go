package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrDamaged is a database file SQLite finds damaged: its pages are not
// what SQLite wrote. Nothing was changed; the way out is to rebuild it from
// the hub (`stationhand recover`), keeping what can still be read.
var ErrDamaged = &core.Error{Code: core.EINTERNAL, Reason: "database_damaged",
	Message: "This station's database is damaged. Nothing was changed: rebuild it from the hub."}

// ErrStoreMissing is a station that was set up (its identity file is
// there) whose database file is missing or empty. Starting afresh would
// give it a new terminal id and lose what it had not sent yet; it is an
// error, never a silent fresh start.
var ErrStoreMissing = &core.Error{Code: core.EINTERNAL, Reason: "database_missing",
	Message: "This station's database is missing or empty, but the station was set up. Rebuild it from the hub."}

// Identity is who the station is, kept in a small file beside the database
// (IdentityPath) so that a lost or emptied database is noticed instead of
// being re-created under a new terminal id. It holds no secret: the token
// stays in the database.
type Identity struct {
	TerminalID   string    `json:"terminal_id"`
	TerminalName string    `json:"terminal_name,omitempty"`
	Location     string    `json:"location,omitempty"`
	HubURL       string    `json:"hub_url,omitempty"`
	WrittenAt    time.Time `json:"written_at"`
}

// IdentityPath is the identity file of the database at dbPath.
func IdentityPath(dbPath string) string { return dbPath + ".identity" }

// ReadIdentity reads the identity file beside the database at dbPath. ok
// is false when there is none.
func ReadIdentity(dbPath string) (id Identity, ok bool, err error) {
	data, err := os.ReadFile(IdentityPath(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return id, false, nil
	}
	if err != nil {
		return id, false, fmt.Errorf("read station identity: %w", err)
	}
	if err := json.Unmarshal(data, &id); err != nil {
		return id, false, fmt.Errorf("read station identity %s: %w", IdentityPath(dbPath), err)
	}
	return id, true, nil
}

// WriteIdentity writes the identity file beside the database at dbPath,
// durably: a temporary file synced, renamed over the old one, and the
// folder synced.
func WriteIdentity(dbPath string, id Identity) error {
	data, err := json.MarshalIndent(id, "", "  ")
	if err != nil {
		return err
	}
	path := IdentityPath(dbPath)
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write station identity: %w", err)
	}
	_, err = f.Write(append(data, '\n'))
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
		return fmt.Errorf("write station identity: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}

// checkPresent refuses to open a missing or empty database for a station
// that has an identity file: that database was lost, not never made.
func checkPresent(path string) error {
	id, ok, err := ReadIdentity(path)
	if err != nil || !ok {
		return err
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return core.Errorf(core.EINTERNAL, ErrStoreMissing.Reason,
			"The database %s of terminal %s is missing (its identity file %s is there). Nothing was created: rebuild it from the hub.",
			path, id.TerminalID, IdentityPath(path))
	case err != nil:
		return err
	case fi.Size() == 0:
		return core.Errorf(core.EINTERNAL, ErrStoreMissing.Reason,
			"The database %s of terminal %s is empty (0 bytes): it was lost, probably in a crash or power cut. Nothing was changed: rebuild it from the hub.",
			path, id.TerminalID)
	}
	return nil
}

// writeIdentity records the store's current identity beside it, with the
// hub it syncs with.
func (db *DB) writeIdentity(ctx context.Context) error {
	t := db.terminal.Load()
	hub, err := db.Setting(ctx, SettingHubURL)
	if err != nil {
		return err
	}
	return WriteIdentity(db.path, Identity{TerminalID: t.ID, TerminalName: t.Name, Location: t.Location, HubURL: hub, WrittenAt: time.Now().UTC()})
}

// ensureIdentity writes the identity file of a store that has none yet (a
// new store, or one from before identity files).
func (db *DB) ensureIdentity(ctx context.Context) error {
	if _, ok, err := ReadIdentity(db.path); err != nil || ok {
		return err
	}
	return db.writeIdentity(ctx)
}

// IsDamaged reports whether err says the database file is damaged (or is
// not a database at all).
func IsDamaged(err error) bool {
	if errors.Is(err, ErrDamaged) {
		return true
	}
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// damagedError wraps an error SQLite gave on a damaged file into
// ErrDamaged with the details.
func damagedError(path string, err error) error {
	return fmt.Errorf("%w: %s: %v", &core.Error{Code: core.EINTERNAL, Reason: ErrDamaged.Reason,
		Message: fmt.Sprintf("The database %s is damaged (%v). Nothing was changed: rebuild it from the hub.", path, err)}, path, err)
}

// QuickCheck runs SQLite's quick_check over the whole file (every page's
// structure, every record's format; it reads the whole database) and
// returns the problems it found, none when the file is sound.
func (db *DB) QuickCheck(ctx context.Context) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		if IsDamaged(err) {
			return []string{err.Error()}, nil
		}
		return nil, fmt.Errorf("quick check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("quick check: %w", err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		if IsDamaged(err) {
			return append(problems, err.Error()), nil
		}
		return nil, fmt.Errorf("quick check: %w", err)
	}
	return problems, nil
}

// CheckIntegrity runs QuickCheck and turns any problem into ErrDamaged,
// naming the first few.
func (db *DB) CheckIntegrity(ctx context.Context) error {
	problems, err := db.QuickCheck(ctx)
	if err != nil || len(problems) == 0 {
		return err
	}
	shown := problems[:min(3, len(problems))]
	return &core.Error{Code: core.EINTERNAL, Reason: ErrDamaged.Reason,
		Message: fmt.Sprintf("The database %s is damaged: %s. Nothing was changed: rebuild it from the hub.", db.path, strings.Join(shown, "; "))}
}
