package ui

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

func TestStatusText(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   SyncInfo
		want []string
	}{
		{SyncInfo{Pending: 3}, []string{"no hub", "3 events waiting"}},
		{SyncInfo{Configured: true, Online: true, LastSync: now.Add(-2 * time.Minute)}, []string{"Online", "0 events waiting", "2 min ago"}},
		{SyncInfo{Configured: true, Pending: 12, LastSync: now.Add(-3 * time.Hour), LastError: "The hub cannot be reached."},
			[]string{"OFFLINE", "nothing is lost", "12 events waiting", "3 h ago", "cannot be reached"}},
		{SyncInfo{Configured: true}, []string{"never synced"}},
		{SyncInfo{Configured: true, Syncing: true, Phase: "pull", Done: 3000, Total: 10000}, []string{"Syncing", "pull 3,000 of 10,000 records"}},
	} {
		got := statusText(tc.in, now)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%+v: %q lacks %q", tc.in, got, w)
			}
		}
	}
}

// TestStatusBarFollowsSync checks that the bar, fed from a background
// goroutine, changes only on the UI goroutine (this test's, standing in for
// it) and shows the latest state. Run with -race.
func TestStatusBarFollowsSync(t *testing.T) {
	var pending atomic.Int32
	onUI := make(chan func(), 4)
	app, _ := newTestStation(t, Options{
		Sync: func() SyncInfo { return SyncInfo{Configured: true, Online: true, Pending: int(pending.Load())} },
		do:   func(f func()) { onUI <- f },
	})
	defer app.Stop()
	if !strings.Contains(app.statusBar.Text, "0 events waiting") {
		t.Fatalf("status bar: %q", app.statusBar.Text)
	}
	pending.Store(7)
	deadline := time.After(5 * time.Second)
	for !strings.Contains(app.statusBar.Text, "7 events waiting") {
		select {
		case f := <-onUI:
			f()
		case <-deadline:
			t.Fatalf("status bar did not follow: %q", app.statusBar.Text)
		}
	}
}

// TestOfflineYouCannotMiss: offline is an amber bar with a triangle, the
// age of the oldest waiting event and when the next try is, and F12 on
// any screen asks for a sync now (issue 12).
func TestOfflineYouCannotMiss(t *testing.T) {
	now := time.Now()
	var asked atomic.Int32
	app, _ := newTestStation(t, Options{
		Sync: func() SyncInfo {
			return SyncInfo{Configured: true, Pending: 4, OldestPending: now.Add(-4 * time.Minute), NextTry: time.Now().Add(7 * time.Second),
				LastError: "The hub cannot be reached."}
		},
		SyncNow: func() { asked.Add(1) },
		do:      func(func()) {},
	})
	defer app.Stop()
	b := app.statusBar
	if b.Tone() != ToneWarn || b.icon.Resource != toneIcons[ToneWarn] {
		t.Fatalf("offline bar tone %d", b.Tone())
	}
	for _, want := range []string{"OFFLINE", "4 events waiting, the oldest 4 min old", "next try in 7 s", "F12"} {
		if !strings.Contains(b.Text, want) {
			t.Errorf("offline bar %q lacks %q", b.Text, want)
		}
	}
	press(app.signIn.Field, fyne.KeyF12)
	if asked.Load() != 1 {
		t.Fatal("F12 did not ask for a sync")
	}
	if b.MinSize().Height < 30 {
		t.Fatalf("the bar is %v high: not something you cannot miss", b.MinSize().Height)
	}
}
