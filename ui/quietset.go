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
// it already shows those barcodes. It keeps the buttons it has and changes
// the texts that differ: a new button is a new texture for every text in
// it, and a pack screen's codes change with nearly every scan.
func setCodeButtons(c *fyne.Container, codes []string, tap func(string)) {
	have := codeButtonTexts(c)
	if slices.Equal(have, codes) {
		return
	}
	if have == nil && len(c.Objects) > 0 { // not a row of code buttons
		c.Objects = nil
	}
	for i, code := range codes {
		code := code
		if i < len(c.Objects) {
			b := c.Objects[i].(*widget.Button)
			b.OnTapped = func() { tap(code) }
			if b.Text != code {
				b.SetText(code)
			}
			continue
		}
		c.Add(widget.NewButton(code, func() { tap(code) }))
	}
	if len(c.Objects) > len(codes) {
		c.Objects = c.Objects[:len(codes)]
		c.Refresh()
	}
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
