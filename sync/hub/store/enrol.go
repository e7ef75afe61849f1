package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/sync/wire"
)

// CreateEnrolmentCode makes a one-time code that enrols one station at
// location within enrol.TTL. name is the station's suggested name ("" lets
// the station choose). The hub keeps only the code's hash.
func (db *DB) CreateEnrolmentCode(ctx context.Context, location, name string) (code string, expires time.Time, err error) {
	code = enrol.NewOneTime()
	now := db.Now()
	expires = now.Add(enrol.TTL)
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := locationExists(ctx, tx, location); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO enrolment_codes(code_hash, location, name, created_at, expires_at) VALUES($1, $2, $3, $4, $5)`,
			hashToken(code), location, strings.TrimSpace(name), now.UnixMilli(), expires.UnixMilli())
		return err
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("create enrolment code: %w", err)
	}
	return code, expires, nil
}

// NewEnrolmentCode makes the whole enrolment code a station scans: a
// one-time code for location (CreateEnrolmentCode) with the hub's public
// address hubURL and, for a hub with its own private CA, the CA's
// fingerprint ("" with a public certificate). `hub enroll --qr` and the
// console's stations page both make codes here.
func (db *DB) NewEnrolmentCode(ctx context.Context, hubURL, caFingerprint, location, name string) (enrol.Code, time.Time, error) {
	if err := enrol.CheckHubURL(hubURL, true); err != nil {
		return enrol.Code{}, time.Time{}, err
	}
	c := enrol.Code{HubURL: strings.TrimRight(hubURL, "/"), Location: location}
	if strings.HasPrefix(hubURL, "https://") {
		c.CAFingerprint = caFingerprint
	}
	code, expires, err := db.CreateEnrolmentCode(ctx, location, name)
	if err != nil {
		return enrol.Code{}, time.Time{}, err
	}
	c.OneTime = code
	return c, expires, nil
}

// Refusals of an enrolment code, for the person at the new station.
var (
	ErrUnknownEnrolmentCode = core.Errorf(core.EUNAUTHORIZED, "unknown_enrolment_code",
		"The hub does not know this enrolment code. Check it was typed right, or make a new one with `hub enroll --qr`.")
)

// RedeemEnrolmentCode enrols a station with a one-time code: it registers
// the terminal, marks the code used, gives the station its own SSCC range
// (when the hub numbers parcels) and returns its location's defaults. An
// unknown, used or expired code changes nothing.
func (db *DB) RedeemEnrolmentCode(ctx context.Context, req wire.EnrolRequest) (wire.EnrolResponse, error) {
	code := enrol.NormaliseOneTime(req.Code)
	var res wire.EnrolResponse
	err := db.write(ctx, func(tx *sql.Tx) error {
		res = wire.EnrolResponse{}
		var location, name string
		var expires int64
		var used sql.NullInt64
		var usedBy sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT location, name, expires_at, used_at, terminal_id FROM enrolment_codes WHERE code_hash = $1`,
			hashToken(code)).Scan(&location, &name, &expires, &used, &usedBy)
		switch {
		case isNoRows(err):
			return ErrUnknownEnrolmentCode
		case err != nil:
			return err
		case used.Valid:
			return core.Errorf(core.EFORBIDDEN, "enrolment_code_used",
				"This enrolment code was already used at %s to enrol a station; each code enrols one station. Make a new one with `hub enroll --qr`.",
				time.UnixMilli(used.Int64).UTC().Format(time.DateTime+" MST"))
		case db.now() >= expires:
			return core.Errorf(core.EFORBIDDEN, "enrolment_code_expired",
				"This enrolment code expired at %s (codes last %d minutes). Make a new one with `hub enroll --qr`.",
				time.UnixMilli(expires).UTC().Format(time.DateTime+" MST"), int(enrol.TTL/time.Minute))
		}
		if n := strings.TrimSpace(req.Name); n != "" {
			name = n
		}
		if name == "" {
			return core.Errorf(core.EINVALID, "terminal_name", "Give the station a name staff recognise (e.g. \"Pack 2\").")
		}
		t, token, err := db.insertTerminal(ctx, tx, location, name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE terminals SET version = $1 WHERE id = $2`, req.Version, t.ID); err != nil {
			return err
		}
		// Marked used only if still unused: two stations racing with one
		// code cannot both win (the loser's transaction changes nothing).
		r, err := tx.ExecContext(ctx, `UPDATE enrolment_codes SET used_at = $1, terminal_id = $2 WHERE code_hash = $3 AND used_at IS NULL`,
			db.now(), t.ID, hashToken(code))
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return core.Errorf(core.EFORBIDDEN, "enrolment_code_used", "This enrolment code was just used by another station; make a new one with `hub enroll --qr`.")
		}
		rng, err := db.allocateSSCC(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		defaults, err := locationDefaults(ctx, tx, location)
		if err != nil {
			return err
		}
		res = wire.EnrolResponse{Terminal: t, Token: token, SSCC: rng, Defaults: defaults}
		return nil
	})
	if err != nil {
		return wire.EnrolResponse{}, fmt.Errorf("enrolment: %w", err)
	}
	return res, nil
}

// SetSSCCNumbering makes the hub number new stations' parcels under a
// company prefix and extension digit: each station enrolled from now on
// gets the next free block (sscc.ForTerminal), starting at fromBlock (1 if
// 0; set it past the numbers given out by hand with `label-setup
// --terminal N`). A block handed out is never handed out again, even when
// fromBlock is set lower later.
func (db *DB) SetSSCCNumbering(ctx context.Context, prefix string, extension, fromBlock int) error {
	if fromBlock == 0 {
		fromBlock = 1
	}
	if _, err := sscc.ForTerminal(prefix, extension, fromBlock); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sscc_numbering SET current = 0`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sscc_numbering(company_prefix, extension, next_block, current) VALUES($1, $2, $3, 1)
			ON CONFLICT(company_prefix, extension) DO UPDATE SET current = 1,
				next_block = CASE WHEN excluded.next_block > sscc_numbering.next_block THEN excluded.next_block ELSE sscc_numbering.next_block END`,
			prefix, extension, fromBlock)
		return err
	})
}

