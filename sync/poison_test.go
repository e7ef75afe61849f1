package sync_test

import (
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestAnEventTheHubRefusesWholeIsSetAsideAndTheSequenceMovesOn: an event
// too large for any push gets every push that holds it refused (413). The
// round must not send it for ever: it narrows the refusal down to that
// event, sets it aside as an exception, pushes a record of it in its place
// and goes on with the events behind it.
func TestAnEventTheHubRefusesWholeIsSetAsideAndTheSequenceMovesOn(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			h := startHub(t, b.DSN(t))
			hubtest.Seed(t, h.db, "L1", 1)
			tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
			tm.note(2)
			huge, err := tm.db.RecordEvent(ctx, core.EventStaffSignedIn, "", tm.staff, map[string]string{"blob": strings.Repeat("x", 5<<20)})
			if err != nil {
				t.Fatal(err)
			}
			tm.note(2)
			res := tm.mustSync()
			if res.Pushed != 5 {
				t.Fatalf("pushed %d events, want 5", res.Pushed)
			}
			checkConverged(t, h.db, tm)
			held, _ := h.db.Events(ctx, tm.term.ID, 0, 0)
			if got := held[huge.Seq-1]; got.Type != core.EventUnsendable || got.ID != huge.ID || got.Rejected {
				t.Fatalf("hub holds %+v in place of the huge event", got.Event)
			}
			var set []string
			for _, e := range tm.exceptions() {
				set = append(set, e.Kind)
			}
			if len(set) != 1 || set[0] != "unsendable_event" {
				t.Fatalf("exceptions %v, want one unsendable_event", set)
			}
			tm.note(1)
			if res := tm.mustSync(); res.Pushed != 1 {
				t.Fatalf("next round pushed %d", res.Pushed)
			}
		})
	}
}
