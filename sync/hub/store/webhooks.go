package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// WebhookJob is one integration's webhook, leased to one hub process for
// one delivery.
type WebhookJob struct {
	Integration string
	Location    string // "" for every location
	URL         string
	Secret      string
	Cursor      string // the feed cursor delivered so far
	Failures    int    // failed deliveries in a row before this one
}

// ClaimWebhook leases a webhook that is due (not revoked, past its
// backoff, not leased by another process) until now+lease, and returns it;
// false when none is due. Several hub processes can call it: one gets
// each webhook, so pages go out in order.
func (db *DB) ClaimWebhook(ctx context.Context, now time.Time, lease time.Duration) (WebhookJob, bool, error) {
	var j WebhookJob
	var cursor int64
	found := false
	err := db.write(ctx, func(tx *sql.Tx) error {
		ms := now.UnixMilli()
		err := tx.QueryRowContext(ctx, `UPDATE integrations SET webhook_lease = $1
			WHERE id = (SELECT id FROM integrations WHERE webhook_url <> '' AND revoked_at IS NULL
				AND webhook_next_at <= $2 AND webhook_lease < $2 ORDER BY webhook_next_at, id LIMIT 1)
			AND webhook_lease < $2
			RETURNING id, location, webhook_url, webhook_secret, webhook_cursor, webhook_failures`,
			now.Add(lease).UnixMilli(), ms).Scan(&j.Integration, &j.Location, &j.URL, &j.Secret, &cursor, &j.Failures)
		if isNoRows(err) {
			found = false
			return nil
		}
		found = err == nil
		return err
	})
	if err != nil {
		return WebhookJob{}, false, fmt.Errorf("claim webhook: %w", err)
	}
	j.Cursor = strconv.FormatInt(cursor, 10)
	return j, found, nil
}

// WebhookDone ends j's lease: delivered moves its cursor to next (a 2xx
// answer, or nothing to send); otherwise the failure is counted and errMsg
// kept. The webhook is due again at retryAt (at once for the zero time). Nothing changes when the webhook was reconfigured
// meanwhile (its cursor is no longer j's).
func (db *DB) WebhookDone(ctx context.Context, j WebhookJob, delivered bool, next, errMsg string, retryAt time.Time) error {
	_, from, err := ParseFeedCursor(j.Cursor)
	if err != nil {
		return err
	}
	var due int64
	if !retryAt.IsZero() {
		due = retryAt.UnixMilli()
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if delivered {
			_, to, err := ParseFeedCursor(next)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE integrations SET webhook_cursor = $1, webhook_failures = 0, webhook_error = '',
				webhook_next_at = $2, webhook_lease = 0 WHERE id = $3 AND webhook_cursor = $4`, to, due, j.Integration, from)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE integrations SET webhook_failures = webhook_failures + 1, webhook_error = $1,
			webhook_next_at = $2, webhook_lease = 0 WHERE id = $3 AND webhook_cursor = $4`, errMsg, due, j.Integration, from)
		return err
	})
	if err != nil {
		return fmt.Errorf("webhook of %s: %w", j.Integration, err)
	}
	return nil
}
