package sync_test

import (
	"testing"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestRoundReportsTheOutbox: a round's pushes tell the hub how many events
// still wait, so the console shows 0 once a station pushed everything.
func TestRoundReportsTheOutbox(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 2)
	tm := newTerminal(t, h.db, h.url, "L1", "Pick 1")
	waiting := func() int64 {
		rows, err := h.db.StationRows(ctx, []string{"L1"})
		if err != nil || len(rows) != 1 {
			t.Fatalf("stations: %+v, %v", rows, err)
		}
		return rows[0].Waiting
	}
	tm.mustSync()
	if w := waiting(); w != -1 {
		t.Fatalf("before any push the hub shows %d waiting, want -1 (not reported)", w)
	}
	tm.note(120) // three pushes of 50, 50 and 20
	if res := tm.mustSync(); res.Pushed != 120 {
		t.Fatalf("pushed %d of 120", res.Pushed)
	}
	if w := waiting(); w != 0 {
		t.Fatalf("after pushing everything the hub shows %d waiting, want 0", w)
	}
}
