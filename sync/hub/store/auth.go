package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
)

// Principal is who a bearer token belongs to: a terminal (which may push and
// pull for its own location only) or an ingest key (which may create and
// change orders for any location).
type Principal struct {
	Kind     string        // "terminal" or "ingest"
	Terminal core.Terminal // for a terminal
	KeyName  string        // for an ingest key
	// Integration is the order system reading the feed (integrations.go).
	Integration Integration
}

// Principal kinds.
const (
	KindTerminal = "terminal"
	KindIngest   = "ingest"
)

// Token prefixes tell at a glance what a token is for.
const (
	terminalTokenPrefix = "sht_"
	ingestTokenPrefix   = "shk_"
)

func newToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is what the hub stores instead of a token. Tokens carry 256 bits
// of randomness, so a plain SHA-256 is enough: there is nothing to guess.
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Location is a store or warehouse that terminals belong to.
type Location struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	Terminals int       `json:"terminals"` // enrolled and not revoked
}

// PutLocation creates a location, or renames it when the code exists.
func (db *DB) PutLocation(ctx context.Context, code, name string) error {
	code = strings.TrimSpace(code)
	if code == "" {
		return core.Errorf(core.EINVALID, "location", "A location needs a code (e.g. STORE-12).")
	}
	if name == "" {
		name = code
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO locations(code, name, created_at) VALUES($1, $2, $3)
			ON CONFLICT(code) DO UPDATE SET name = excluded.name`, code, name, db.now())
		return err
	})
}

// Locations lists every location with its number of active terminals.
func (db *DB) Locations(ctx context.Context) ([]Location, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT l.code, l.name, l.created_at,
			(SELECT COUNT(*) FROM terminals t WHERE t.location = l.code AND t.revoked_at IS NULL)
		FROM locations l ORDER BY l.code`)
	if err != nil {
		return nil, fmt.Errorf("locations: %w", err)
	}
	defer rows.Close()
	var out []Location
	for rows.Next() {
		var l Location
		var created int64
		if err := rows.Scan(&l.Code, &l.Name, &created, &l.Terminals); err != nil {
			return nil, fmt.Errorf("locations: %w", err)
		}
		l.CreatedAt = time.UnixMilli(created).UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

func locationExists(ctx context.Context, tx *sql.Tx, code string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM locations WHERE code = $1", code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return core.Errorf(core.ENOTFOUND, "unknown_location", "There is no location %q at this hub; add it first with `hub locations add %s`.", code, code)
	}
	return nil
}

// TerminalInfo is an enrolled terminal as the hub sees it.
type TerminalInfo struct {
	core.Terminal
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	LastSeq   int64      `json:"last_seq"`
	LastSeen  *time.Time `json:"last_seen,omitempty"`
	Version   string     `json:"version,omitempty"` // the Stationhand version it last reported
}

// Enroll registers a terminal at a location and returns it with its bearer
// token. The token is shown this once: the hub keeps only its hash.
func (db *DB) Enroll(ctx context.Context, location, name string) (core.Terminal, string, error) {
	if strings.TrimSpace(name) == "" {
		return core.Terminal{}, "", core.Errorf(core.EINVALID, "terminal_name", "A terminal needs a name staff recognise (e.g. \"Pack 2\").")
	}
	var t core.Terminal
	var token string
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		t, token, err = db.insertTerminal(ctx, tx, location, name)
		return err
	})
	if err != nil {
		return core.Terminal{}, "", fmt.Errorf("enroll terminal: %w", err)
	}
	return t, token, nil
}

