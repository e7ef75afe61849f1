package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2/canvas"
)

// flashAlpha is how strongly the window is tinted by an outcome: enough
// to be seen from two metres, not so much that the text cannot be read.
const flashAlpha = 0x70

// flashFor is how long an accepted scan's green stays across the window; a
// refusal's red stays until it is acknowledged.
var flashFor = 450 * time.Millisecond

// newFlash is the rectangle behind every screen that flashes the window
// in the outcome's colour.
func newFlash() *canvas.Rectangle { return canvas.NewRectangle(color.Transparent) }

// flash tints the whole window in the tone's colour; ToneInfo clears it.
// Green and amber fade by themselves; red stays until acknowledged.
func (a *App) flash(t Tone) {
	a.flashGen++
	if t == ToneInfo {
		a.flashRect.FillColor = color.Transparent
		a.flashRect.Refresh()
		return
	}
	c := toneColour(t)
	c.A = flashAlpha
	a.flashRect.FillColor = c
	a.flashRect.Refresh()
	if t == ToneBad || a.flashFade <= 0 {
		return
	}
	gen := a.flashGen
	time.AfterFunc(a.flashFade, func() {
		a.opts.do(func() {
			if a.flashGen == gen {
				a.flashRect.FillColor = color.Transparent
				a.flashRect.Refresh()
			}
		})
	})
}

// FlashColour returns the colour across the window now (transparent when
// none), for tests.
func (a *App) FlashColour() color.Color { return a.flashRect.FillColor }

// logOutcome writes one line per answered scan to Options.ScanLog: when
// its Enter came, when its answer was set, and when the frame showing it
// was painted (see frameMark), so a test or a support engineer can
// measure the station's response.
func (a *App) logOutcome(enter, answered time.Time, t Tone, scanned, title string) {
	if a.opts.ScanLog == nil {
		return
	}
	a.frames.answered(scanLogLine{enter: enter, answered: answered, tone: t, scanned: scanned, title: title})
}

func toneName(t Tone) string {
	switch t {
	case ToneGood:
		return "good"
	case ToneBad:
		return "refused"
	case ToneWarn:
		return "warn"
	}
	return "info"
}
