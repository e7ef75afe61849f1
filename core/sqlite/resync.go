package sqlite

import (
	"context"
	"fmt"
)

// ResetSyncCursor makes the next pull start from the beginning: the hub
// sends every record of the location again and the station applies them
// over what it has (applying is idempotent). Waiting events are kept.
func (db *DB) ResetSyncCursor(ctx context.Context) error {
	if err := db.SetSetting(ctx, settingSyncCursor, ""); err != nil {
		return fmt.Errorf("re-pull everything: %w", err)
	}
	return nil
}
