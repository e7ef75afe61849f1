package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// sideBySide puts the working column (the scan panel and what it acts on)
// left and the lists and buttons right; the right side scrolls down
// rather than grow the window taller.
func sideBySide(left, right fyne.CanvasObject) fyne.CanvasObject {
	s := container.NewHSplit(left, container.NewVScroll(right))
	s.Offset = 0.58
	return s
}
