package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

// TestRealWindowTakesScannerInput opens the real window on the X display
// (Xvfb in CI) and types into it with xdotool at scanner speed: a badge
// scan, F1 for the next order, a tote scan. Each must reach the database.
func TestRealWindowTakesScannerInput(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "window.db")
	xdo := openRealWindow(t, "--demo", "--db", dbPath)

	waitEvent := func(typ string) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if hasEvent(t, dbPath, typ) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("no %s event 15 s after the input", typ)
			}
		}
	}
	time.Sleep(500 * time.Millisecond) // the first frame, with the focused scan field
	xdo("type", "--delay", "8", "BADGE-1001")
	xdo("key", "Return")
	waitEvent(core.EventStaffSignedIn)
	xdo("key", "F1")
	waitEvent(core.EventPickClaimed)
	xdo("type", "--delay", "8", "TOTE-T42")
	xdo("key", "Return")
	waitEvent(core.EventPickToteAssigned)
}

func hasEvent(t *testing.T, path, typ string) bool {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		return false // still being created
	}
	defer db.Close()
	evs, err := db.Events(context.Background(), 0, 1000)
	if err != nil {
		return false
	}
	for _, e := range evs {
		if e.Type == typ {
			return true
		}
	}
	return false
}
