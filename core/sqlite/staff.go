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
	rows, err := db.sql.QueryContext(ctx, "SELECT id, name, COALESCE(badge, ''), roles, language FROM staff WHERE active = 1 ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("staff list: %w", err)
	}
	defer rows.Close()
	var out []core.Staff
	for rows.Next() {
		var s core.Staff
		var roles string
		if err := rows.Scan(&s.ID, &s.Name, &s.Badge, &roles, &s.Language); err != nil {
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
		// to approve with any more. The sign-in screen asks for a new one
		// (ChangePIN) before it lets them in.
		return core.Staff{}, core.Errorf(core.EFORBIDDEN, core.ReasonPINChangeRequired,
			"%s, your PIN is too short for a supervisor: choose a new one of at least %d digits now.",
			s.Name, core.MinApproverPINLen)
	}
	return s, db.signedIn(ctx, s, "pin")
}

// ChangePIN gives a member of staff a new PIN after checking their old
// one (wrong ones count towards the lock-out, as at sign-in), and signs
// them in with it. The new PIN follows the rules of a new one (supervisors
// six digits or more) and differs from the old. The new hash replaces the
// old one here at once and goes to the hub as EventStaffPINChanged, which
// gives it to the location's other stations.
func (db *DB) ChangePIN(ctx context.Context, staffID int64, oldPIN, newPIN string) (core.Staff, error) {
	s, hash, err := db.staffWhere(ctx, "id = ?", staffID)
	if err != nil {
		return core.Staff{}, err
	}
	if err := db.verifyPIN(ctx, s, hash, oldPIN); err != nil {
		return core.Staff{}, err
	}
	if err := core.CheckPINPolicy(s.Roles, newPIN); err != nil {
		return core.Staff{}, err
	}
	if newPIN == oldPIN {
		return core.Staff{}, core.Errorf(core.EINVALID, "pin_unchanged", "The new PIN must differ from the old one.")
	}
	newHash, err := core.HashPIN(newPIN)
	if err != nil {
		return core.Staff{}, err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE staff SET pin_hash = ? WHERE id = ?", newHash, s.ID); err != nil {
			return err
		}
		if _, err := db.recordEvent(ctx, tx, core.EventStaffPINChanged, "", s.ID, core.PINChangedPayload{PINHash: newHash}); err != nil {
			return err
		}
		_, err := db.recordEvent(ctx, tx, core.EventStaffSignedIn, "", s.ID, map[string]any{"method": "pin"})
		return err
	})
	if err != nil {
		return core.Staff{}, fmt.Errorf("change the PIN of %s: %w", s.Name, err)
	}
	return s, nil
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
			"%s's PIN is too short to approve with: supervisors need at least %d digits. Sign in with it once to choose a new one.", s.Name, core.MinApproverPINLen)
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
	err := db.sql.QueryRowContext(ctx, "SELECT id, name, COALESCE(badge, ''), roles, pin_hash, language FROM staff WHERE active = 1 AND "+where, arg).
		Scan(&s.ID, &s.Name, &s.Badge, &roles, &hash, &s.Language)
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
