package store_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

// TestEveryEventTypeIsCheckedAgainstTheTerminalsLocationAndStaff: an event
// of any type about another location's order is refused (returns, refunds
// and pickup locks were stored as applied), and its staff must be on the
// terminal's location's staff (0 only where the type allows it).
func TestEveryEventTypeIsCheckedAgainstTheTerminalsLocationAndStaff(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 2) // staff 1 and 2
		hubtest.Seed(t, db, "L2", 2) // staff 3 and 4
		term, _ := enroll(t, db, "L1", "Counter 1")
		foreign := hubtest.Order("L2", 1).ExternalID
		own := hubtest.Order("L1", 1).ExternalID
		var evs []core.Event
		for _, typ := range core.EventTypes() {
			evs = append(evs, event(int64(len(evs)+1), typ, foreign))
		}
		res, err := db.Push(ctx, term, evs)
		if err != nil || res.LastSeq != int64(len(evs)) {
			t.Fatalf("push: %+v, %v", res, err)
		}
		refused := map[int64]string{}
		for _, r := range res.Rejections {
			refused[r.Seq] = r.Reason
		}
		for _, ev := range evs {
			if refused[ev.Seq] != store.ReasonOtherLocation {
				t.Errorf("%s about another location's order: refused as %q, want other_location", ev.Type, refused[ev.Seq])
			}
		}
		held, _ := db.Events(ctx, term.ID, 0, 0)
		for _, h := range held {
			if !h.Rejected {
				t.Errorf("%s about another location's order stored as applied", h.Type)
			}
		}
		states, _ := db.OrderStates(ctx, "L2")
		for _, s := range states {
			if s.Status != core.OrderOpen || s.ClaimedBy != "" {
				t.Errorf("L2's order moved by L1's terminal: %+v", s)
			}
		}

		next := int64(len(evs))
		push := func(staff int64, typ, order string) string {
			t.Helper()
			next++
			e := event(next, typ, order)
			e.StaffID = staff
			res, err := db.Push(ctx, term, []core.Event{e})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rejections) == 0 {
				return ""
			}
			return res.Rejections[0].Reason
		}
		for _, c := range []struct {
			staff  int64
			typ    string
			order  string
			reason string
		}{
			{3, core.EventPickClaimed, own, wire.ReasonUnknownStaff},           // L2's picker at L1
			{0, core.EventReturnRefund, own, wire.ReasonUnknownStaff},          // nobody decided the refund
			{0, core.EventPickupLocked, own, wire.ReasonUnknownStaff},          // nobody locked it
			{99, core.EventStaffSignedIn, "", wire.ReasonUnknownStaff},         // nobody the hub knows
			{2, core.EventPickupLocked, own, ""},                               // L1's supervisor
			{0, core.EventOrderExpired, hubtest.Order("L1", 0).ExternalID, ""}, // the terminal's own expiry sweep
			{1, core.EventPickClaimed, own, ""},
		} {
			if got := push(c.staff, c.typ, c.order); got != c.reason {
				t.Errorf("%s by staff %d: refused as %q, want %q", c.typ, c.staff, got, c.reason)
			}
		}
		states, _ = db.OrderStates(ctx, "L1")
		for _, s := range states {
			if s.ExternalID == own && (s.Status != core.OrderPicking || s.ClaimedBy != term.ID) {
				t.Errorf("the claim by L1's own picker was not applied: %+v", s)
			}
		}
	})
}

// TestReleasingAClaimOneDoesNotHoldLeavesItWithTheClaimant: another
// terminal's release of an order it never claimed changes nothing.
func TestReleasingAClaimOneDoesNotHoldLeavesItWithTheClaimant(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 1)
		a, _ := enroll(t, db, "L1", "Pick A")
		other, _ := enroll(t, db, "L1", "Pick B")
		ref := hubtest.Order("L1", 0).ExternalID
		if _, err := db.Push(ctx, a, []core.Event{event(1, core.EventPickClaimed, ref)}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Push(ctx, other, []core.Event{event(1, core.EventPickReleased, ref)}); err != nil {
			t.Fatal(err)
		}
		states, _ := db.OrderStates(ctx, "L1")
		if len(states) != 1 || states[0].ClaimedBy != a.ID || states[0].Status != core.OrderPicking {
			t.Fatalf("after another terminal's release: %+v, want picking, claimed by %s", states, a.ID)
		}
		// The claimant's own release gives it back.
		if _, err := db.Push(ctx, a, []core.Event{event(2, core.EventPickReleased, ref)}); err != nil {
			t.Fatal(err)
		}
		states, _ = db.OrderStates(ctx, "L1")
		if states[0].ClaimedBy != "" || states[0].Status != core.OrderOpen {
			t.Fatalf("after the claimant's release: %+v", states)
		}
	})
}
