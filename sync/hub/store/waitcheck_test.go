package store_test

import (
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestHasNews: a long-poll's check says a terminal at its location's
// heads has nothing to pull, and does not change its mind however often
// it asks; an order imported at its location, or an event of its own
// refused, is news at once; progress alone (a colleague's claim) is not,
// but its location is woken for it within the gap; a cursor of another
// epoch is news (the pull refuses it).
func TestHasNews(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 3)
		hubtest.Seed(t, db, "L2", 3)
		a, _ := enroll(t, db, "L1", "A")
		colleague, _ := enroll(t, db, "L1", "B")
		const gap = 300 * time.Millisecond
		db.SetProgressGap(gap)
		cursor := func() string {
			t.Helper()
			var c string
			for more := true; more; {
				p, err := db.Pull(ctx, a, c, 5000)
				if err != nil {
					t.Fatal(err)
				}
				c, more = p.Changes.Cursor, p.More
			}
			return c
		}
		news := func(c string) bool {
			t.Helper()
			n, err := db.HasNews(ctx, a, c)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if !news("") {
			t.Fatal("the start is not news")
		}
		c := cursor()
		for i := 0; i < 3; i++ {
			if news(c) {
				t.Fatalf("check %d at the heads: news", i+1)
			}
		}
		if _, err := db.ImportOrders(ctx, hubtest.Orders("L2", 10, 1)); err != nil {
			t.Fatal(err)
		}
		if news(c) {
			t.Fatal("an order at L2 is news at L1")
		}
		if _, err := db.ImportOrders(ctx, hubtest.Orders("L1", 10, 1)); err != nil {
			t.Fatal(err)
		}
		if !news(c) {
			t.Fatal("an order imported at L1 is not news")
		}
		c = cursor()
		if news(c) {
			t.Fatal("news right after pulling everything")
		}

		// A colleague's claim: progress alone.
		staff, err := db.Staff(ctx, "L1")
		if err != nil {
			t.Fatal(err)
		}
		claim := core.Event{Seq: 1, ID: "claim-1", Type: core.EventPickClaimed, OrderID: hubtest.Order("L1", 0).ExternalID, StaffID: staff[0].ID, At: time.Now().UTC().Truncate(time.Millisecond)}
		claim.Hash = core.EventHash(claim)
		signal := db.ChangeSignal("L1")
		if _, err := db.Push(ctx, colleague, []core.Event{claim}); err != nil {
			t.Fatal(err)
		}
		<-signal // a gap since the last wake: the claim woke L1 at once
		signal = db.ChangeSignal("L1")
		claim2 := claim
		claim2.Seq, claim2.ID, claim2.OrderID = 2, "claim-2", hubtest.Order("L1", 1).ExternalID
		claim2.Hash = core.EventHash(claim2)
		if _, err := db.Push(ctx, colleague, []core.Event{claim2}); err != nil {
			t.Fatal(err)
		}
		asked := time.Now()
		if news(c) {
			t.Fatal("a colleague's claim is news at once")
		}
		select {
		case <-signal:
			if d := time.Since(asked); d > gap+time.Second {
				t.Fatalf("woken for the claim after %s (gap %s)", d, gap)
			}
		case <-time.After(gap + 5*time.Second):
			t.Fatal("the check that found progress never woke the location")
		}
		p, err := db.Pull(ctx, a, c, 5000)
		if err != nil || len(p.Changes.Progress) == 0 {
			t.Fatalf("the pull after the wake: %d progress records, %v", len(p.Changes.Progress), err)
		}
		c = cursor()
		if news(c) {
			t.Fatal("news after pulling the progress")
		}

		// One of its own events refused (a claim of the order its
		// colleague holds): news at once.
		bad := core.Event{Seq: 1, ID: "bad-1", Type: core.EventPickClaimed, OrderID: hubtest.Order("L1", 0).ExternalID, StaffID: staff[0].ID, At: time.Now().UTC().Truncate(time.Millisecond)}
		bad.Hash = core.EventHash(bad)
		if res, err := db.Push(ctx, a, []core.Event{bad}); err != nil || len(res.Rejections) != 1 {
			t.Fatalf("push of a claim of the order a colleague holds: %+v, %v", res, err)
		}
		if !news(c) {
			t.Fatal("a refused event of its own is not news")
		}
		c = cursor()
		if news(c) {
			t.Fatal("news after pulling the refusal")
		}

		if !news("c4.other-epoch" + c[len("c4."+db.Epoch()):]) {
			t.Fatal("a cursor of another epoch is not news")
		}
	})
}
