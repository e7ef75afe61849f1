package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
)

// KindIntegration is the principal kind of an order system reading the
// feed (GET /v1/feed).
const KindIntegration = "integration"

const integrationTokenPrefix = "shi_"

// Integration is an order system allowed to read the feed, of one location
// or of all (Location ""), optionally with a webhook.
type Integration struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Location   string     `json:"location,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	WebhookURL string     `json:"webhook_url,omitempty"`
	// Webhook delivery state: the last position delivered, failures in a
	// row and the last error.
	WebhookCursor   int64  `json:"webhook_cursor,omitempty"`
	WebhookFailures int    `json:"webhook_failures,omitempty"`
	WebhookError    string `json:"webhook_error,omitempty"`
}

// CreateIntegration creates an integration for location ("" for all) and
// returns it with its bearer token, shown this once: the hub keeps its hash.
func (db *DB) CreateIntegration(ctx context.Context, name, location string) (Integration, string, error) {
	if strings.TrimSpace(name) == "" {
		return Integration{}, "", core.Errorf(core.EINVALID, "integration_name", "An integration needs a name (e.g. the order system that reads the feed).")
	}
	in := Integration{ID: "i-" + uuid.NewString(), Name: name, Location: location, CreatedAt: time.UnixMilli(db.now()).UTC()}
	token := newToken(integrationTokenPrefix)
	err := db.write(ctx, func(tx *sql.Tx) error {
		if location != "" {
			if err := locationExists(ctx, tx, location); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO integrations(id, name, location, token_hash, created_at) VALUES($1, $2, $3, $4, $5)`,
			in.ID, name, location, hashToken(token), in.CreatedAt.UnixMilli())
		return err
	})
	if err != nil {
		return Integration{}, "", fmt.Errorf("create integration: %w", err)
	}
	return in, token, nil
}

// SetWebhook has the integration's feed delivered to url, signed with
// secret; an empty url stops deliveries. Deliveries start after from (a
// feed cursor, "" for the start of the feed).
func (db *DB) SetWebhook(ctx context.Context, id, rawURL, secret, from string) error {
	if rawURL != "" {
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return core.Errorf(core.EINVALID, "webhook_url", "The webhook URL %q is not an http(s) URL.", rawURL)
		}
		if len(secret) < 16 {
			return core.Errorf(core.EINVALID, "webhook_secret", "A webhook secret needs at least 16 characters (the receiver checks the signature with it).")
		}
	}
	cursor, err := db.feedPosition(ctx, from)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE integrations SET webhook_url = $1, webhook_secret = $2, webhook_cursor = $3,
			webhook_failures = 0, webhook_next_at = 0, webhook_error = '' WHERE id = $4 AND revoked_at IS NULL`, rawURL, secret, cursor, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "unknown_integration", "No active integration %q (see `hub integration list`).", id)
		}
		return nil
	})
}

// RevokeIntegration revokes an integration's token and stops its webhook.
func (db *DB) RevokeIntegration(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE integrations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", db.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "unknown_integration", "No active integration %q (see `hub integration list`).", id)
		}
		return nil
	})
}

// Integrations lists every integration.
func (db *DB) Integrations(ctx context.Context) ([]Integration, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name, location, created_at, revoked_at, webhook_url, webhook_cursor,
		webhook_failures, webhook_error FROM integrations ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("integrations: %w", err)
	}
	defer rows.Close()
	var out []Integration
	for rows.Next() {
		var in Integration
		var created int64
		var revoked sql.NullInt64
		if err := rows.Scan(&in.ID, &in.Name, &in.Location, &created, &revoked, &in.WebhookURL, &in.WebhookCursor,
			&in.WebhookFailures, &in.WebhookError); err != nil {
			return nil, fmt.Errorf("integrations: %w", err)
		}
		in.CreatedAt = msTime(created)
		if revoked.Valid {
			r := msTime(revoked.Int64)
			in.RevokedAt = &r
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// authenticateIntegration returns the principal of an integration token.
func (db *DB) authenticateIntegration(ctx context.Context, token string) (Principal, error) {
	var in Integration
	var revoked sql.NullInt64
	err := db.queryRow(ctx, nil, "SELECT id, name, location, revoked_at FROM integrations WHERE token_hash = $1", hashToken(token)).
		Scan(&in.ID, &in.Name, &in.Location, &revoked)
	switch {
	case isNoRows(err):
		return Principal{}, ErrUnknownToken
	case err != nil:
		return Principal{}, fmt.Errorf("authenticate: %w", err)
	case revoked.Valid:
		return Principal{}, core.Errorf(core.EFORBIDDEN, "revoked", "The integration %q was revoked on %s. Ask the hub's administrator for a new token (`hub integration add`).",
			in.Name, msTime(revoked.Int64).Format(time.DateTime+" MST"))
	}
	return Principal{Kind: KindIntegration, Integration: in}, nil
}
