package torture_test

import (
	"database/sql"
	"fmt"
	"io"
	"os"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" driver, to back up and read databases beside their owners
)

// openSide opens a SQLite database from outside its owner's process, as a
// backup tool or an inspector would, while the owner may be writing.
func openSide(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// backup copies the database at path to dst while its owner runs, the way
// an online backup does (a consistent copy of one moment).
func backup(path, dst string) error {
	db, err := openSide(path)
	if err != nil {
		return err
	}
	defer db.Close()
	tmp := dst + ".tmp"
	os.Remove(tmp)
	if _, err := db.Exec("VACUUM INTO '" + strings.ReplaceAll(tmp, "'", "''") + "'"); err != nil {
		return fmt.Errorf("back up %s: %w", path, err)
	}
	return os.Rename(tmp, dst)
}

// restore replaces the (stopped) database at path with the backup: the
// database file, its WAL and shared memory go, the backup comes back.
func restore(path, backupPath string) error {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	in, err := os.Open(backupPath)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// stationEventIDs returns the ids of the events a station database holds.
func stationEventIDs(path string) (map[string]bool, error) {
	return eventIDs(path, "SELECT id FROM events")
}

// hubEventIDs returns the ids of the events a hub database holds, of any
// terminal.
func hubEventIDs(path string) (map[string]bool, error) {
	return eventIDs(path, "SELECT event_id FROM events")
}

func eventIDs(path, q string) (map[string]bool, error) {
	db, err := openSide(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(q)
	if err != nil {
		return nil, fmt.Errorf("read events of %s: %w", path, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
