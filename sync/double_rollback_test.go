package sync_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestStationThenHubRolledBackSendsWhatItKeeps: the station's file is put
// back to an older copy, numbers new events again, and moves them past the
// events the hub holds from its lost life (a hole in its own numbering,
// which the hub fills); then the hub is put back to a backup older than
// that hole. The hole's events are now nowhere: the station says so once
// and sends everything it keeps, numbered after the hub's last. Before,
// ResendAfter saw the first kept event follow the hub's last and left the
// hole, and every push after it was refused ("10 follows 6") for ever
// (torture seeds 5008 and 3238).
func TestStationThenHubRolledBackSendsWhatItKeeps(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 2)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.note(4)
	tm.mustSync()
	hubBackup := filepath.Join(t.TempDir(), "hub-backup.db")
	copyDBFiles(t, h.dsn, hubBackup) // the hub holds 1-4

	tm.note(2) // 5-6, in the station's copy, not yet sent
	stationBackup := filepath.Join(t.TempDir(), "station-backup.db")
	copyDBFiles(t, tm.path, stationBackup)
	tm.note(3) // 7-9, at the hub, then lost with the station's rollback
	tm.mustSync()

	tm.db.Close()
	copyDBFiles(t, stationBackup, tm.path)
	tm.open()
	tm.note(2) // numbered 7-8 again, moved to 10-11 after the hub's 9
	if res, err := tm.sync(); err != nil || res.Renumbered != 2 {
		t.Fatalf("round after the station's rollback: %+v, %v", res, err)
	}

	h.stop()
	copyDBFiles(t, hubBackup, h.dsn) // the hub holds 1-4 again: 5-11 are gone from it
	h.start()
	tm.connect(h.url)
	tm.note(1)
	res, err := tm.sync()
	if err != nil {
		t.Fatalf("round after the hub's rollback: %+v, %v", res, err)
	}
	checkConverged(t, h.db, tm)
	held, _ := h.db.Events(ctx, tm.term.ID, 0, 0)
	if len(held) != 4+2+2+1 {
		t.Fatalf("the hub holds %d events, want 4 + the 2 of the copy + the 2 after it + 1", len(held))
	}
	lost := 0
	for _, ex := range tm.exceptions() {
		if ex.Kind == "events_lost" {
			lost++
			if !strings.Contains(ex.Message, "events 7 to 9") {
				t.Fatalf("exception: %s", ex.Message)
			}
		}
	}
	if lost != 1 {
		t.Fatalf("%d events_lost exceptions, want 1", lost)
	}
}
