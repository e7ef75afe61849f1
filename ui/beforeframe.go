package ui

import (
	"time"

	"fyne.io/fyne/v2"
)

// A scanner types a whole barcode and its Enter in a few milliseconds, and
// the window takes every key that came since its last frame in one go. If
// each accepted scan redrew its screen (the banner's wrapped words, the
// lines, the log), a burst of scans would be drawn many times over in
// one frame that shows only the last, and every answer in the burst would
// wait behind all that drawing. So, in the real window, an accepted scan
// records its outcome at once (the store write, the sound, the count) and
// leaves its drawing to just before the next frame, once however many
// scans came: every answer is still on the frame after its Enter, and the
// scan log still has a line per scan. Refusals are drawn at once: they
// gate what comes next.

// beforeFrameJob is drawing left for the next frame; key names it (any
// comparable value) so that the same drawing asked for again runs once.
type beforeFrameJob struct {
	key any
	fn  func()
}

// beforeFrame runs fn just before the next frame is painted, once per key
// however often it is asked for, in the order the keys were first asked
// for. Without Options.DrawBeforeFrame (the tests' driver paints no
// frames), it runs fn at once.
func (a *App) beforeFrame(key any, fn func()) {
	if !a.opts.DrawBeforeFrame {
		fn()
		return
	}
	for i, j := range a.frameJobs {
		if j.key == key {
			a.frameJobs[i].fn = fn
			return
		}
	}
	a.frameJobs = append(a.frameJobs, beforeFrameJob{key, fn})
}

// drawNow runs the drawing left for the next frame. Anything that reads
// or changes what is on screen (a refusal, a key, a dialog, a new screen)
// calls it first, so it never sees or draws over a stale screen.
func (a *App) drawNow() {
	for len(a.frameJobs) > 0 {
		jobs := a.frameJobs
		a.frameJobs = nil
		for _, j := range jobs {
			j.fn()
		}
	}
}

// startFrameHook makes drawNow run before every frame: Fyne ticks its
// animations on the UI goroutine right before it paints, after the
// window's input, so an animation that never ends is that hook. It costs
// nothing when no drawing waits (nothing is refreshed, nothing repainted).
func (a *App) startFrameHook() {
	if !a.opts.DrawBeforeFrame {
		return
	}
	hook := &fyne.Animation{Duration: time.Hour, RepeatCount: fyne.AnimationRepeatForever,
		Tick: func(float32) {
			if len(a.frameJobs) > 0 {
				a.drawNow()
			}
		}}
	hook.Start()
}
