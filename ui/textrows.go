package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TextRows shows a multi-line text as one text object per line, spaced as
// a label spaces its lines, so that a change to one line redraws that line
// alone. A single label redraws every line
// of itself on any change: on the pack screen, whose list of lines changes
// with each unit scanned, that was most of the cost of the next frame.
type TextRows struct {
	widget.BaseWidget
	// Text is the whole text shown, lines joined by "\n" (read it; set it
	// with SetText).
	Text      string
	TextStyle fyne.TextStyle

	box *fyne.Container
}

// NewTextRows returns an empty text in the given style.
func NewTextRows(style fyne.TextStyle) *TextRows {
	r := &TextRows{TextStyle: style, box: container.New(layout.NewCustomPaddedVBoxLayout(theme.LineSpacing()))}
	r.ExtendBaseWidget(r)
	return r
}

// SetText shows s, changing only the lines that differ.
func (r *TextRows) SetText(s string) {
	if s == r.Text {
		return
	}
	r.Text = s
	lines := strings.Split(s, "\n")
	if s == "" {
		lines = nil
	}
	added := false
	for i, line := range lines {
		if i < len(r.box.Objects) {
			if t := r.box.Objects[i].(*canvas.Text); t.Text != line {
				t.Text = line
				t.Refresh()
			}
			continue
		}
		t := canvas.NewText(line, theme.Color(theme.ColorNameForeground))
		t.TextStyle = r.TextStyle
		r.box.Objects = append(r.box.Objects, t)
		added = true
	}
	removed := len(r.box.Objects) > len(lines)
	r.box.Objects = r.box.Objects[:len(lines)]
	if added || removed {
		r.box.Refresh()
	}
}

// CreateRenderer implements fyne.Widget.
func (r *TextRows) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(layout.NewCustomPaddedLayout(
		theme.InnerPadding(), theme.InnerPadding(), theme.InnerPadding(), theme.InnerPadding()), r.box))
}
