package ui

import (
	"fmt"
	"image"
	gosync "sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// frameMark times when an answer is really on screen: a transparent
// one-pixel raster in the window's corner that each answer refreshes. The
// GL driver regenerates a refreshed raster while it paints the next frame,
// so its generator runs in the frame that shows the answer; that moment is
// what the scan log writes as "shown". Only a window with a scan log has
// one.
type frameMark struct {
	raster *canvas.Raster
	mu     gosync.Mutex
	lines  []scanLogLine // answered, waiting for the frame that paints them
	write  func(l scanLogLine, painted time.Time)
}

type scanLogLine struct {
	enter, answered time.Time
	tone            Tone
	scanned, title  string
}

func newFrameMark(write func(scanLogLine, time.Time)) *frameMark {
	m := &frameMark{write: write}
	m.raster = canvas.NewRaster(func(w, h int) image.Image {
		m.painted(time.Now())
		return image.NewNRGBA(image.Rect(0, 0, max(w, 1), max(h, 1))) // transparent
	})
	m.raster.Resize(fyne.NewSize(1, 1))
	return m
}

// layer is the marker as an overlay of the whole window.
func (m *frameMark) layer() fyne.CanvasObject { return container.NewWithoutLayout(m.raster) }

// answered queues a line for the next painted frame.
func (m *frameMark) answered(l scanLogLine) {
	m.mu.Lock()
	m.lines = append(m.lines, l)
	m.mu.Unlock()
	m.raster.Refresh()
}

// painted writes the lines the frame being painted shows.
func (m *frameMark) painted(at time.Time) {
	m.mu.Lock()
	lines := m.lines
	m.lines = nil
	m.mu.Unlock()
	for _, l := range lines {
		m.write(l, at)
	}
}

// flush writes what no frame painted (the window closed first), marked so.
func (m *frameMark) flush() {
	m.mu.Lock()
	lines := m.lines
	m.lines = nil
	m.mu.Unlock()
	for _, l := range lines {
		m.write(l, time.Time{})
	}
}

// writeScanLog writes one scan log line: when its Enter came, when the
// answer was set, and when the frame showing it was painted (Unix
// microseconds; 0 for never).
func (a *App) writeScanLog(l scanLogLine, painted time.Time) {
	us := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.UnixMicro()
	}
	fmt.Fprintf(a.opts.ScanLog, "scan enter=%d answered=%d shown=%d tone=%s scan=%q %s\n",
		us(l.enter), us(l.answered), us(painted), toneName(l.tone), l.scanned, l.title)
}
