package sync_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

func TestStationPicksOfflineAndTheQueueDrains(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 20)
		hubtest.Seed(t, h.db, "L2", 5)
		tm := newTerminal(t, h.db, h.url, "L1", "Pick 1")
		first := tm.mustSync()
		if first.Pulled == 0 || first.Pushed != 0 {
			t.Fatalf("first round: %+v", first)
		}
		counts, _ := tm.db.Counts(ctx)
		if counts["orders"] != 20 || counts["staff"] != 2 || counts["products"] != hubtest.NumProducts {
			t.Fatalf("after the first pull the station has %v", counts)
		}

		// The hub goes away; work goes on.
		h.stop()
		refs := []string{hubtest.Order("L1", 0).ExternalID, hubtest.Order("L1", 1).ExternalID}
		tm.pick(refs[0])
		tm.pick(refs[1])
		if _, err := tm.sync(); !sync.Transient(err) {
			t.Fatalf("sync without a hub: %v, want a transient error", err)
		}
		pending, _, _ := tm.db.OutboxStats(ctx)
		if pending == 0 {
			t.Fatal("picking offline wrote no events")
		}

		h.start()
		tm.connect(h.url)
		res := tm.mustSync()
		if res.Pushed != pending {
			t.Fatalf("pushed %d of %d waiting events", res.Pushed, pending)
		}
		checkConverged(t, h.db, tm)
		for _, ref := range refs {
			if s := tm.status(ref); s != core.OrderPicked {
				t.Errorf("%s is %s at the station", ref, s)
			}
		}
		// Nothing of L2 ever reached the L1 station.
		if _, err := tm.db.Order(ctx, hubtest.Order("L2", 0).ExternalID); err == nil {
			t.Fatal("an L2 order reached the L1 station")
		}
		if again := tm.mustSync(); again.Pushed != 0 || again.Pulled != 0 {
			t.Fatalf("a round with nothing new did %+v", again)
		}
	})
}

func TestOrderCancelledAfterPickingBecomesAPutBack(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 3)
		tm := newTerminal(t, h.db, h.url, "L1", "Pick 1")
		tm.mustSync()
		ref := hubtest.Order("L1", 0).ExternalID
		tm.pick(ref) // offline: the cancellation and the picking cross

		cancel := hubtest.Order("L1", 0)
		cancel.Status = core.OrderCancelled
		if _, err := h.db.ImportOrders(ctx, []wire.IngestOrder{cancel}); err != nil {
			t.Fatal(err)
		}
		tm.note(1) // an event behind the refused ones
		res := tm.mustSync()
		if res.Rejections == 0 {
			t.Fatalf("the hub refused nothing: %+v", res)
		}
		checkConverged(t, h.db, tm)
		if s := tm.status(ref); s != core.OrderCancelled {
			t.Fatalf("order is %s at the station", s)
		}
		// One put-back for the order: the refusals of the picks it crossed
		// do not add more.
		if ex := tm.exceptions(); len(ex) != 1 || ex[0].Kind != "put_back" || ex[0].OrderRef != ref {
			t.Fatalf("exceptions %+v, want one put-back for %s", ex, ref)
		}
		held, _ := h.db.Events(ctx, tm.term.ID, 0, 0)
		rejected := 0
		for _, e := range held {
			if e.Rejected {
				rejected++
				if e.Reason != "order_cancelled" {
					t.Errorf("event %d refused for %s", e.Seq, e.Reason)
				}
			}
		}
		if rejected == 0 || held[len(held)-1].Rejected {
			t.Fatalf("%d refused events; the last one (not about the order) refused: %v", rejected, held[len(held)-1].Rejected)
		}
	})
}

func TestTwoStationsClaimTheSameOrderOffline(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 3)
		a := newTerminal(t, h.db, h.url, "L1", "Pick A")
		bt := newTerminal(t, h.db, h.url, "L1", "Pick B")
		a.mustSync()
		bt.mustSync()
		ref := hubtest.Order("L1", 2).ExternalID
		a.pick(ref)
		bt.pick(ref)

		a.mustSync() // A reaches the hub first and keeps the order
		res := bt.mustSync()
		if res.Rejections != 1 {
			t.Fatalf("B's round: %+v, want one refusal", res)
		}
		ex := bt.exceptions()
		if len(ex) != 1 || ex[0].Kind != "put_back" || ex[0].OrderRef != ref || !strings.Contains(ex[0].Message, "Pick A") {
			t.Fatalf("B's exceptions: %+v, want one put-back of %s naming Pick A", ex, ref)
		}
		// What to put back, and where: every line of the order, to its bin.
		var items []sqlite.PutBackItem
		if err := json.Unmarshal(ex[0].Detail, &items); err != nil {
			t.Fatal(err)
		}
		o := hubtest.Order("L1", 2)
		if len(items) != len(o.Lines) {
			t.Fatalf("put back %+v, want the %d lines of the order", items, len(o.Lines))
		}
		for _, it := range items {
			if it.BinCode == "" || it.Qty <= 0 || !strings.Contains(ex[0].Message, it.BinCode) {
				t.Errorf("put-back item %+v (message %q)", it, ex[0].Message)
			}
		}
		if len(a.exceptions()) != 0 {
			t.Fatalf("A, which claimed first, has exceptions: %+v", a.exceptions())
		}
		states, _ := h.db.OrderStates(ctx, "L1")
		for _, s := range states {
			if s.ExternalID == ref && (s.ClaimedBy != a.term.ID || s.Status != core.OrderPicked) {
				t.Fatalf("hub: %+v, want picked by A", s)
			}
		}
		checkConverged(t, h.db, a, bt)
	})
}

