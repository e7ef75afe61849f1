package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// sideBySide puts the working column (the scan panel and what it acts on)
// left and the lists and buttons right; the right side scrolls down
// rather than grow the window taller.
func sideBySide(left, right fyne.CanvasObject) fyne.CanvasObject {
	s := container.NewHSplit(left, container.NewVScroll(right))
	s.Offset = 0.58
	return s
}

// Widths the smallest station window (800x600) leaves: the right column of
// sideBySide, and the centre of a screen with the training card beside it.
const (
	sideColumnWidth = 330
	centreWidth     = 540
	// oneLineButtonWidth is the widest a home button may be on one line:
	// the side column grows into the room the wrapping tiles leave.
	oneLineButtonWidth = 400
)

// fitRow lays buttons side by side in equal columns when their texts fit
// in width together, else in as few equal columns as do fit (two, then
// one): a language with longer words (Spanish, Thai) gets another row
// instead of a window wider than the station's screen.
func fitRow(width float32, objs ...fyne.CanvasObject) *fyne.Container {
	widest := float32(0)
	for _, o := range objs {
		widest = max(widest, o.MinSize().Width)
	}
	pad := theme.Padding()
	cols := len(objs)
	for cols > 1 && float32(cols)*widest+float32(cols-1)*pad > width {
		cols = (cols + 1) / 2
	}
	return container.NewGridWithColumns(cols, objs...)
}

// besideOrBelow puts side right of main when both fit in width together,
// else below it.
func besideOrBelow(width float32, main, side fyne.CanvasObject) *fyne.Container {
	if main.MinSize().Width+theme.Padding()+side.MinSize().Width <= width {
		return container.NewBorder(nil, nil, nil, side, main)
	}
	return container.NewVBox(main, side)
}

// withStatus adds a button's status to its label: on the same line when
// the button stays narrow enough beside the tiles, else on a line of its
// own.
func withStatus(label, status string) string {
	one := label + "  ·  " + status
	if fyne.MeasureText(one, theme.TextSize(), fyne.TextStyle{}).Width+4*theme.InnerPadding() <= oneLineButtonWidth {
		return one
	}
	return label + "\n" + status
}
