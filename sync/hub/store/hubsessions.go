package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// SessionTTL is how long a console sign-in lasts.
const SessionTTL = 12 * time.Hour

// HubSession is a signed-in console user.
type HubSession struct {
	User HubUser
	// CSRF is the token every form of this session carries.
	CSRF    string
	Expires time.Time
}

// ErrNoSession is the answer for a missing, expired or signed-out session.
var ErrNoSession = core.Errorf(core.EUNAUTHORIZED, "no_session", "Please sign in.")

// CreateHubSession starts a console session for user and returns the token
// for its cookie. The hub keeps only the token's hash.
func (db *DB) CreateHubSession(ctx context.Context, user HubUser) (token string, s HubSession, err error) {
	token = newToken("shs_")
	s = HubSession{User: user, CSRF: newToken(""), Expires: db.Now().Add(SessionTTL).UTC()}
	err = db.write(ctx, func(tx *sql.Tx) error {
		// Old sessions of anyone go when someone signs in: no sweeper needed.
		if _, err := tx.ExecContext(ctx, `DELETE FROM hub_sessions WHERE expires_at < $1`, db.now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO hub_sessions(token_hash, user_id, csrf, created_at, expires_at) VALUES($1, $2, $3, $4, $5)`,
			hashToken(token), user.ID, s.CSRF, db.now(), s.Expires.UnixMilli())
		return err
	})
	if err != nil {
		return "", HubSession{}, fmt.Errorf("console session for %s: %w", user.Name, err)
	}
	return token, s, nil
}

// HubSession returns the live session of a cookie's token.
func (db *DB) HubSession(ctx context.Context, token string) (HubSession, error) {
	if token == "" {
		return HubSession{}, ErrNoSession
	}
	var s HubSession
	var locs string
	var created, expires int64
	var disabled sql.NullInt64
	err := db.sql.QueryRowContext(ctx, `SELECT s.csrf, s.expires_at, u.id, u.name, u.role, u.locations, u.created_at, u.disabled_at
		FROM hub_sessions s JOIN hub_users u ON u.id = s.user_id WHERE s.token_hash = $1`, hashToken(token)).
		Scan(&s.CSRF, &expires, &s.User.ID, &s.User.Name, &s.User.Role, &locs, &created, &disabled)
	if isNoRows(err) {
		return HubSession{}, ErrNoSession
	}
	if err != nil {
		return HubSession{}, fmt.Errorf("console session: %w", err)
	}
	if disabled.Valid || expires < db.now() {
		return HubSession{}, ErrNoSession
	}
	s.User.Locations, s.User.CreatedAt = strings.Split(locs, ","), time.UnixMilli(created).UTC()
	s.Expires = time.UnixMilli(expires).UTC()
	return s, nil
}

// EndHubSession signs a session out.
func (db *DB) EndHubSession(ctx context.Context, token string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM hub_sessions WHERE token_hash = $1`, hashToken(token))
		return err
	})
}
