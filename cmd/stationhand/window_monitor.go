package main

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/glfw/v3.3/glfw"

	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui"
)

// fitToScreen sizes the shown window to the monitor it is on (GLFW tells
// its video mode), or makes it full screen when the station says so.
// Without a monitor size it keeps the preferred size.
func fitToScreen(ctx context.Context, w fyne.Window, db *sqlite.DB) {
	if v, _ := db.Setting(ctx, ui.SettingFullScreen); v == "true" {
		w.SetFullScreen(true)
		return
	}
	w.Resize(ui.FitWindow(monitorSize(w)))
	w.CenterOnScreen()
}

// monitorSize is the size of the window's monitor in Fyne units, or zero.
func monitorSize(w fyne.Window) fyne.Size {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return fyne.Size{}
	}
	var size fyne.Size
	nw.RunNative(func(any) {
		m := glfw.GetPrimaryMonitor()
		if win := glfw.GetCurrentContext(); win != nil && win.GetMonitor() != nil {
			m = win.GetMonitor()
		}
		if m == nil {
			return
		}
		mode := m.GetVideoMode()
		if mode == nil {
			return
		}
		scale := w.Canvas().Scale()
		if scale <= 0 {
			scale = 1
		}
		size = fyne.NewSize(float32(mode.Width)/scale, float32(mode.Height)/scale)
	})
	return size
}
