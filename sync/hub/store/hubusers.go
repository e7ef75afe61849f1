package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"golang.org/x/crypto/bcrypt"
)

// Console roles: a supervisor acts on the stations and orders of their
// locations; an admin also sees every location given to them ('*': all).
const (
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
)

// PasswordCost is the bcrypt cost of console passwords: about a quarter
// of a second per sign-in on a small server, which is what makes a stolen
// table slow to guess from.
const PasswordCost = 12

// AllLocations in a user's locations gives them every location.
const AllLocations = "*"

// HubUser is a person who signs in to the operations console.
type HubUser struct {
	ID        int64
	Name      string
	Role      string
	Locations []string // location codes, or [AllLocations]
	CreatedAt time.Time
	Disabled  bool
}

// Sees reports whether u may see location loc.
func (u HubUser) Sees(loc string) bool {
	return slices.Contains(u.Locations, AllLocations) || slices.Contains(u.Locations, loc)
}

// AddHubUser creates a console user with a bcrypt hash of password. Every
// location named must exist (AllLocations stands for all of them).
func (db *DB) AddHubUser(ctx context.Context, name, role, password string, locations []string) (HubUser, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return HubUser{}, core.Errorf(core.EINVALID, "no_name", "A console user needs a name.")
	}
	if role != RoleSupervisor && role != RoleAdmin {
		return HubUser{}, core.Errorf(core.EINVALID, "bad_role", "A console user's role is %s or %s, not %q.", RoleSupervisor, RoleAdmin, role)
	}
	if len(password) < 10 {
		return HubUser{}, core.Errorf(core.EINVALID, "weak_password", "A console password needs at least 10 characters.")
	}
	if len(locations) == 0 {
		return HubUser{}, core.Errorf(core.EINVALID, "no_locations", "Give the user at least one location (or %q for all).", AllLocations)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), PasswordCost)
	if err != nil {
		return HubUser{}, core.Errorf(core.EINVALID, "bad_password", "The password cannot be used: %v.", err)
	}
	u := HubUser{Name: name, Role: role, Locations: locations, CreatedAt: db.Now().UTC()}
	err = db.write(ctx, func(tx *sql.Tx) error {
		for _, l := range locations {
			if l == AllLocations {
				continue
			}
			if err := locationExists(ctx, tx, l); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO hub_users(name, role, locations, password_hash, created_at) VALUES($1, $2, $3, $4, $5) RETURNING id`,
			name, role, strings.Join(locations, ","), string(hash), u.CreatedAt.UnixMilli()).Scan(&u.ID)
		if isUnique(err) {
			return core.Errorf(core.ECONFLICT, "user_exists", "There is already a console user named %q.", name)
		}
		return err
	})
	if err != nil {
		return HubUser{}, fmt.Errorf("add console user %s: %w", name, err)
	}
	return u, nil
}

// ErrBadCredentials is the answer to a wrong name or password: the same
// for both, so the sign-in page does not tell which names exist.
var ErrBadCredentials = core.Errorf(core.EUNAUTHORIZED, "bad_credentials", "The name or the password is wrong.")

// dummyHash is compared against when the name is unknown, so that an
// unknown name takes as long as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("stationhand-no-such-user"), PasswordCost)

// CheckHubUser returns the active user with this name and password.
func (db *DB) CheckHubUser(ctx context.Context, name, password string) (HubUser, error) {
	var u HubUser
	var locs, hash string
	var created int64
	var disabled sql.NullInt64
	err := db.sql.QueryRowContext(ctx, `SELECT id, name, role, locations, password_hash, created_at, disabled_at FROM hub_users WHERE name = $1`,
		strings.TrimSpace(name)).Scan(&u.ID, &u.Name, &u.Role, &locs, &hash, &created, &disabled)
	if isNoRows(err) {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return HubUser{}, ErrBadCredentials
	}
	if err != nil {
		return HubUser{}, fmt.Errorf("console sign-in: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || disabled.Valid {
		return HubUser{}, ErrBadCredentials
	}
	u.Locations = strings.Split(locs, ",")
	u.CreatedAt = time.UnixMilli(created).UTC()
	return u, nil
}

// HubUsers lists the console users.
func (db *DB) HubUsers(ctx context.Context) ([]HubUser, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name, role, locations, created_at, disabled_at FROM hub_users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("console users: %w", err)
	}
	defer rows.Close()
	var out []HubUser
	for rows.Next() {
		var u HubUser
		var locs string
		var created int64
		var disabled sql.NullInt64
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &locs, &created, &disabled); err != nil {
			return nil, fmt.Errorf("console users: %w", err)
		}
		u.Locations, u.CreatedAt, u.Disabled = strings.Split(locs, ","), time.UnixMilli(created).UTC(), disabled.Valid
		out = append(out, u)
	}
	return out, rows.Err()
}
