package main

import (
	"context"
	"log"

	"github.com/stationhand/stationhand/core/scale"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui"
)

// openScale opens the station's scale (the setting ui.SettingScale, set on
// the settings screen: "hid:/dev/hidraw0", "serial:/dev/ttyUSB0:9600:sics"),
// or returns nil (and logs why) when there is none or it cannot be opened:
// packing goes on with typed weights. The app closes it when it stops.
func openScale(ctx context.Context, db *sqlite.DB) ui.WeightReader {
	v, _ := db.Setting(ctx, ui.SettingScale)
	if v == "" {
		return nil
	}
	s, err := scale.OpenSetting(v)
	if err != nil {
		log.Printf("scale: %v", err)
		return nil
	}
	return s
}
