package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// SyncInfo is what the status bar says about the connection to the hub.
type SyncInfo struct {
	Configured bool // a hub is set up for this station
	Online     bool // the last round reached it
	Syncing    bool
	Pending    int       // events waiting to be pushed
	LastSync   time.Time // zero: never
	LastError  string
	// Done and Total count the records of the round under way ("pull"
	// or "push" in Phase): a new station's first pull is long.
	Phase       string
	Done, Total int
}

// statusText renders SyncInfo for the bar at the bottom of every screen.
func statusText(s SyncInfo, now time.Time) string {
	last := "never synced"
	if !s.LastSync.IsZero() {
		last = "last sync " + ago(now.Sub(s.LastSync))
	}
	switch {
	case !s.Configured:
		return fmt.Sprintf("○ Working offline: no hub set up · %d events waiting", s.Pending)
	case s.Syncing && s.Total > 0:
		return fmt.Sprintf("⟳ Syncing: %s %d of %d records · %d events waiting · %s", s.Phase, s.Done, s.Total, s.Pending, last)
	case s.Syncing:
		return fmt.Sprintf("⟳ Syncing · %d events waiting · %s", s.Pending, last)
	case s.Online:
		return fmt.Sprintf("● Online · %d events waiting · %s", s.Pending, last)
	}
	text := fmt.Sprintf("○ Offline: work goes on, nothing is lost · %d events waiting · %s", s.Pending, last)
	if s.LastError != "" {
		text += " · " + s.LastError
	}
	return text
}

func ago(d time.Duration) string {
	switch {
	case d < 5*time.Second:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%d s ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	}
	return fmt.Sprintf("%d h ago", int(d.Hours()))
}

// watchSync refreshes the status bar every second from Options.Sync. Fyne
// widgets belong to the UI goroutine, so the update goes through fyne.Do.
func (a *App) watchSync() {
	if a.opts.Sync == nil {
		return
	}
	a.statusBar.SetText(statusText(a.opts.Sync(), time.Now()))
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-a.done:
				return
			case <-tick.C:
				text := statusText(a.opts.Sync(), time.Now())
				a.opts.do(func() { a.statusBar.SetText(text) })
			}
		}
	}()
}

func newStatusBar() *widget.Label {
	l := widget.NewLabel("")
	l.TextStyle.Italic = true
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}
