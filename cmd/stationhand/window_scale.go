package main

import (
	"context"
	"log"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core/scale"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui"
)

// settingScale names the pack station's scale: "hid:/dev/hidraw0", or
// "serial:/dev/ttyUSB0:9600:continuous" (or ":sics" for Mettler Toledo
// MT-SICS). Unset: weights are typed or scanned.
const settingScale = "pack.scale"

// openScale opens the station's scale, or returns nil (and logs why) when
// there is none or it cannot be opened: packing goes on with typed weights.
func openScale(ctx context.Context, db *sqlite.DB) (ui.WeightReader, func()) {
	v, _ := db.Setting(ctx, settingScale)
	kind, rest, _ := strings.Cut(strings.TrimSpace(v), ":")
	switch kind {
	case "":
		return nil, func() {}
	case "hid":
		s, err := scale.OpenHID(rest)
		if err != nil {
			log.Printf("scale: %v", err)
			return nil, func() {}
		}
		return s, func() { s.Close() }
	case "serial":
		parts := strings.Split(rest, ":")
		baud, protocol := 9600, scale.Continuous
		if len(parts) > 1 {
			baud, _ = strconv.Atoi(parts[1])
		}
		if len(parts) > 2 && parts[2] == string(scale.SICS) {
			protocol = scale.SICS
		}
		port, err := scale.OpenSerial(parts[0], baud)
		if err != nil {
			log.Printf("scale: %v", err)
			return nil, func() {}
		}
		s := scale.NewSerialScale(port, protocol)
		return s, func() { s.Close() }
	}
	log.Printf("scale: setting %s=%q is neither hid:… nor serial:…", settingScale, v)
	return nil, func() {}
}
