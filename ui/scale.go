package ui

import (
	"io"
	"log"

	"github.com/stationhand/stationhand/core/scale"
)

// SettingScale names the pack station's scale, as core/scale.Config
// writes it ("hid:/dev/hidraw0", "serial:/dev/ttyUSB0:9600:continuous");
// unset: weights are typed or scanned.
const SettingScale = "pack.scale"

// openScale opens the scale a setting names (Options.OpenScale, or the
// real device).
func (a *App) openScale(setting string) (scale.Scale, error) {
	if a.opts.OpenScale != nil {
		return a.opts.OpenScale(setting)
	}
	return scale.OpenSetting(setting)
}

// releaseScale closes the station's scale, so the settings screen can
// open the device (a serial port is read by one reader at a time).
func (a *App) releaseScale() {
	if c, ok := a.opts.Scale.(io.Closer); ok {
		c.Close()
	}
	a.opts.Scale = nil
}

// reopenScale opens the scale the settings name now, for the pack screen;
// when it cannot, packing goes on with typed weights and the settings
// screen's last errors say why.
func (a *App) reopenScale() {
	a.releaseScale()
	st, ok := a.store.(settingsStore)
	if !ok {
		return
	}
	ctx, cancel := a.ctx()
	defer cancel()
	v, _ := st.Setting(ctx, SettingScale)
	if v == "" {
		return
	}
	s, err := a.openScale(v)
	if err != nil {
		log.Printf("scale: %v", err)
		recentErrors.add("scale", err)
		return
	}
	a.opts.Scale = s
}
