package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/stationhand/stationhand/core"
)

func docHash(doc []byte) string {
	h := sha256.Sum256(doc)
	return hex.EncodeToString(h[:16])
}

// PutProducts creates or updates products (shared by every location), keyed
// by SKU. It returns how many were new or changed; identical ones change
// nothing and are not sent to terminals again.
func (db *DB) PutProducts(ctx context.Context, ps []core.Product) (changed int, err error) {
	for _, p := range ps {
		if strings.TrimSpace(p.SKU) == "" || strings.TrimSpace(p.Name) == "" {
			return 0, core.Errorf(core.EINVALID, "product", "Every product needs a SKU and a name (product %q).", p.SKU)
		}
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		changed = 0
		var keys []string
		for _, p := range ps {
			p.ID = 0
			doc, _ := json.Marshal(p)
			h := docHash(doc)
			var old string
			err := tx.QueryRowContext(ctx, "SELECT hash FROM products WHERE sku = $1"+db.d.forUpdate, p.SKU).Scan(&old)
			if err != nil && !isNoRows(err) {
				return err
			}
			if old == h {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO products(sku, doc, hash) VALUES($1, $2, $3)
				ON CONFLICT(sku) DO UPDATE SET doc = excluded.doc, hash = excluded.hash`, p.SKU, string(doc), h); err != nil {
				return fmt.Errorf("product %s: %w", p.SKU, err)
			}
			keys = append(keys, p.SKU)
		}
		changed = len(keys)
		return db.bump(ctx, tx, "", kindProduct, keys)
	})
	if err != nil {
		return 0, fmt.Errorf("put products: %w", err)
	}
	return changed, nil
}

// PutBins creates or updates bins of a location, keyed by code (upper
// case), and returns how many were new or changed.
func (db *DB) PutBins(ctx context.Context, location string, bins []core.Bin) (changed int, err error) {
	for _, b := range bins {
		if strings.TrimSpace(b.Code) == "" {
			return 0, core.Errorf(core.EINVALID, "bin", "Every bin needs a code.")
		}
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := locationExists(ctx, tx, location); err != nil {
			return err
		}
		var keys []string
		for _, b := range bins {
			b.ID = 0
			b.Code = strings.ToUpper(strings.TrimSpace(b.Code))
			doc, _ := json.Marshal(b)
			var old string
			err := tx.QueryRowContext(ctx, "SELECT doc FROM bins WHERE location = $1 AND code = $2"+db.d.forUpdate, location, b.Code).Scan(&old)
			if err != nil && !isNoRows(err) {
				return err
			}
			if old == string(doc) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO bins(location, code, doc) VALUES($1, $2, $3)
				ON CONFLICT(location, code) DO UPDATE SET doc = excluded.doc`, location, b.Code, string(doc)); err != nil {
				return fmt.Errorf("bin %s: %w", b.Code, err)
			}
			keys = append(keys, b.Code)
		}
		changed = len(keys)
		return db.bump(ctx, tx, location, kindBin, keys)
	})
	if err != nil {
		return 0, fmt.Errorf("put bins: %w", err)
	}
	return changed, nil
}

// PutStock sets how many units of products bins of a location hold, and
// returns how many records changed. Bins and products must exist.
func (db *DB) PutStock(ctx context.Context, location string, recs []core.StockRecord) (changed int, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := locationExists(ctx, tx, location); err != nil {
			return err
		}
		var keys []string
		for _, r := range recs {
			r.BinCode = strings.ToUpper(strings.TrimSpace(r.BinCode))
			if r.Qty < 0 {
				return core.Explained(core.EINVALID, "stock", fmt.Sprintf("Stock cannot be negative (%s in %s).", r.SKU, r.BinCode))
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM bins WHERE location = $1 AND code = $2)
				+ (SELECT COUNT(*) FROM products WHERE sku = $3)`, location, r.BinCode, r.SKU).Scan(&n); err != nil {
				return err
			}
			if n != 2 {
				return core.Errorf(core.ENOTFOUND, "stock", "Unknown bin %s at %s or unknown product %s: add them before their stock.", r.BinCode, location, r.SKU)
			}
			key := stockKey(r.BinCode, r.SKU)
			var old int
			err := tx.QueryRowContext(ctx, "SELECT qty FROM stock WHERE location = $1 AND skey = $2"+db.d.forUpdate, location, key).Scan(&old)
			if err != nil && !isNoRows(err) {
				return err
			}
			if err == nil && old == r.Qty {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO stock(location, skey, bin, sku, qty) VALUES($1, $2, $3, $4, $5)
				ON CONFLICT(location, skey) DO UPDATE SET qty = excluded.qty`, location, key, r.BinCode, r.SKU, r.Qty); err != nil {
				return err
			}
			keys = append(keys, key)
		}
		changed = len(keys)
		return db.bump(ctx, tx, location, kindStock, keys)
	})
	if err != nil {
		return 0, fmt.Errorf("put stock: %w", err)
	}
	return changed, nil
}

