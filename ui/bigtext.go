package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// minTextSize is the smallest a shrinking headline gets: still readable
// at arm's length on a small monitor.
const minTextSize = 14

// BigText is a one-line headline in large type that shrinks to fit the
// width it is given instead of widening the window (a long error made a
// screen 1,129 px wide at 800). Its fields are set like canvas.Text's;
// call Refresh after changing them.
type BigText struct {
	widget.BaseWidget
	Text      string
	TextSize  float32 // the size it is drawn at when there is room
	TextStyle fyne.TextStyle
	Color     color.Color

	text *canvas.Text
}

// newBigText returns a headline in colour c.
func newBigText(text string, c color.Color) *BigText {
	b := &BigText{Text: text, Color: c, TextSize: 22, text: canvas.NewText(text, c)}
	b.ExtendBaseWidget(b)
	return b
}

// TextValue returns the text, for tests and the size check.
func (b *BigText) TextValue() string { return b.Text }

// CreateRenderer implements fyne.Widget.
func (b *BigText) CreateRenderer() fyne.WidgetRenderer { return &bigTextRenderer{b: b} }

type bigTextRenderer struct{ b *BigText }

func (r *bigTextRenderer) sync() {
	t, b := r.b.text, r.b
	t.Text, t.TextStyle, t.Color = b.Text, b.TextStyle, b.Color
}

// MinSize is as tall as the full size and as narrow as the smallest size
// needs, at most 240 wide: the rest shrinks.
func (r *bigTextRenderer) MinSize() fyne.Size {
	b := r.b
	full := fyne.MeasureText(b.Text, b.TextSize, b.TextStyle)
	small := fyne.MeasureText(b.Text, min(minTextSize, b.TextSize), b.TextStyle)
	return fyne.NewSize(min(small.Width, 240), full.Height)
}

// Layout draws the text at the largest size up to TextSize that fits.
func (r *bigTextRenderer) Layout(size fyne.Size) {
	r.sync()
	b, t := r.b, r.b.text
	t.TextSize = b.TextSize
	for t.TextSize > minTextSize && fyne.MeasureText(b.Text, t.TextSize, b.TextStyle).Width > size.Width {
		t.TextSize--
	}
	h := fyne.MeasureText(b.Text, t.TextSize, b.TextStyle).Height
	t.Move(fyne.NewPos(0, (size.Height-h)/2))
	t.Resize(fyne.NewSize(size.Width, h))
}

func (r *bigTextRenderer) Refresh() {
	r.sync()
	r.Layout(r.b.Size())
	r.b.text.Refresh()
}

func (r *bigTextRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.b.text} }
func (r *bigTextRenderer) Destroy()                     {}
