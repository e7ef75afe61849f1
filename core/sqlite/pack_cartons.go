package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// Cartons returns the carton catalogue, smallest first.
func (db *DB) Cartons(ctx context.Context) ([]core.Carton, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT code, name, length_mm, width_mm, height_mm, max_weight_g, tare_g, tare_spread_g FROM cartons
		WHERE active = 1 ORDER BY length_mm * width_mm * height_mm, code`)
	if err != nil {
		return nil, fmt.Errorf("cartons: %w", err)
	}
	defer rows.Close()
	var out []core.Carton
	for rows.Next() {
		var c core.Carton
		if err := rows.Scan(&c.Code, &c.Name, &c.LengthMM, &c.WidthMM, &c.HeightMM, &c.MaxWeightG, &c.TareG, &c.TareSpreadG); err != nil {
			return nil, fmt.Errorf("cartons: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveCarton adds a carton to the catalogue, or changes the one with its
// code.
func (db *DB) SaveCarton(ctx context.Context, c core.Carton) error {
	c.Code = strings.ToUpper(strings.TrimSpace(c.Code))
	if err := c.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := db.txExec(ctx, tx, `INSERT INTO cartons(code, name, length_mm, width_mm, height_mm, max_weight_g, tare_g, tare_spread_g, active)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT(code) DO UPDATE SET name = excluded.name, length_mm = excluded.length_mm, width_mm = excluded.width_mm,
				height_mm = excluded.height_mm, max_weight_g = excluded.max_weight_g, tare_g = excluded.tare_g, tare_spread_g = excluded.tare_spread_g, active = 1`,
			c.Code, c.Name, c.LengthMM, c.WidthMM, c.HeightMM, c.MaxWeightG, c.TareG, c.TareSpreadG)
		return err
	})
	if err != nil {
		return fmt.Errorf("save carton %s: %w", c.Code, err)
	}
	return nil
}

// RemoveCarton takes a carton out of the catalogue. Packages packed in it
// keep its code.
func (db *DB) RemoveCarton(ctx context.Context, code string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := db.txExec(ctx, tx, "UPDATE cartons SET active = 0 WHERE code = ? AND active = 1", strings.ToUpper(code))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, core.ErrUnknownCarton.Reason, "Carton %s is not in the catalogue.", code)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("remove carton %s: %w", code, err)
	}
	return nil
}

func (db *DB) cartonByCode(ctx context.Context, tx *sql.Tx, code string) (core.Carton, error) {
	var c core.Carton
	err := db.txQueryRow(ctx, tx, `SELECT code, name, length_mm, width_mm, height_mm, max_weight_g, tare_g, tare_spread_g FROM cartons
		WHERE code = ? AND active = 1`, strings.ToUpper(strings.TrimSpace(code))).
		Scan(&c.Code, &c.Name, &c.LengthMM, &c.WidthMM, &c.HeightMM, &c.MaxWeightG, &c.TareG, &c.TareSpreadG)
	if isNoRows(err) {
		if strings.TrimSpace(code) == "" {
			return c, core.Errorf(core.ErrUnknownCarton.Code, core.ErrUnknownCarton.Reason, "Choose the carton the package is packed in.")
		}
		return c, core.Errorf(core.ErrUnknownCarton.Code, core.ErrUnknownCarton.Reason, "Carton %s is not in the catalogue.", code)
	}
	return c, err
}
