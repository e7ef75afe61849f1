package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The setters here change a widget only when its content changes. A scan
// answers with a handful of new texts; refreshing every text on the screen
// as well (re-shaping each one) cost more than the scan itself and, in a
// scanner's burst, queued the answers up to a frame that came too late.
// A text that changes size needs no more than its own refresh: the canvas
// lays its parents out again before the next frame.

// setLabel sets a label's text if it differs.
func setLabel(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// setBig sets a headline's text if it differs.
func setBig(b *BigText, s string) {
	if b.Text != s {
		b.Text = s
		b.Refresh()
	}
}

// setProgress sets a bar's value if it differs.
func setProgress(p *widget.ProgressBar, v float64) {
	if p.Value != v {
		p.SetValue(v)
	}
}

// setCodeButtons fills a row of training buttons, one per barcode, unless
// it already shows those barcodes.
func setCodeButtons(c *fyne.Container, codes []string, tap func(string)) {
	if slices.Equal(codeButtonTexts(c), codes) {
		return
	}
	buttons := make([]fyne.CanvasObject, 0, len(codes))
	for _, code := range codes {
		code := code
		buttons = append(buttons, widget.NewButton(code, func() { tap(code) }))
	}
	c.Objects = buttons
	c.Refresh()
}

func codeButtonTexts(c *fyne.Container) []string {
	out := make([]string, 0, len(c.Objects))
	for _, o := range c.Objects {
		b, ok := o.(*widget.Button)
		if !ok {
			return nil
		}
		out = append(out, b.Text)
	}
	return out
}
