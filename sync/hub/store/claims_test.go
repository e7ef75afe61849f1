package store_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestRevokingATerminalReleasesItsClaims: the orders a revoked terminal
// held go back to the queue, what it picked for them comes to the
// location's terminals as a put-back with the order's progress; a
// supervisor releases one claim with ReleaseClaim.
func TestRevokingATerminalReleasesItsClaims(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 3)
		picker, _ := enroll(t, db, "L1", "Pick 1")
		other, _ := enroll(t, db, "L1", "Pick 2")
		start, _ := pullAll(t, db, other, "", 1000)
		o0, o1, o2 := hubtest.Order("L1", 0).ExternalID, hubtest.Order("L1", 1).ExternalID, hubtest.Order("L1", 2).ExternalID
		pick := func(seq int64, ref, sku, bin string, qty int) core.Event {
			e := event(seq, core.EventPickItemPicked, ref)
			e.Payload, _ = json.Marshal(map[string]any{"sku": sku, "bin": bin, "qty": qty})
			return e
		}
		undo := event(5, core.EventPickUndone, o0)
		undo.Payload = json.RawMessage(`{"undone":"pick","sku":"SKU-001","bin":"A01-01-1","qty":1}`)
		if _, err := db.Push(ctx, picker, []core.Event{
			event(1, core.EventPickClaimed, o0+","+o1),
			pick(2, o0, "SKU-001", "A01-01-1", 1),
			pick(3, o0, "SKU-001", "A01-01-1", 1),
			pick(4, o0, "SKU-008", "A08-01-1", 1),
			undo,
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Push(ctx, other, []core.Event{event(1, core.EventPickClaimed, o2)}); err != nil {
			t.Fatal(err)
		}
		claims, err := db.Claims(ctx, "L1")
		if err != nil || len(claims) != 3 || claims[0].TerminalID != picker.ID || claims[0].TerminalName != "Pick 1" {
			t.Fatalf("claims: %+v, %v", claims, err)
		}
		if err := db.Revoke(ctx, picker.ID); err != nil {
			t.Fatal(err)
		}
		states, _ := db.OrderStates(ctx, "L1")
		want := map[string]string{o0: "open/", o1: "open/", o2: "picking/" + other.ID}
		for _, s := range states {
			if got := string(s.Status) + "/" + s.ClaimedBy; got != want[s.ExternalID] {
				t.Errorf("order %s after revoking its picker: %s, want %s", s.ExternalID, got, want[s.ExternalID])
			}
		}
		cs, _ := pullAll(t, db, other, start.Cursor, 1000)
		got := map[string]core.OrderProgress{}
		for _, p := range cs.Progress {
			got[p.ExternalID] = p
		}
		wantPutBack := []core.PutBackItem{{SKU: "SKU-001", Bin: "A01-01-1", Qty: 1}, {SKU: "SKU-008", Bin: "A08-01-1", Qty: 1}}
		if p := got[o0]; p.Status != core.OrderOpen || p.ClaimedBy != "" || !reflect.DeepEqual(p.PutBack, wantPutBack) {
			t.Errorf("progress of %s pulled after the revocation: %+v, want open with put-back %+v", o0, p, wantPutBack)
		}
		if p := got[o1]; p.Status != core.OrderOpen || len(p.PutBack) != 0 {
			t.Errorf("progress of %s: %+v", o1, p)
		}

		// A supervisor takes back the other terminal's claim.
		c, err := db.ReleaseClaim(ctx, o2)
		if err != nil || c.TerminalID != other.ID {
			t.Fatalf("release: %+v, %v", c, err)
		}
		if _, err := db.ReleaseClaim(ctx, o2); core.ErrorCode(err) != core.ECONFLICT {
			t.Fatalf("releasing an unclaimed order: %v", err)
		}
		if claims, _ := db.Claims(ctx, ""); len(claims) != 0 {
			t.Fatalf("claims left: %+v", claims)
		}
		// The put-back goes with the release only: the next move of the
		// order clears it.
		if _, err := db.Push(ctx, other, []core.Event{event(2, core.EventPickClaimed, o0)}); err != nil {
			t.Fatal(err)
		}
		cs2, _ := pullAll(t, db, other, cs.Cursor, 1000)
		for _, p := range cs2.Progress {
			if len(p.PutBack) != 0 {
				t.Errorf("put-back pulled again with %+v", p)
			}
		}
	})
}
