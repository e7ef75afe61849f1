package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// StaffList returns the active staff, by name, for the sign-in screen.
func (db *DB) StaffList(ctx context.Context) ([]core.Staff, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT id, name, COALESCE(badge, ''), roles FROM staff WHERE active = 1 ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("staff list: %w", err)
	}
	defer rows.Close()
	var out []core.Staff
	for rows.Next() {
		var s core.Staff
		var roles string
		if err := rows.Scan(&s.ID, &s.Name, &s.Badge, &roles); err != nil {
			return nil, fmt.Errorf("staff list: %w", err)
		}
		s.Roles = parseRoles(roles)
		out = append(out, s)
	}
	return out, rows.Err()
}

// SignInPIN signs a member of staff in with their PIN.
func (db *DB) SignInPIN(ctx context.Context, staffID int64, pin string) (core.Staff, error) {
	s, hash, err := db.staffWhere(ctx, "id = ?", staffID)
	if err != nil {
		return core.Staff{}, err
	}
	if err := db.verifyPIN(ctx, s, hash, pin); err != nil {
		return core.Staff{}, err
	}
	if err := core.CheckPINPolicy(s.Roles, pin); err != nil {
		// A PIN set before supervisors needed six digits: not good enough
		// to approve with any more.
		return core.Staff{}, core.Errorf(core.EFORBIDDEN, "pin_change_required",
			"%s, your PIN is too short for a supervisor: it needs at least %d digits now. Ask for a new one at the hub (hub staff pin), then sign in with it.",
			s.Name, core.MinApproverPINLen)
	}
	return s, db.signedIn(ctx, s, "pin")
}

// SignInBadge signs in the member of staff whose badge was scanned (badge is
// the id after the badge prefix).
func (db *DB) SignInBadge(ctx context.Context, badge string) (core.Staff, error) {
	s, _, err := db.staffWhere(ctx, "badge = ?", strings.ToUpper(strings.TrimSpace(badge)))
	if err != nil {
		return core.Staff{}, err
	}
	if core.Approves(s.Roles) {
		return core.Staff{}, core.ErrBadgeNeedsPIN
	}
	return s, db.signedIn(ctx, s, "badge")
}

// CheckSupervisor verifies a supervisor's PIN for an action that needs one
// (releasing a lock-out, approving an override) without signing them in.
func (db *DB) CheckSupervisor(ctx context.Context, staffID int64, pin string) (core.Staff, error) {
	s, hash, err := db.staffWhere(ctx, "id = ?", staffID)
	if err != nil {
		return core.Staff{}, err
	}
	if err := db.verifyPIN(ctx, s, hash, pin); err != nil {
		return core.Staff{}, err
	}
	if err := core.CheckPINPolicy(s.Roles, pin); err != nil {
		return core.Staff{}, core.Errorf(core.EFORBIDDEN, "pin_change_required",
			"%s's PIN is too short to approve with: supervisors need at least %d digits. Ask for a new one at the hub (hub staff pin).", s.Name, core.MinApproverPINLen)
	}
	if !s.Can(core.RoleSupervisor) {
		return core.Staff{}, core.Errorf(core.EFORBIDDEN, core.ErrNotAllowed.Reason, "%s is not a supervisor.", s.Name)
	}
	return s, nil
}

// CheckApproval verifies a supervisor's consent: their badge scanned at
// the station, or their PIN typed after choosing their name.
func (db *DB) CheckApproval(ctx context.Context, a Approval) (core.Staff, error) {
	if strings.TrimSpace(a.Badge) == "" {
		return db.CheckSupervisor(ctx, a.SupervisorID, a.PIN)
	}
	s, _, err := db.staffWhere(ctx, "badge = ?", strings.ToUpper(strings.TrimSpace(a.Badge)))
	if err != nil {
		return core.Staff{}, err
	}
	if !s.Can(core.RoleSupervisor) {
		return core.Staff{}, core.Errorf(core.EFORBIDDEN, core.ErrNotAllowed.Reason, "%s is not a supervisor.", s.Name)
	}
	return s, nil
}

func (db *DB) staffWhere(ctx context.Context, where string, arg any) (core.Staff, string, error) {
	var s core.Staff
	var roles, hash string
	err := db.sql.QueryRowContext(ctx, "SELECT id, name, COALESCE(badge, ''), roles, pin_hash FROM staff WHERE active = 1 AND "+where, arg).
		Scan(&s.ID, &s.Name, &s.Badge, &roles, &hash)
	if isNoRows(err) {
		return core.Staff{}, "", core.ErrBadCredentials
	}
	if err != nil {
		return core.Staff{}, "", fmt.Errorf("sign in: %w", err)
	}
	s.Roles = parseRoles(roles)
	return s, hash, nil
}

func (db *DB) signedIn(ctx context.Context, s core.Staff, method string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := db.recordEvent(ctx, tx, core.EventStaffSignedIn, "", s.ID, core.StaffSignedIn{Method: method})
		return err
	})
	if err != nil {
		return fmt.Errorf("sign in %s: %w", s.Name, err)
	}
	return nil
}

func parseRoles(s string) []core.Role {
	var roles []core.Role
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			roles = append(roles, core.Role(r))
		}
	}
	return roles
}
