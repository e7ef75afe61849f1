package store_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestFeedAfterANewEpoch: a cursor of an earlier epoch (the database was
// restored from a backup since) resumes where the new epoch began, so no
// event numbered after it is skipped; a cursor of the current epoch
// resumes where it says.
func TestFeedAfterANewEpoch(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		term, _ := enroll(t, db, "L1", "A")
		push := func(from, to int64) {
			t.Helper()
			evs := events(from, to, core.EventStaffSignedIn, "")
			for i := range evs {
				evs[i].Payload = []byte(`{"method":"pin"}`)
			}
			if _, err := db.Push(ctx, term, evs); err != nil {
				t.Fatal(err)
			}
		}
		push(1, 10)
		page, err := db.Feed(ctx, "", "", 0)
		if err != nil || len(page.Events) != 10 || page.Cursor != db.Epoch()+".10" {
			t.Fatalf("first page: %d events, cursor %q, %v", len(page.Events), page.Cursor, err)
		}
		old := db.Epoch()
		// As if the hub had run on to position 30 and then been restored
		// to this copy: the consumer's cursor is past what the hub has.
		if _, err := db.RotateEpoch(ctx, "restored from a backup"); err != nil {
			t.Fatal(err)
		}
		push(11, 15)
		page, err = db.Feed(ctx, "", old+".30", 0)
		if err != nil || len(page.Events) != 5 || page.Events[0].Seq != 11 || page.Epoch == old {
			t.Fatalf("an old epoch's cursor past the restore point got %d events (%v), epoch %s", len(page.Events), err, page.Epoch)
		}
		page, err = db.Feed(ctx, "", db.Epoch()+".12", 0)
		if err != nil || len(page.Events) != 3 || page.Events[0].Position != 13 {
			t.Fatalf("a current cursor got %d events from %v (%v)", len(page.Events), page.Events, err)
		}
		if _, err := db.Feed(ctx, "", strconv.Itoa(12), 0); err != nil {
			t.Fatalf("a bare position: %v", err)
		}
	})
}

// TestFeedKeepsPINHashesOut: a staff.pin_changed event is in the feed (the
// order system learns that the person changed their PIN) without the hash.
func TestFeedKeepsPINHashesOut(t *testing.T) {
	defer func(c int) { core.PINCost = c }(core.PINCost)
	core.PINCost = 4
	hash, err := core.HashPINCost("654321", 4)
	if err != nil {
		t.Fatal(err)
	}
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		term, _ := enroll(t, db, "L1", "A")
		ev := event(1, core.EventStaffPINChanged, "")
		ev.Payload, _ = json.Marshal(core.PINChangedPayload{PINHash: hash})
		res, err := db.Push(ctx, term, []core.Event{ev})
		if err != nil || res.Applied != 1 {
			t.Fatalf("push: %+v, %v", res, err)
		}
		page, err := db.Feed(ctx, "", "", 0)
		if err != nil || len(page.Events) != 1 {
			t.Fatalf("feed: %+v, %v", page, err)
		}
		if got := string(page.Events[0].Payload); strings.Contains(got, "$2") || got != `{"pin_hash":""}` {
			t.Fatalf("the feed serves the PIN change as %s", got)
		}
	})
}