// stockKey is a stock record's key in the change stream.
func stockKey(bin, sku string) string { return bin + "\x1f" + sku }

// StaffMember is a member of staff as the hub keeps them.
type StaffMember struct {
	core.StaffRecord
	Location string `json:"location"`
}

// AddStaff adds a member of staff to a location with a PIN (stored only as
// its hash) and returns them with the id the hub gave them.
func (db *DB) AddStaff(ctx context.Context, location string, s core.Staff, pin string) (StaffMember, error) {
	if strings.TrimSpace(s.Name) == "" {
		return StaffMember{}, core.Errorf(core.EINVALID, "staff", "A member of staff needs a name.")
	}
	if len(s.Roles) == 0 {
		return StaffMember{}, core.Errorf(core.EINVALID, "staff", "Give %s at least one role (picker, packer, associate, inspector, dispatch, supervisor).", s.Name)
	}
	for _, r := range s.Roles {
		if !slices.Contains([]core.Role{core.RolePicker, core.RolePacker, core.RoleAssociate, core.RoleInspector, core.RoleDispatch, core.RoleSupervisor}, r) {
			return StaffMember{}, core.Errorf(core.EINVALID, "role", "Unknown role %q (picker, packer, associate, inspector, dispatch, supervisor).", r)
		}
	}
	if err := core.CheckPINPolicy(s.Roles, pin); err != nil {
		return StaffMember{}, err
	}
	hash, err := core.HashPIN(pin)
	if err != nil {
		return StaffMember{}, err
	}
	return db.AddStaffHashed(ctx, location, s, hash)
}

// AddStaffHashed adds a member of staff whose PIN is already hashed (with
// core.HashPIN), e.g. when moving staff from another system.
func (db *DB) AddStaffHashed(ctx context.Context, location string, s core.Staff, hash string) (StaffMember, error) {
	if strings.TrimSpace(s.Name) == "" || len(s.Roles) == 0 || hash == "" {
		return StaffMember{}, core.Errorf(core.EINVALID, "staff", "A member of staff needs a name, a role and a PIN.")
	}
	lang, err := staffLanguage(s.Language)
	if err != nil {
		return StaffMember{}, err
	}
	s.Language = lang
	m := StaffMember{StaffRecord: core.StaffRecord{Staff: s, PINHash: hash, Active: true}, Location: location}
	m.Badge = strings.ToUpper(strings.TrimSpace(m.Badge))
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := locationExists(ctx, tx, location); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO staff(location, name, badge, roles, pin_hash, active, language) VALUES($1, $2, $3, $4, $5, 1, $6)
			RETURNING id`, location, m.Name, m.Badge, joinRoles(m.Roles), hash, m.Language).Scan(&m.ID)
		if isUnique(err) {
			return core.Errorf(core.ECONFLICT, "badge_taken", "Badge %s is already in use at %s.", m.Badge, location)
		}
		if err != nil {
			return err
		}
		return db.bump(ctx, tx, location, kindStaff, []string{fmt.Sprint(m.ID)})
	})
	if err != nil {
		return StaffMember{}, fmt.Errorf("add staff: %w", err)
	}
	return m, nil
}

// SetStaffActive deactivates (or reactivates) a member of staff: terminals
// stop (or start again) accepting their sign-in after their next pull.
func (db *DB) SetStaffActive(ctx context.Context, id int64, active bool) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var loc string
		err := tx.QueryRowContext(ctx, "UPDATE staff SET active = $1 WHERE id = $2 RETURNING location", boolInt(active), id).Scan(&loc)
		if isNoRows(err) {
			return core.Errorf(core.ENOTFOUND, "unknown_staff", "No member of staff with id %d (see `hub staff list`).", id)
		}
		if err != nil {
			return err
		}
		return db.bump(ctx, tx, loc, kindStaff, []string{fmt.Sprint(id)})
	})
}

// Staff lists the staff of a location, or of every location for "".
func (db *DB) Staff(ctx context.Context, location string) ([]StaffMember, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, location, name, badge, roles, pin_hash, active, language FROM staff
		WHERE $1 = '' OR location = $1 ORDER BY location, name, id`, location)
	if err != nil {
		return nil, fmt.Errorf("staff: %w", err)
	}
	defer rows.Close()
	var out []StaffMember
	for rows.Next() {
		var m StaffMember
		var roles string
		var active int
		if err := rows.Scan(&m.ID, &m.Location, &m.Name, &m.Badge, &roles, &m.PINHash, &active, &m.Language); err != nil {
			return nil, fmt.Errorf("staff: %w", err)
		}
		m.Roles = splitRoles(roles)
		m.Active = active == 1
		out = append(out, m)
	}
	return out, rows.Err()
}

func joinRoles(rs []core.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func splitRoles(s string) []core.Role {
	var out []core.Role
	for _, r := range strings.Split(s, ",") {
		if r != "" {
			out = append(out, core.Role(r))
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
