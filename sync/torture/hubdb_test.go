package torture_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to read a PostgreSQL hub beside it
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// hubDB is where the hub keeps its data, as an operator sees it: a SQLite
// file, or a schema of a PostgreSQL server (with -torture.pg).
type hubDB interface {
	// backup copies the database while the hub runs, as a backup does.
	backup(to string) error
	// restore puts a backup back; the hub is stopped.
	restore(from string) error
	// eventIDs returns the ids of the events the database holds.
	eventIDs() (map[string]bool, error)
}

// sqliteHub is a hub's SQLite file.
type sqliteHub struct{ path string }

func (h sqliteHub) backup(to string) error             { return backup(h.path, to) }
func (h sqliteHub) restore(from string) error          { return restore(h.path, from) }
func (h sqliteHub) eventIDs() (map[string]bool, error) { return hubEventIDs(h.path) }

// postgresHub is a hub's schema on the test PostgreSQL: backed up with
// pg_dump while the hub runs, restored with psql and then given a new
// epoch, as its administrator would (`hub epoch --rotate`).
type postgresHub struct{ dsn, server, schema string }

// newPostgresHub returns a new, empty schema, dropped when t ends.
func newPostgresHub(t testing.TB) (postgresHub, error) {
	dsn := hubtest.PostgresDSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		return postgresHub{}, err
	}
	q := u.Query()
	schema := q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return postgresHub{dsn: dsn, server: u.String(), schema: schema}, nil
}

func (h postgresHub) backup(to string) error {
	out, err := exec.Command("pg_dump", "--dbname="+h.server, "--schema="+h.schema, "--no-owner", "--file="+to).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_dump: %v: %s", err, out)
	}
	return nil
}

func (h postgresHub) restore(from string) error {
	for _, args := range [][]string{{"-c", "DROP SCHEMA IF EXISTS " + h.schema + " CASCADE"}, {"-f", from}} {
		cmd := exec.Command("psql", append([]string{"--dbname=" + h.server, "-q", "-v", "ON_ERROR_STOP=1"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("psql %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	return rotateEpoch(h.dsn)
}

func (h postgresHub) eventIDs() (map[string]bool, error) {
	db, err := sql.Open("pgx", h.dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query("SELECT event_id FROM events")
	if err != nil {
		return nil, fmt.Errorf("read the hub's events: %w", err)
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

// rotateEpoch gives a restored PostgreSQL hub a new epoch, as `hub epoch
// --rotate` does.
func rotateEpoch(dsn string) error {
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.RotateEpoch(context.Background(), "restored from a backup by the torture loop"); err != nil {
		return fmt.Errorf("rotate the epoch: %w", err)
	}
	return nil
}

// usePostgres reports whether the hub runs on PostgreSQL.
func usePostgres() bool { return *flagPG || os.Getenv("STATIONHAND_TORTURE_PG") != "" }
