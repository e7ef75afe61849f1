package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Ready checks that the database answers and holds every migration this
// hub knows (another hub process may be migrating it): what a load
// balancer asks before sending a hub requests.
func (db *DB) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		return fmt.Errorf("ready: %w", err)
	}
	if want := len(migrations(db.d.name)); n < want {
		return core.Errorf(core.EUNAVAILABLE, "not_migrated", "The hub database has %d of the %d migrations this hub needs.", n, want)
	}
	return nil
}

// StationsOnline counts the stations, not revoked, that pushed within
// OnlineWindow.
func (db *DB) StationsOnline(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM terminals WHERE revoked_at IS NULL AND last_seen >= $1",
		db.Now().Add(-OnlineWindow).UnixMilli()).Scan(&n)
	return n, err
}

// SetTerminalOutbox records how many events a station reported waiting.
func (db *DB) SetTerminalOutbox(ctx context.Context, terminalID string, waiting int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE terminals SET outbox = $1, outbox_at = $2 WHERE id = $3", waiting, db.now(), terminalID)
		return err
	})
}
