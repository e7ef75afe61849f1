package sqlite_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestOnEventRunsAfterCommitsThatWroteEvents(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	var calls atomic.Int32
	db.OnEvent(func() { calls.Add(1) })

	p := claim(t, db, pickerID, "W1") // one commit with an event
	if got := calls.Load(); got != 1 {
		t.Fatalf("after a claim: %d calls, want 1", got)
	}
	if _, err := db.PickScan(ctx, p.id, mustParse(t, "BIN-A-01-1")); err == nil {
		t.Fatal("scanning a bin before the tote was accepted")
	}
	if got := calls.Load(); got != 1 {
		t.Fatalf("a refused scan notified: %d calls", got)
	}
	evs, _ := db.PendingEvents(ctx, 100)
	if err := db.MarkPushed(ctx, evs[len(evs)-1].Seq); err != nil { // a write without events
		t.Fatal(err)
	}
	if got := calls.Load(); got != 1 {
		t.Fatalf("marking events pushed notified: %d calls", got)
	}
	if pending, last, _ := db.OutboxStats(ctx); pending != 0 || last != evs[len(evs)-1].Seq {
		t.Fatalf("outbox stats: %d pending, last pushed %d", pending, last)
	}
	p.scan("TOTE-T1")
	if got := calls.Load(); got != 2 {
		t.Fatalf("after a scan: %d calls, want 2", got)
	}
}

// TestEnrolWhileScanning: the sync loop enrols the station (new terminal
// id) on its own goroutine while the UI goroutine records events. Run with
// -race.
func TestEnrolWhileScanning(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	done := make(chan error)
	go func() {
		done <- db.SetTerminal(ctx, core.Terminal{ID: "t-enrolled", Name: "Pack 1", Location: "STORE-001"})
	}()
	p := claim(t, db, pickerID, "W1")
	p.scan("TOTE-T1")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ev, err := db.RecordEvent(ctx, "test.after_enrol", "", pickerID, map[string]any{})
	if err != nil || ev.Terminal != "t-enrolled" {
		t.Fatalf("event after enrolment from terminal %q (%v)", ev.Terminal, err)
	}
}
