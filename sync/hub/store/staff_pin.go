package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// SetStaffPIN gives a member of staff a new PIN (kept as its hash), under
// the same rules as a new one: supervisors need six digits. Their
// stations take it with their next pull; the old PIN stops working then.
func (db *DB) SetStaffPIN(ctx context.Context, id int64, pin string) error {
	var roles string
	err := db.sql.QueryRowContext(ctx, "SELECT roles FROM staff WHERE id = $1", id).Scan(&roles)
	if isNoRows(err) {
		return core.Errorf(core.ENOTFOUND, "unknown_staff", "No member of staff with id %d (see `hub staff list`).", id)
	}
	if err != nil {
		return fmt.Errorf("staff PIN: %w", err)
	}
	if err := core.CheckPINPolicy(splitRoles(roles), pin); err != nil {
		return err
	}
	hash, err := core.HashPIN(pin)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var loc string
		if err := tx.QueryRowContext(ctx, "UPDATE staff SET pin_hash = $1 WHERE id = $2 RETURNING location", hash, id).Scan(&loc); err != nil {
			return err
		}
		return db.bump(ctx, tx, loc, kindStaff, []string{fmt.Sprint(id)})
	})
}

// SetStaffLanguage sets the language the station screens speak to a member
// of staff ("" for the station's default); their stations take it with
// their next pull and use it from their next sign-in.
func (db *DB) SetStaffLanguage(ctx context.Context, id int64, language string) error {
	lang, err := staffLanguage(language)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var loc string
		err := tx.QueryRowContext(ctx, "UPDATE staff SET language = $1 WHERE id = $2 RETURNING location", lang, id).Scan(&loc)
		if isNoRows(err) {
			return core.Errorf(core.ENOTFOUND, "unknown_staff", "No member of staff with id %d (see `hub staff list`).", id)
		}
		if err != nil {
			return fmt.Errorf("staff language: %w", err)
		}
		return db.bump(ctx, tx, loc, kindStaff, []string{fmt.Sprint(id)})
	})
}

// staffLanguage checks a staff language against the languages the
// stations speak, matching case ("ZH-hans" is zh-Hans).
func staffLanguage(language string) (string, error) {
	language = strings.TrimSpace(language)
	if language == "" {
		return "", nil
	}
	for _, l := range core.StaffLanguages {
		if strings.EqualFold(l, language) {
			return l, nil
		}
	}
	return "", core.Errorf(core.EINVALID, "language", "The stations do not speak %q; choose one of %s, or none for the station's default.",
		language, strings.Join(core.StaffLanguages, ", "))
}

// changePIN applies a station's EventStaffPINChanged: the person (of the
// terminal's location, as screen checked) gets the new bcrypt hash, and
// the location's stations pull it. The hub never sees the PIN, so the
// station enforced its length; the hub refuses a payload that is not a
// bcrypt hash at the cost it hashes PINs with itself (core.PINCost).
func (a *applier) changePIN(ev core.Event) (reason, message string, err error) {
	var p core.PINChangedPayload
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		return wire.ReasonBadPayload, fmt.Sprintf("Event %d (PIN changed) has no readable new PIN hash; the hub recorded it as refused and the PIN is unchanged.", ev.Seq), nil
	}
	if err := core.CheckPINHash(p.PINHash, core.PINCost); err != nil {
		return wire.ReasonBadPayload, fmt.Sprintf("Event %d (PIN changed): %s The hub recorded it as refused and the PIN is unchanged.", ev.Seq, core.ErrorMessage(err)), nil
	}
	res, err := a.db.exec(a.ctx, a.tx, "UPDATE staff SET pin_hash = $1 WHERE id = $2 AND location = $3", p.PINHash, ev.StaffID, a.t.Location)
	if err != nil {
		return "", "", fmt.Errorf("change PIN of staff %d: %w", ev.StaffID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return wire.ReasonUnknownStaff, fmt.Sprintf("Event %d (PIN changed) names staff %d, who is not on the staff of %s; the PIN is unchanged.", ev.Seq, ev.StaffID, a.t.Location), nil
	}
	return "", "", a.db.bump(a.ctx, a.tx, a.t.Location, kindStaff, []string{fmt.Sprint(ev.StaffID)})
}
