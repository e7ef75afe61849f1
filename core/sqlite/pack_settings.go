package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/printing"
)

const settingShip = "pack.ship_settings"

// ShipSettings returns what this station prints on its parcels: sender
// address, carrier, returns page, packing slip paper.
func (db *DB) ShipSettings(ctx context.Context) (core.ShipSettings, error) {
	var s core.ShipSettings
	v, err := db.Setting(ctx, settingShip)
	if err != nil || v == "" {
		return s, err
	}
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return s, fmt.Errorf("ship settings: %w", err)
	}
	return s, nil
}

// SetShipSettings stores what this station prints on its parcels.
func (db *DB) SetShipSettings(ctx context.Context, s core.ShipSettings) error {
	if s.Paper != "" && s.Paper != "A4" && s.Paper != "Letter" {
		return core.Errorf(core.EINVALID, "bad_paper", "Packing slips print on A4 or Letter, not %q.", s.Paper)
	}
	body, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("ship settings: %w", err)
	}
	return db.SetSetting(ctx, settingShip, string(body))
}

const (
	settingPrinter        = "printing.config"
	settingCarrierPrinter = "printing.carrier_config"
)

// PrinterConfig returns this station's printer setup; ok is false when
// none is set.
func (db *DB) PrinterConfig(ctx context.Context) (c printing.Config, ok bool, err error) {
	v, err := db.Setting(ctx, settingPrinter)
	if err != nil || v == "" {
		return c, false, err
	}
	if err := json.Unmarshal([]byte(v), &c); err != nil {
		return c, false, fmt.Errorf("printer setup: %w", err)
	}
	return c, true, nil
}

// SetPrinterConfig stores this station's printer setup.
func (db *DB) SetPrinterConfig(ctx context.Context, c printing.Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("printer setup: %w", err)
	}
	return db.SetSetting(ctx, settingPrinter, string(body))
}

// CarrierPrinterConfig returns the setup of this station's second printer,
// for carrier labels only (a thermal ZPL printer beside a PDF printer, say);
// ok is false when the station has none.
func (db *DB) CarrierPrinterConfig(ctx context.Context) (c printing.Config, ok bool, err error) {
	v, err := db.Setting(ctx, settingCarrierPrinter)
	if err != nil || v == "" {
		return c, false, err
	}
	if err := json.Unmarshal([]byte(v), &c); err != nil {
		return c, false, fmt.Errorf("carrier label printer setup: %w", err)
	}
	return c, true, nil
}

// SetCarrierPrinterConfig stores the setup of this station's printer for
// carrier labels.
func (db *DB) SetCarrierPrinterConfig(ctx context.Context, c printing.Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("carrier label printer setup: %w", err)
	}
	return db.SetSetting(ctx, settingCarrierPrinter, string(body))
}

// ClearCarrierPrinterConfig removes the station's printer for carrier
// labels: they print on the station's printer again.
func (db *DB) ClearCarrierPrinterConfig(ctx context.Context) error {
	return db.SetSetting(ctx, settingCarrierPrinter, "")
}

// SettingWeightTolerance is the pack station's weight check, in per cent of
// the contents' product weights ("" is pack.DefaultWeightTolerancePct, "off"
// turns it off).
const SettingWeightTolerance = "pack.weight_tolerance_pct"

// parseWeightTolerance reads SettingWeightTolerance's value v (NULL when
// the setting is not there) for pack.Order. loadPack reads it in the same
// statement as the order.
func parseWeightTolerance(v sql.NullString) (int, error) {
	t := strings.TrimSpace(v.String)
	if t == "" {
		return 0, nil
	}
	if strings.EqualFold(t, "off") {
		return -1, nil
	}
	pct, err := strconv.Atoi(strings.TrimSuffix(t, "%"))
	if err != nil || pct < 1 || pct > 100 {
		return 0, core.Errorf(core.EINVALID, "bad_setting", "The weight tolerance setting %q is not a per cent from 1 to 100 (or off).", v.String)
	}
	return pct, nil
}