func TestAddressChangedAfterLabelBecomesARelabel(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 2)
		tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
		tm.mustSync()
		ref := hubtest.Order("L1", 1).ExternalID
		if err := tm.db.MarkLabelPrinted(ctx, ref); err != nil {
			t.Fatal(err)
		}
		moved := hubtest.Order("L1", 1)
		moved.ShipTo.Line1 = "99 Other Road"
		if res, err := h.db.ImportOrders(ctx, []wire.IngestOrder{moved}); err != nil || res.Updated != 1 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		tm.mustSync()
		var relabel bool
		for _, e := range tm.exceptions() {
			relabel = relabel || (e.Kind == "relabel" && e.OrderRef == ref)
		}
		if !relabel {
			t.Fatalf("no relabel task: %+v", tm.exceptions())
		}
		o, _ := tm.db.Order(ctx, ref)
		if o.ShipTo.Line1 != "99 Other Road" {
			t.Fatalf("address at the station: %+v", o.ShipTo)
		}
	})
}

func TestFirstPullStreamsInPagesWithProgress(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	orders := 3000
	if raceEnabled {
		orders = 600
	}
	hubtest.Seed(t, h.db, "L1", orders)
	tm := newTerminal(t, h.db, h.url, "L1", "New station")
	var seen []sync.Progress
	start := time.Now()
	res, err := sync.Round(ctx, tm.db, tm.client, sync.RoundOptions{PageLen: 500, OnProgress: func(p sync.Progress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	total := orders + 3*hubtest.NumProducts + 2
	if res.Pulled != total || res.Pages != (total+499)/500 {
		t.Fatalf("pulled %d records in %d pages, want %d in %d", res.Pulled, res.Pages, total, (total+499)/500)
	}
	if len(seen) != res.Pages {
		t.Fatalf("%d progress reports for %d pages", len(seen), res.Pages)
	}
	for i, p := range seen {
		if p.Phase != "pull" || p.Total != total || (i > 0 && p.Done <= seen[i-1].Done) {
			t.Fatalf("progress %d: %+v (total %d)", i, p, total)
		}
	}
	if seen[len(seen)-1].Done != total {
		t.Fatalf("last progress %+v", seen[len(seen)-1])
	}
	counts, _ := tm.db.Counts(ctx)
	if counts["orders"] != orders {
		t.Fatalf("station holds %d orders", counts["orders"])
	}
	t.Logf("first pull of %d orders: %s", orders, took)
}

func TestRevokedStationKeepsItsEventsAndSaysWhy(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 1)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.mustSync()
	tm.note(3)
	if err := h.db.Revoke(ctx, tm.term.ID); err != nil {
		t.Fatal(err)
	}
	s := sync.NewSyncer(tm.db, tm.client, sync.Config{})
	_, err := s.SyncOnce(ctx)
	if err == nil || sync.Transient(err) {
		t.Fatalf("sync of a revoked station: %v", err)
	}
	// The refusal carries the values its message names, for a screen in
	// another language to word it with.
	if args := core.ErrorArgs(err); len(args) < 2 || args[0] != "Pack 1" || !strings.Contains(core.ErrorMessage(err), fmt.Sprint(args[1])) {
		t.Fatalf("the refusal's values: %q in %q", args, core.ErrorMessage(err))
	}
	st := s.Status()
	if !st.Online || st.Pending != 3 || !strings.Contains(st.LastError, "revoked") || !strings.Contains(st.LastError, "enroll") {
		t.Fatalf("status: %+v", st)
	}
	held, _ := h.db.Events(ctx, tm.term.ID, 0, 0)
	if len(held) != 0 {
		t.Fatalf("a revoked station's events reached the hub: %d", len(held))
	}
}

// TestReplacedStationDatabaseNumbersItsEventsAfterTheHubs: a station
// whose disk was replaced by an empty one, under the same token, numbers
// its new events again after the hub's last one (it was stuck on seq_reused
// before); nothing the hub holds is overwritten.
func TestReplacedStationDatabaseNumbersItsEventsAfterTheHubs(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 1)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.note(3)
	tm.mustSync()
	before, _ := h.db.Events(ctx, tm.term.ID, 0, 0)
	// The station's disk is replaced by an empty one, under the same token.
	fresh := newTerminal(t, h.db, h.url, "L1", "Pack 1 again")
	fresh.token, fresh.term = tm.token, tm.term
	fresh.connect(h.url)
	fresh.note(2)
	res, err := fresh.sync()
	if err != nil || res.Renumbered != 2 || res.Pushed != 2 {
		t.Fatalf("pushing new events under numbers the hub holds: %+v, %v", res, err)
	}
	held, _ := h.db.Events(ctx, tm.term.ID, 0, 0)
	if len(held) != 5 {
		t.Fatalf("hub holds %d events, want the first station's 3 and the new 2", len(held))
	}
	for i := range before {
		if held[i].ID != before[i].ID || held[i].Seq != before[i].Seq {
			t.Fatalf("event %d at the hub was overwritten: %+v, was %+v", i, held[i].Event, before[i].Event)
		}
	}
	local, _ := fresh.db.Events(ctx, 0, 10)
	if len(local) != 2 || local[0].Seq != 4 || local[1].Seq != 5 || held[3].ID != local[0].ID || held[4].ID != local[1].ID {
		t.Fatalf("renumbered events: local %+v, hub %+v", local, held[3:])
	}
	if pending, _, _ := fresh.db.OutboxStats(ctx); pending != 0 {
		t.Fatalf("%d events still pending", pending)
	}
	// New events follow the renumbered ones.
	fresh.note(1)
	fresh.mustSync()
	if held, _ := h.db.Events(ctx, tm.term.ID, 5, 0); len(held) != 1 || held[0].Seq != 6 {
		t.Fatalf("the next event: %+v", held)
	}
}