// insertTerminal registers a terminal at a location inside tx.
func (db *DB) insertTerminal(ctx context.Context, tx *sql.Tx, location, name string) (core.Terminal, string, error) {
	t := core.Terminal{ID: "t-" + uuid.NewString(), Name: name, Location: location}
	token := newToken(terminalTokenPrefix)
	if err := locationExists(ctx, tx, location); err != nil {
		return t, "", err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO terminals(id, location, name, token_hash, created_at) VALUES($1, $2, $3, $4, $5)`,
		t.ID, location, name, hashToken(token), db.now())
	return t, token, err
}

// Revoke revokes a terminal's token at once: its next request is refused.
// The terminal's events stay; the orders it held claimed are released in
// the same transaction (see ReleaseClaim).
func (db *DB) Revoke(ctx context.Context, terminalID string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE terminals SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", db.now(), terminalID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "unknown_terminal", "No active terminal %q (see `hub terminals`).", terminalID)
		}
		return db.releaseTerminalClaims(ctx, tx, terminalID)
	})
}

// Terminals lists the terminals of a location, or of all locations for "".
func (db *DB) Terminals(ctx context.Context, location string) ([]TerminalInfo, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name, location, created_at, revoked_at, last_seq, last_seen, version
		FROM terminals WHERE $1 = '' OR location = $1 ORDER BY location, name`, location)
	if err != nil {
		return nil, fmt.Errorf("terminals: %w", err)
	}
	defer rows.Close()
	var out []TerminalInfo
	for rows.Next() {
		var t TerminalInfo
		var created, seen int64
		var revoked sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &t.Location, &created, &revoked, &t.LastSeq, &seen, &t.Version); err != nil {
			return nil, fmt.Errorf("terminals: %w", err)
		}
		t.CreatedAt = time.UnixMilli(created).UTC()
		if revoked.Valid {
			r := time.UnixMilli(revoked.Int64).UTC()
			t.RevokedAt = &r
		}
		if seen > 0 {
			s := time.UnixMilli(seen).UTC()
			t.LastSeen = &s
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CreateIngestKey creates a key for an order management system to ingest
// orders with, and returns its token (shown this once).
func (db *DB) CreateIngestKey(ctx context.Context, name string) (id, token string, err error) {
	if strings.TrimSpace(name) == "" {
		return "", "", core.Errorf(core.EINVALID, "key_name", "An ingest key needs a name (e.g. the system that uses it).")
	}
	id = "k-" + uuid.NewString()
	token = newToken(ingestTokenPrefix)
	err = db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_keys(id, name, token_hash, created_at) VALUES($1, $2, $3, $4)`,
			id, name, hashToken(token), db.now())
		return err
	})
	if err != nil {
		return "", "", fmt.Errorf("create ingest key: %w", err)
	}
	return id, token, nil
}

// RevokeIngestKey revokes an ingest key.
func (db *DB) RevokeIngestKey(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", db.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "unknown_key", "No active ingest key %q.", id)
		}
		return nil
	})
}

// Authentication failures, with what the person holding the token can do.
var (
	ErrNoToken      = core.Errorf(core.EUNAUTHORIZED, "no_token", "This request needs a bearer token (Authorization: Bearer …). Enroll the terminal with `hub enroll --location L --name N` and give it the token.")
	ErrUnknownToken = core.Errorf(core.EUNAUTHORIZED, "unknown_token", "The hub does not know this token. Check the token configured at the terminal, or enroll it again with `hub enroll`.")
)

// Authenticate returns who token belongs to. Unknown tokens are refused
// with EUNAUTHORIZED, revoked ones with EFORBIDDEN and the revocation date.
func (db *DB) Authenticate(ctx context.Context, token string) (Principal, error) {
	if token == "" {
		return Principal{}, ErrNoToken
	}
	if strings.HasPrefix(token, integrationTokenPrefix) {
		return db.authenticateIntegration(ctx, token)
	}
	h := hashToken(token)
	if strings.HasPrefix(token, ingestTokenPrefix) {
		var name string
		var revoked sql.NullInt64
		err := db.queryRow(ctx, nil, "SELECT name, revoked_at FROM api_keys WHERE token_hash = $1", h).Scan(&name, &revoked)
		switch {
		case isNoRows(err):
			return Principal{}, ErrUnknownToken
		case err != nil:
			return Principal{}, fmt.Errorf("authenticate: %w", err)
		case revoked.Valid:
			return Principal{}, core.Errorf(core.EFORBIDDEN, "revoked", "The ingest key %q was revoked on %s. Ask the hub's administrator for a new key.",
				name, time.UnixMilli(revoked.Int64).UTC().Format(time.DateTime+" MST"))
		}
		return Principal{Kind: KindIngest, KeyName: name}, nil
	}
	var t core.Terminal
	var revoked sql.NullInt64
	err := db.queryRow(ctx, nil, "SELECT id, name, location, revoked_at FROM terminals WHERE token_hash = $1", h).
		Scan(&t.ID, &t.Name, &t.Location, &revoked)
	switch {
	case isNoRows(err):
		return Principal{}, ErrUnknownToken
	case err != nil:
		return Principal{}, fmt.Errorf("authenticate: %w", err)
	case revoked.Valid:
		return Principal{}, core.Errorf(core.EFORBIDDEN, "revoked", "Terminal %q (%s) was revoked on %s; its token no longer works. Enroll it again with `hub enroll` and configure the new token.",
			t.Name, t.ID, time.UnixMilli(revoked.Int64).UTC().Format(time.DateTime+" MST"))
	}
	return Principal{Kind: KindTerminal, Terminal: t}, nil
}