// allocateSSCC gives terminal the next block of the current numbering, or
// nil when the hub does not number parcels.
func (db *DB) allocateSSCC(ctx context.Context, tx *sql.Tx, terminal string) (*sscc.Range, error) {
	var prefix string
	var ext, block int
	// The UPDATE takes the row's lock (PostgreSQL) before reading the block,
	// so concurrent enrolments take turns.
	err := tx.QueryRowContext(ctx, `UPDATE sscc_numbering SET next_block = next_block + 1 WHERE current = 1
		RETURNING company_prefix, extension, next_block - 1`).Scan(&prefix, &ext, &block)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r, err := sscc.ForTerminal(prefix, ext, block)
	if err != nil {
		return nil, core.Errorf(core.ECONFLICT, "sscc_exhausted",
			"The hub has given out every SSCC block under company prefix %s (extension %d); set another with `hub sscc`.", prefix, ext)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sscc_ranges(terminal_id, company_prefix, extension, block, first_serial, last_serial) VALUES($1, $2, $3, $4, $5, $6)`,
		terminal, prefix, ext, block, r.First, r.Last)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// SSCCRanges lists the SSCC range of every station that has one, by terminal id.
func (db *DB) SSCCRanges(ctx context.Context) (map[string]sscc.Range, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT terminal_id, company_prefix, extension, first_serial, last_serial FROM sscc_ranges`)
	if err != nil {
		return nil, fmt.Errorf("sscc ranges: %w", err)
	}
	defer rows.Close()
	out := map[string]sscc.Range{}
	for rows.Next() {
		var id string
		var r sscc.Range
		if err := rows.Scan(&id, &r.CompanyPrefix, &r.Extension, &r.First, &r.Last); err != nil {
			return nil, fmt.Errorf("sscc ranges: %w", err)
		}
		out[id] = r
	}
	return out, rows.Err()
}

// SetLocationDefaults sets what new stations of location start with.
func (db *DB) SetLocationDefaults(ctx context.Context, location string, d wire.LocationDefaults) error {
	if d.Printer != nil {
		if err := d.Printer.Validate(); err != nil {
			return err
		}
	}
	doc, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := locationExists(ctx, tx, location); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO location_defaults(location, doc) VALUES($1, $2)
			ON CONFLICT(location) DO UPDATE SET doc = excluded.doc`, location, string(doc))
		return err
	})
}

// LocationDefaults returns what new stations of location start with.
func (db *DB) LocationDefaults(ctx context.Context, location string) (wire.LocationDefaults, error) {
	var d wire.LocationDefaults
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		d, err = locationDefaults(ctx, tx, location)
		return err
	})
	return d, err
}

func locationDefaults(ctx context.Context, tx *sql.Tx, location string) (wire.LocationDefaults, error) {
	var d wire.LocationDefaults
	var doc string
	err := tx.QueryRowContext(ctx, `SELECT doc FROM location_defaults WHERE location = $1`, location).Scan(&doc)
	if isNoRows(err) {
		return d, nil
	}
	if err != nil {
		return d, err
	}
	return d, json.Unmarshal([]byte(doc), &d)
}

// SetTerminalVersion records the Stationhand version a terminal reported.
func (db *DB) SetTerminalVersion(ctx context.Context, terminal, version string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE terminals SET version = $1 WHERE id = $2 AND version <> $1`, version, terminal)
		return err
	})
}
