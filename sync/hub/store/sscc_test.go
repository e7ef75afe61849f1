package store_test

import (
	"encoding/json"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestHubKnowsTheHighestSSCCATerminalUsed: the hub keeps, per terminal,
// the highest SSCC of its pushed package events, refused ones included (the
// parcel was labelled all the same), never lowered by a lower one pushed
// later (a rolled-back station repeating one), and hands it back in push
// answers, on every pull page and in LastSSCC; other terminals are not
// mixed in. Both backends alike.
func TestHubKnowsTheHighestSSCCATerminalUsed(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 2)
		term, _ := enroll(t, db, "L1", "Pack 1")
		other, _ := enroll(t, db, "L1", "Pack 2")
		r, err := sscc.ForTerminal("0614141", 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		code := func(n int64) string {
			c, err := r.SSCC(r.First + n)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		closed := func(seq int64, order, c string) core.Event {
			ev := event(seq, core.EventPackPackageClosed, order)
			ev.Payload, _ = json.Marshal(map[string]any{"package": 1, "packages": 1, "sscc": c})
			return ev
		}
		if got, err := db.LastSSCC(ctx, term.ID); err != nil || got != "" {
			t.Fatalf("a terminal with no package: %q, %v", got, err)
		}
		// The second package is of an order the hub never had, and one of
		// the SSCCs is not an SSCC at all.
		res, err := db.Push(ctx, term, []core.Event{
			closed(1, hubtest.Order("L1", 0).ExternalID, code(3)),
			closed(2, "NO-SUCH-ORDER", code(7)),
			closed(3, "", "123"),
			event(4, "note.added", ""),
		})
		if err != nil || res.LastSSCC != code(7) {
			t.Fatalf("push: %+v, %v; want last SSCC %s", res, err, code(7))
		}
		// A lower SSCC again does not lower the mark.
		res, err = db.Push(ctx, term, []core.Event{closed(5, "", code(4))})
		if err != nil || res.LastSSCC != code(7) {
			t.Fatalf("push of a lower SSCC: %+v, %v; want the mark kept at %s", res, err, code(7))
		}
		if res, err := db.Push(ctx, other, []core.Event{closed(1, "", code(9))}); err != nil || res.LastSSCC != code(9) {
			t.Fatalf("other terminal: %+v, %v", res, err)
		}
		if res, err := db.Push(ctx, term, nil); err != nil || res.LastSSCC != code(7) {
			t.Fatalf("empty push: %+v, %v", res, err)
		}
		if got, err := db.LastSSCC(ctx, term.ID); err != nil || got != code(7) {
			t.Fatalf("LastSSCC: %q, %v; want %s", got, err, code(7))
		}
		page, err := db.Pull(ctx, term, "", 5)
		if err != nil || page.LastSSCC != code(7) {
			t.Fatalf("first pull page: last SSCC %q, %v", page.LastSSCC, err)
		}
		cs, _ := pullAll(t, db, term, "", 0)
		last, err := db.Pull(ctx, term, cs.Cursor, 0)
		if err != nil || last.Records != 0 || last.LastSSCC != code(7) {
			t.Fatalf("pull with nothing new: %+v, %v", last, err)
		}
	})
}
