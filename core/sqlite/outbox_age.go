package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// OldestPending returns when the oldest event still waiting to be pushed
// was recorded, or the zero time when none waits: the station's status
// bar shows its age while offline.
func (db *DB) OldestPending(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	err := db.sql.QueryRowContext(ctx, "SELECT at FROM events WHERE pushed = 0 ORDER BY seq LIMIT 1").Scan(&at)
	if isNoRows(err) || err == nil && !at.Valid {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("oldest pending event: %w", err)
	}
	return time.UnixMilli(at.Int64), nil
}
