package ui

import (
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/ui/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// SyncInfo is what the status bar says about the connection to the hub.
type SyncInfo struct {
	Configured bool // a hub is set up for this station
	Online     bool // the last round reached it
	Syncing    bool
	Pending    int       // events waiting to be pushed
	LastSync   time.Time // zero: never
	LastError  string    // in English; Err, when set, is worded in the language on screen instead
	Err        error
	Connecting bool // the station is starting its connection to the hub
	// Done and Total count the records of the round under way ("pull"
	// or "push" in Phase): a new station's first pull is long.
	Phase       string
	Done, Total int
	// OldestPending is when the oldest waiting event was recorded; zero
	// when none waits.
	OldestPending time.Time
	// NextTry is when the station tries the hub again while offline.
	NextTry time.Time
}

// statusText renders SyncInfo for the bar at the bottom of every screen.
func statusText(s SyncInfo, now time.Time) string {
	last := tr("status.never_synced")
	if !s.LastSync.IsZero() {
		last = tr("status.last_sync", "Ago", ago(now.Sub(s.LastSync)))
	}
	switch {
	case !s.Configured:
		return "○ " + tr("status.no_hub", "Pending", s.Pending)
	case s.Syncing && s.Total > 0:
		return "⟳ " + tr("status.syncing_records", "Phase", phaseWord(s.Phase), "Done", s.Done, "Total", s.Total, "Pending", s.Pending) + " · " + last
	case s.Syncing:
		return "⟳ " + tr("status.syncing", "Pending", s.Pending) + " · " + last
	case s.Online:
		return "● " + tr("status.online_waiting", "Pending", s.Pending) + " · " + last
	}
	text := tr("status.offline_waiting", "Pending", s.Pending)
	if !s.OldestPending.IsZero() && s.Pending > 0 {
		text += tr("status.oldest", "Age", age(now.Sub(s.OldestPending)))
	}
	text += " · " + last
	if !s.NextTry.IsZero() {
		if d := s.NextTry.Sub(now); d > 0 {
			text += " · " + tr("status.next_try", "Seconds", int(d.Seconds()+0.999))
		} else {
			text += " · " + tr("status.trying_now")
		}
	}
	text += " · " + tr("status.f12")
	switch {
	case s.Err != nil:
		text += " · " + syncErrorText(s.Err)
	case s.Connecting:
		text += " · " + tr("status.connecting")
	case s.LastError != "":
		text += " · " + s.LastError
	}
	return text
}

// errorWords is why the last round failed, in the language on screen when
// the error itself is known (Err), else as the sync reported it.
func (s SyncInfo) errorWords() string {
	if s.Err != nil {
		return syncErrorText(s.Err)
	}
	return s.LastError
}

// phaseWord is a sync round's phase ("push", "pull") in the language on
// screen.
func phaseWord(phase string) string {
	if i18n.Has("status.phase." + phase) {
		return tr("status.phase." + phase)
	}
	return phase
}

// syncErrorText is why the last round failed, in the language on screen:
// a domain error (the hub refused, the station is revoked) in its words;
// anything else (the network) as it came, for whoever fixes it, after a
// translated "the hub cannot be reached".
func syncErrorText(err error) string {
	if core.ErrorCode(err) != core.EINTERNAL {
		return errorText(err)
	}
	return tr("status.hub_error", "Error", err.Error())
}

// statusTone is the bar's colour: amber when offline or not set up (work
// goes on, but someone should know), blue while syncing, green online.
func statusTone(s SyncInfo) Tone {
	switch {
	case !s.Configured || !s.Online && !s.Syncing:
		return ToneWarn
	case s.Syncing:
		return ToneInfo
	}
	return ToneGood
}

// ago says how long ago something was, in the language on screen: "just
// now", "40 s ago", "5 min ago", "3 h ago".
func ago(d time.Duration) string {
	switch {
	case d < 5*time.Second:
		return tr("time.just_now")
	case d < time.Minute:
		return tr("time.seconds_ago", "N", int(d.Seconds()))
	case d < time.Hour:
		return tr("time.minutes_ago", "N", int(d.Minutes()))
	}
	return tr("time.hours_ago", "N", int(d.Hours()))
}

// age says a length of time: "just now" (under 5 s), "40 s", "5 min", "3 h".
func age(d time.Duration) string {
	switch {
	case d < 5*time.Second:
		return tr("time.moments")
	case d < time.Minute:
		return tr("time.seconds", "N", int(d.Seconds()))
	case d < time.Hour:
		return tr("time.minutes", "N", int(d.Minutes()))
	}
	return tr("time.hours", "N", int(d.Hours()))
}

// watchSync refreshes the status bar every second from Options.Sync. Fyne
// widgets belong to the UI goroutine, so the update goes through fyne.Do.
func (a *App) watchSync() {
	if a.opts.Sync == nil {
		return
	}
	a.statusBar.Set(a.opts.Sync(), time.Now())
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-a.done:
				return
			case <-tick.C:
				info := a.opts.Sync()
				a.opts.do(func() { a.statusBar.Set(info, time.Now()) })
			}
		}
	}()
}

// StatusBar is the strip at the bottom of every screen that says whether
// the station reaches its hub: a coloured bar with a shape (offline you
// cannot miss), how much waits and for how long, and when it tries next.
type StatusBar struct {
	widget.BaseWidget
	Text string
	tone Tone
	bg   *canvas.Rectangle
	icon *canvas.Image
	text *widget.Label
}

func newStatusBar() *StatusBar {
	b := &StatusBar{bg: canvas.NewRectangle(colourGood), icon: canvas.NewImageFromResource(toneIcons[ToneGood]), text: widget.NewLabel("")}
	b.icon.FillMode = canvas.ImageFillContain
	b.icon.SetMinSize(fyne.NewSquareSize(24))
	b.text.TextStyle.Bold = true
	b.text.Wrapping = fyne.TextWrapWord
	b.ExtendBaseWidget(b)
	return b
}

// Set shows the sync state.
func (b *StatusBar) Set(s SyncInfo, now time.Time) {
	b.Text, b.tone = statusText(s, now), statusTone(s)
	b.bg.FillColor = toneColour(b.tone)
	b.icon.Resource = toneIcons[b.tone]
	b.text.SetText(b.Text)
	b.bg.Refresh()
	b.icon.Refresh()
}

// Tone returns the bar's colour meaning.
func (b *StatusBar) Tone() Tone { return b.tone }

// CreateRenderer implements fyne.Widget: white words on the colour.
func (b *StatusBar) CreateRenderer() fyne.WidgetRenderer {
	b.text.Importance = widget.MediumImportance
	return widget.NewSimpleRenderer(container.NewStack(b.bg, container.NewBorder(nil, nil, container.NewPadded(b.icon), nil, b.text)))
}
