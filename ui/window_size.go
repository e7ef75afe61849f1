package ui

import "fyne.io/fyne/v2"

// preferredWindow is the size the station window asks for when the screen
// has room: every screen is laid out for it.
var preferredWindow = fyne.NewSize(1280, 800)

// SettingFullScreen is the station setting that opens the window full
// screen ("true"): a dedicated station monitor.
const SettingFullScreen = "ui.full_screen"

// FitWindow returns the size to open the window at on a screen of the
// given size (in Fyne units; zero when unknown): the preferred size, made
// smaller to stay within the screen with room for a task bar and the
// window's title, never below 800x600 unless the screen itself is smaller.
func FitWindow(screen fyne.Size) fyne.Size {
	if screen.Width <= 0 || screen.Height <= 0 {
		return preferredWindow
	}
	w := min(preferredWindow.Width, screen.Width-16)
	h := min(preferredWindow.Height, screen.Height-64)
	w = max(w, min(800, screen.Width))
	h = max(h, min(600, screen.Height))
	return fyne.NewSize(w, h)
}
