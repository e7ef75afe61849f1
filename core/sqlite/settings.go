package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
)

// Setting keys the store itself uses.
const (
	settingTerminalID   = "terminal.id"
	settingTerminalName = "terminal.name"
	settingLocation     = "terminal.location"
	settingSyncCursor   = "sync.cursor"
)

// SettingHubURL is the setting that holds the hub's address; the identity
// file beside the database repeats it.
const SettingHubURL = "sync.hub_url"

// Setting returns the value stored under key, or "" when there is none.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.sql.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if isNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores value under key.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	err := db.write(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, key, value) })
	if err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	if key == SettingHubURL {
		return db.writeIdentity(ctx)
	}
	return nil
}

func setSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES(?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

func getSetting(ctx context.Context, tx *sql.Tx, key string) (string, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if isNoRows(err) {
		return "", nil
	}
	return v, err
}

// Terminal returns this station's identity.
func (db *DB) Terminal(ctx context.Context) (core.Terminal, error) { return *db.terminal.Load(), nil }

// SetTerminal records this station's identity, as the hub enrolled it. Events
// written from now on carry the new id. A new identity (enrolled again, at
// another location, say) starts a new sequence at the hub, which begins at
// 1: the events sent under the old identity are dropped (the hub has them,
// and they could never be sent again under the new one) and the unsent
// ones are numbered from 1, in order.
func (db *DB) SetTerminal(ctx context.Context, t core.Terminal) error {
	if t.ID == "" {
		return core.Errorf(core.EINVALID, "terminal_id", "A terminal needs an id.")
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		cur, err := getSetting(ctx, tx, settingTerminalID)
		if err != nil {
			return err
		}
		if cur != t.ID {
			if err := db.restartSequence(ctx, tx); err != nil {
				return err
			}
		}
		for k, v := range map[string]string{settingTerminalID: t.ID, settingTerminalName: t.Name, settingLocation: t.Location} {
			if err := setSetting(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set terminal: %w", err)
	}
	db.terminal.Store(&t)
	return db.writeIdentity(ctx)
}

// loadTerminal reads the station's identity, giving a new database a
// provisional id so that events written before enrolment are still unique.
func (db *DB) loadTerminal(ctx context.Context) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		id, err := getSetting(ctx, tx, settingTerminalID)
		if err != nil {
			return err
		}
		if id == "" {
			id = "local-" + uuid.NewString()[:8]
			if err := setSetting(ctx, tx, settingTerminalID, id); err != nil {
				return err
			}
		}
		name, err := getSetting(ctx, tx, settingTerminalName)
		if err != nil {
			return err
		}
		loc, err := getSetting(ctx, tx, settingLocation)
		if err != nil {
			return err
		}
		db.terminal.Store(&core.Terminal{ID: id, Name: name, Location: loc})
		return nil
	})
}

// SyncCursor returns where the next pull from the hub continues.
func (db *DB) SyncCursor(ctx context.Context) (string, error) {
	return db.Setting(ctx, settingSyncCursor)
}
