package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/sqlite"
)

func notes(t *testing.T, db *sqlite.DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := db.RecordEvent(context.Background(), "note.added", "", 1, map[string]int{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSentEventsStayForTheRetentionWindow: events the hub acknowledged are
// kept for the window and pruned after it; unsent events never are. When a
// hub lost events the station pruned, the station says so once, as an
// exception, and numbers what it kept after the hub's last event.
func TestSentEventsStayForTheRetentionWindow(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	now := time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	notes(t, db, 3)
	if err := db.MarkPushed(ctx, 2); err != nil {
		t.Fatal(err)
	}
	now = now.Add(29 * 24 * time.Hour)
	if n, err := db.PruneEvents(ctx, sqlite.DefaultRetention); err != nil || n != 0 {
		t.Fatalf("prune inside the window: %d, %v", n, err)
	}
	// Still there, so a hub restored to before them is refilled.
	if n, err := db.ResendAfter(ctx, 0); err != nil || n != 2 {
		t.Fatalf("re-send inside the window: %d, %v", n, err)
	}
	if err := db.MarkPushed(ctx, 2); err != nil {
		t.Fatal(err)
	}
	now = now.Add(31 * 24 * time.Hour)
	if n, err := db.PruneEvents(ctx, sqlite.DefaultRetention); err != nil || n != 2 {
		t.Fatalf("prune after the window: %d, %v", n, err)
	}
	if pending, last, _ := db.OutboxStats(ctx); pending != 1 || last != 2 {
		t.Fatalf("after pruning: %d pending, last acknowledged %d; want 1 and 2", pending, last)
	}
	// The hub lost all three (restored from an old backup); the station
	// kept only the unsent one. It says so once, and that event and the
	// next follow the hub's last.
	unsent, _ := db.PendingEvents(ctx, 10)
	for i := 0; i < 2; i++ {
		if _, err := db.ResendAfter(ctx, 0); err != nil {
			t.Fatalf("re-send of pruned events: %v", err)
		}
	}
	lost := 0
	ex, _ := db.OpenExceptions(ctx)
	for _, e := range ex {
		if e.Kind == "events_lost" {
			lost++
			if !strings.Contains(e.Message, "events 1 to 2") {
				t.Fatalf("exception: %s", e.Message)
			}
		}
	}
	if lost != 1 {
		t.Fatalf("%d events_lost exceptions, want one", lost)
	}
	all, _ := db.Events(ctx, 0, 10)
	if len(all) != 1 || all[0].Seq != 1 || all[0].ID != unsent[0].ID {
		t.Fatalf("events after the loss: %+v; want the unsent one as number 1", all)
	}
	if ev, err := db.RecordEvent(ctx, "note.added", "", 1, nil); err != nil || ev.Seq != 2 {
		t.Fatalf("the next event: %d, %v", ev.Seq, err)
	}
}

// TestRenumberAfterKeepsTheOrderAndMovesTheSequence: unsent events from a
// number on move past the hub's last one, in order; new events follow.
func TestRenumberAfterKeepsTheOrderAndMovesTheSequence(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	notes(t, db, 4)
	before, _ := db.Events(ctx, 0, 10)
	if n, err := db.RenumberAfter(ctx, 3, 10); err != nil || n != 2 {
		t.Fatalf("renumber: %d, %v", n, err)
	}
	after, _ := db.Events(ctx, 0, 10)
	want := []int64{1, 2, 11, 12}
	for i, ev := range after {
		if ev.Seq != want[i] || ev.ID != before[i].ID {
			t.Fatalf("event %d: seq %d id %s; want seq %d id %s", i, ev.Seq, ev.ID, want[i], before[i].ID)
		}
	}
	if pending, last, _ := db.OutboxStats(ctx); pending != 2 || last != 2 {
		t.Fatalf("after renumbering: %d pending, last acknowledged %d", pending, last)
	}
	ev, err := db.RecordEvent(ctx, "note.added", "", 1, nil)
	if err != nil || ev.Seq != 13 {
		t.Fatalf("the next event: %d, %v", ev.Seq, err)
	}
}

// TestNewIdentityStartsItsSequenceAtOne: a station enrolled again (a new
// terminal id, e.g. at another location) sends its unsent events to the hub
// from number 1; what it sent under the old identity is dropped.
func TestNewIdentityStartsItsSequenceAtOne(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	notes(t, db, 4)
	if err := db.MarkPushed(ctx, 2); err != nil {
		t.Fatal(err)
	}
	unsent, _ := db.PendingEvents(ctx, 10)
	term, _ := db.Terminal(ctx)
	term.ID, term.Location = "t-moved", "L2"
	if err := db.SetTerminal(ctx, term); err != nil {
		t.Fatal(err)
	}
	all, _ := db.Events(ctx, 0, 10)
	if len(all) != 2 || all[0].Seq != 1 || all[1].Seq != 2 || all[0].ID != unsent[0].ID || all[1].ID != unsent[1].ID {
		t.Fatalf("events under the new identity: %+v", all)
	}
	if pending, last, _ := db.OutboxStats(ctx); pending != 2 || last != 0 {
		t.Fatalf("outbox: %d pending, last acknowledged %d", pending, last)
	}
	if ev, err := db.RecordEvent(ctx, "note.added", "", 1, nil); err != nil || ev.Seq != 3 || ev.Terminal != "t-moved" {
		t.Fatalf("the next event: %+v, %v", ev, err)
	}
	// The same identity again changes nothing.
	if err := db.SetTerminal(ctx, term); err != nil {
		t.Fatal(err)
	}
	if all, _ := db.Events(ctx, 0, 10); len(all) != 3 {
		t.Fatalf("setting the same identity again: %d events", len(all))
	}
}
