package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

var ctx = context.Background()

// base is when the tests' events happen: an hour ago, for the hub judges
// an event's time against its clock.
var base = time.Now().UTC().Truncate(time.Second).Add(-time.Hour)

// event is an event by staff 1 (the picker hubtest.Seed gives the first
// location seeded).
func event(seq int64, typ, order string) core.Event {
	return core.Event{Seq: seq, ID: uuid.NewString(), Type: typ, OrderID: order, StaffID: 1,
		At: base.Add(time.Duration(seq) * time.Second), Payload: json.RawMessage(`{"n":1}`)}
}

func events(from, to int64, typ, order string) []core.Event {
	var out []core.Event
	for s := from; s <= to; s++ {
		out = append(out, event(s, typ, order))
	}
	return out
}

func enroll(t *testing.T, db *store.DB, loc, name string) (core.Terminal, string) {
	t.Helper()
	term, token, err := db.Enroll(ctx, loc, name)
	if err != nil {
		t.Fatal(err)
	}
	return term, token
}

// pullAll pulls every page for a terminal from cursor and merges them.
func pullAll(t *testing.T, db *store.DB, term core.Terminal, cursor string, limit int) (core.ChangeSet, int) {
	t.Helper()
	var all core.ChangeSet
	pages := 0
	for {
		res, err := db.Pull(ctx, term, cursor, limit)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		cs := res.Changes
		all.Products = append(all.Products, cs.Products...)
		all.Bins = append(all.Bins, cs.Bins...)
		all.Stock = append(all.Stock, cs.Stock...)
		all.Staff = append(all.Staff, cs.Staff...)
		all.Orders = append(all.Orders, cs.Orders...)
		all.CancelledOrders = append(all.CancelledOrders, cs.CancelledOrders...)
		all.Progress = append(all.Progress, cs.Progress...)
		all.Rejections = append(all.Rejections, cs.Rejections...)
		all.Returns = append(all.Returns, cs.Returns...)
		cursor = cs.Cursor
		all.Cursor = cursor
		if !res.More {
			return all, pages
		}
		if pages > 10000 {
			t.Fatal("pull never ends")
		}
	}
}

func TestAuthentication(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		if _, _, err := db.Enroll(ctx, "NOWHERE", "Pack 1"); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("enroll at unknown location: %v", err)
		}
		hubtest.Seed(t, db, "L1", 0)
		term, token := enroll(t, db, "L1", "Pack 1")
		p, err := db.Authenticate(ctx, token)
		if err != nil || p.Kind != store.KindTerminal || p.Terminal != term {
			t.Fatalf("authenticate = %+v, %v; want %+v", p, err, term)
		}
		for _, bad := range []string{"", "sht_nonsense", token + "x"} {
			if _, err := db.Authenticate(ctx, bad); core.ErrorCode(err) != core.EUNAUTHORIZED {
				t.Errorf("token %q: %v, want unauthorized", bad, err)
			}
		}
		if err := db.Revoke(ctx, term.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, token); core.ErrorCode(err) != core.EFORBIDDEN {
			t.Fatalf("revoked token: %v, want forbidden", err)
		}
		if _, err := db.Push(ctx, term, events(1, 1, "x", "")); core.ErrorCode(err) != core.EFORBIDDEN {
			t.Fatalf("push by revoked terminal: %v", err)
		}
		if err := db.Revoke(ctx, term.ID); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("revoking twice: %v", err)
		}

		id, key, err := db.CreateIngestKey(ctx, "OMS")
		if err != nil {
			t.Fatal(err)
		}
		if p, err := db.Authenticate(ctx, key); err != nil || p.Kind != store.KindIngest || p.KeyName != "OMS" {
			t.Fatalf("ingest key: %+v, %v", p, err)
		}
		if err := db.RevokeIngestKey(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, key); core.ErrorCode(err) != core.EFORBIDDEN {
			t.Fatalf("revoked ingest key: %v", err)
		}
	})
}

func TestImportIsIdempotentAndChangesBecomeUpdates(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		term, _ := enroll(t, db, "L1", "Pack 1")
		orders := hubtest.Orders("L1", 1, 5)
		res, err := db.ImportOrders(ctx, orders)
		if err != nil || res != (wire.IngestResponse{Created: 5}) {
			t.Fatalf("first import: %+v, %v", res, err)
		}
		first, _ := pullAll(t, db, term, "", 100)
		if len(first.Orders) != 5 || len(first.Products) != hubtest.NumProducts || len(first.Bins) != hubtest.NumProducts ||
			len(first.Stock) != hubtest.NumProducts || len(first.Staff) != 2 {
			t.Fatalf("first pull: %d orders, %d products, %d bins, %d stock, %d staff",
				len(first.Orders), len(first.Products), len(first.Bins), len(first.Stock), len(first.Staff))
		}
		if first.Orders[0].Lines[0].Name == "" || first.Orders[0].Status != core.OrderOpen {
			t.Errorf("order as pulled: %+v", first.Orders[0])
		}
		if first.Staff[0].PINHash == "" || !core.CheckPIN(first.Staff[0].PINHash, hubtest.StaffPIN) {
			t.Errorf("staff PIN hash does not check: %+v", first.Staff[0])
		}

		res, err = db.ImportOrders(ctx, hubtest.Orders("L1", 1, 5))
		if err != nil || res != (wire.IngestResponse{Unchanged: 5}) {
			t.Fatalf("second import: %+v, %v", res, err)
		}
		if again, _ := pullAll(t, db, term, first.Cursor, 100); len(again.Orders)+len(again.Products) != 0 {
			t.Fatalf("re-import produced changes: %+v", again)
		}

		changed := hubtest.Orders("L1", 1, 2)
		changed[0].ShipTo.Line1 = "1 New Street"
		changed[1].Status = core.OrderCancelled
		res, err = db.ImportOrders(ctx, changed)
		if err != nil || res != (wire.IngestResponse{Updated: 1, Cancelled: 1}) {
			t.Fatalf("changed import: %+v, %v", res, err)
		}
		upd, _ := pullAll(t, db, term, first.Cursor, 100)
		if len(upd.Orders) != 1 || upd.Orders[0].ShipTo.Line1 != "1 New Street" {
			t.Fatalf("update not pulled: %+v", upd.Orders)
		}
		if len(upd.CancelledOrders) != 1 || upd.CancelledOrders[0] != changed[1].ExternalID {
			t.Fatalf("cancellation not pulled: %v", upd.CancelledOrders)
		}
		if len(upd.Products)+len(upd.Bins)+len(upd.Staff)+len(upd.Stock) != 0 {
			t.Errorf("unrelated records pulled again: %+v", upd)
		}
	})
}

func TestImportRefusesBadOrdersAndChangesNothing(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		good := hubtest.Order("L1", 1)
		cases := map[string]func(o *wire.IngestOrder){
			"unknown product":  func(o *wire.IngestOrder) { o.Lines[1].SKU = "NOPE" },
			"unknown location": func(o *wire.IngestOrder) { o.Location = "MARS" },
			"zero quantity":    func(o *wire.IngestOrder) { o.Lines[0].Qty = 0 },
			"no id":            func(o *wire.IngestOrder) { o.ExternalID = "" },
			"bad status":       func(o *wire.IngestOrder) { o.Status = core.OrderShipped },
			"bad fulfillment":  func(o *wire.IngestOrder) { o.Fulfillment = "drone" },
			"no lines":         func(o *wire.IngestOrder) { o.Lines = nil },
			"NUL in the id":    func(o *wire.IngestOrder) { o.ExternalID = "L1-2\x00" },
			"NUL in a sku":     func(o *wire.IngestOrder) { o.Lines[0].SKU = "SKU-001\x00" },
			"NUL in location":  func(o *wire.IngestOrder) { o.Location = "L1\x00" },
		}
		for name, spoil := range cases {
			bad := hubtest.Order("L1", 2)
			bad.Lines = append([]core.OrderLine(nil), bad.Lines...)
			spoil(&bad)
			_, err := db.ImportOrders(ctx, []wire.IngestOrder{good, bad})
			if core.ErrorCode(err) != core.EINVALID {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}
		states, err := db.OrderStates(ctx, "L1")
		if err != nil || len(states) != 0 {
			t.Fatalf("refused imports left orders: %v, %v", states, err)
		}
	})
}

func TestPushAppliesEachEventExactlyOnce(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 3)
		term, _ := enroll(t, db, "L1", "Pack 1")
		evs := events(1, 8, core.EventStaffSignedIn, "")

		res, err := db.Push(ctx, term, evs[:5])
		if err != nil || res.LastSeq != 5 || res.Applied != 5 || res.Duplicates != 0 {
			t.Fatalf("push 1-5: %+v, %v", res, err)
		}
		res, err = db.Push(ctx, term, evs[:5])
		if err != nil || res.LastSeq != 5 || res.Applied != 0 || res.Duplicates != 5 {
			t.Fatalf("replay 1-5: %+v, %v", res, err)
		}
		res, err = db.Push(ctx, term, evs[2:8])
		if err != nil || res.LastSeq != 8 || res.Applied != 3 || res.Duplicates != 3 {
			t.Fatalf("push 3-8: %+v, %v", res, err)
		}
		var gap *store.SeqGapError
		_, err = db.Push(ctx, term, events(10, 11, core.EventStaffSignedIn, ""))
		if !errors.As(err, &gap) || gap.LastSeq != 8 || !errors.Is(err, store.ErrSeqGap) || core.ErrorCode(err) != core.ECONFLICT {
			t.Fatalf("push with a gap: %v", err)
		}
		reused := evs[3]
		reused.ID = uuid.NewString()
		if _, err := db.Push(ctx, term, []core.Event{reused}); core.ErrorReason(err) != "seq_reused" {
			t.Fatalf("push of a different event under a held number: %v", err)
		}
		for name, batch := range map[string][]core.Event{
			"not consecutive": {evs[0], evs[2]},
			"seq zero":        events(0, 1, "x", ""),
		} {
			if _, err := db.Push(ctx, term, batch); core.ErrorCode(err) != core.EINVALID {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}

		held, err := db.Events(ctx, term.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(held) != 8 {
			t.Fatalf("hub holds %d events, want 8", len(held))
		}
		for i, h := range held {
			if h.Seq != int64(i+1) || h.ID != evs[i].ID || string(h.Payload) != `{"n":1}` || !h.At.Equal(evs[i].At) {
				t.Errorf("held event %d = %+v, want %+v", i, h.Event, evs[i])
			}
		}
	})
}

func TestRejectedEventIsRecordedAndDoesNotBlock(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 3)
		term, _ := enroll(t, db, "L1", "Pack 1")
		cancelled := hubtest.Order("L1", 0)
		cancelled.Status = core.OrderCancelled
		if _, err := db.ImportOrders(ctx, []wire.IngestOrder{cancelled}); err != nil {
			t.Fatal(err)
		}
		start, _ := pullAll(t, db, term, "", 1000)
		ref, other := cancelled.ExternalID, hubtest.Order("L1", 1).ExternalID
		batch := []core.Event{
			event(1, core.EventPickClaimed, ref),
			event(2, core.EventPickItemPicked, ref),
			event(3, core.EventPickClaimed, other),
			event(4, core.EventOrderPicked, other),
		}
		res, err := db.Push(ctx, term, batch)
		if err != nil || res.LastSeq != 4 || res.Applied != 4 {
			t.Fatalf("push: %+v, %v", res, err)
		}
		if len(res.Rejections) != 2 || res.Rejections[0].Reason != store.ReasonOrderCancelled || res.Rejections[0].OrderID != ref {
			t.Fatalf("rejections in response: %+v", res.Rejections)
		}
		// A lost answer: the replay reports the same rejections.
		again, err := db.Push(ctx, term, batch)
		if err != nil || len(again.Rejections) != 2 || again.Applied != 0 {
			t.Fatalf("replay: %+v, %v", again, err)
		}
		states, _ := db.OrderStates(ctx, "L1")
		for _, s := range states {
			if s.ExternalID == other && (s.Status != core.OrderPicked || s.ClaimedBy != term.ID) {
				t.Errorf("order behind the rejection not applied: %+v", s)
			}
			if s.ExternalID == ref && s.Status != core.OrderCancelled {
				t.Errorf("cancelled order changed: %+v", s)
			}
		}
		// The terminal hears of the refusal once per order, through its pull.
		cs, _ := pullAll(t, db, term, start.Cursor, 1000)
		if len(cs.Rejections) != 1 || cs.Rejections[0].Seq != 1 || cs.Rejections[0].Message == "" {
			t.Fatalf("pulled rejections: %+v", cs.Rejections)
		}
		if len(cs.Orders) != 0 || len(cs.Progress) != 1 || !reflect.DeepEqual(cs.Progress[0], core.OrderProgress{ExternalID: other, Status: core.OrderPicked, ClaimedBy: term.ID}) {
			t.Fatalf("progress pulled as %+v (and orders %+v): want only %s picked", cs.Progress, cs.Orders, other)
		}
		if more, _ := pullAll(t, db, term, cs.Cursor, 1000); len(more.Rejections) != 0 {
			t.Fatalf("rejection pulled twice: %+v", more.Rejections)
		}
	})
}

func TestFirstClaimWins(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 2)
		a, _ := enroll(t, db, "L1", "Pick A")
		bt, _ := enroll(t, db, "L1", "Pick B")
		ref := hubtest.Order("L1", 0).ExternalID
		if _, err := db.Push(ctx, a, []core.Event{event(1, core.EventPickClaimed, ref)}); err != nil {
			t.Fatal(err)
		}
		// B claimed the same order while offline, and a second one too.
		second := hubtest.Order("L1", 1).ExternalID
		res, err := db.Push(ctx, bt, []core.Event{
			event(1, core.EventPickClaimed, ref+","+second),
			event(2, core.EventPickItemPicked, ref),
			event(3, core.EventPickItemPicked, second),
		})
		if err != nil || res.LastSeq != 3 {
			t.Fatalf("push B: %+v, %v", res, err)
		}
		if len(res.Rejections) != 2 || res.Rejections[0].Reason != store.ReasonOrderClaimed || res.Rejections[0].OrderID != ref {
			t.Fatalf("B's rejections: %+v", res.Rejections)
		}
		want := map[string]string{ref: a.ID, second: bt.ID}
		states, _ := db.OrderStates(ctx, "L1")
		for _, s := range states {
			if s.ClaimedBy != want[s.ExternalID] {
				t.Errorf("order %s claimed by %q, want %q", s.ExternalID, s.ClaimedBy, want[s.ExternalID])
			}
		}
		cs, _ := pullAll(t, db, bt, "", 1000)
		if len(cs.Rejections) != 1 || cs.Rejections[0].Reason != store.ReasonOrderClaimed {
			t.Fatalf("B pulls %+v, want one order_claimed exception", cs.Rejections)
		}
	})
}

func TestTerminalSeesOnlyItsLocation(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 5)
		hubtest.Seed(t, db, "L2", 7)
		t1, _ := enroll(t, db, "L1", "Pack 1")
		cs, _ := pullAll(t, db, t1, "", 1000)
		if len(cs.Orders) != 5 || len(cs.Staff) != 2 {
			t.Fatalf("L1 pulled %d orders, %d staff", len(cs.Orders), len(cs.Staff))
		}
		for _, o := range cs.Orders {
			if o.ExternalID[:2] != "L1" {
				t.Errorf("L1 terminal pulled %s", o.ExternalID)
			}
		}
		for _, s := range cs.Staff {
			if s.Badge[2:] != "L1" {
				t.Errorf("L1 terminal pulled staff %+v", s)
			}
		}
		l2 := hubtest.Order("L2", 1).ExternalID
		if _, err := db.Order(ctx, "L1", l2); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("L1 reads L2's order: %v", err)
		}
		res, err := db.Push(ctx, t1, []core.Event{event(1, core.EventPickClaimed, l2)})
		if err != nil || len(res.Rejections) != 1 || res.Rejections[0].Reason != store.ReasonOtherLocation {
			t.Fatalf("L1 works on L2's order: %+v, %v", res, err)
		}
		states, _ := db.OrderStates(ctx, "L2")
		for _, s := range states {
			if s.Status != core.OrderOpen || s.ClaimedBy != "" {
				t.Errorf("L2 order changed by L1's terminal: %+v", s)
			}
		}
	})
}

func TestPullPages(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 2500)
		term, _ := enroll(t, db, "L1", "Pack 1")
		cursor, seen, prevRemaining := "", map[string]int{}, -1
		pages := 0
		for {
			res, err := db.Pull(ctx, term, cursor, 1000)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if res.Records > 1000 {
				t.Fatalf("page of %d records", res.Records)
			}
			if prevRemaining >= 0 && res.Remaining != prevRemaining-res.Records {
				t.Errorf("remaining %d after %d records, was %d", res.Remaining, res.Records, prevRemaining)
			}
			prevRemaining = res.Remaining
			for _, o := range res.Changes.Orders {
				seen[o.ExternalID]++
			}
			cursor = res.Changes.Cursor
			if !res.More {
				break
			}
		}
		total := 2500 + hubtest.NumProducts*3 + 2
		if pages != (total+999)/1000 || len(seen) != 2500 {
			t.Fatalf("%d pages, %d orders; want %d pages, 2500 orders", pages, len(seen), (total+999)/1000)
		}
		for ref, n := range seen {
			if n != 1 {
				t.Fatalf("order %s pulled %d times", ref, n)
			}
		}
		if _, err := db.Pull(ctx, term, "garbage", 10); core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("bad cursor: %v", err)
		}
		// A cursor from before the epochs is refused as from another epoch.
		if _, err := db.Pull(ctx, term, "c1.0.0.0.0.0.0", 10); core.ErrorCode(err) != core.ECONFLICT || core.ErrorReason(err) != wire.ReasonCursorEpoch {
			t.Fatalf("c1 cursor: %v", err)
		}
	})
}

// TestConcurrentWritersNeverHideChanges imports orders from several
// goroutines while a terminal pulls: every order must reach it, which fails
// if a pull's cursor could pass a version whose transaction had not yet
// committed.
func TestConcurrentWritersNeverHideChanges(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		term, _ := enroll(t, db, "L1", "Pack 1")
		const writers, each = 4, 60
		done := make(chan error, writers)
		for w := 0; w < writers; w++ {
			go func(w int) {
				for i := 0; i < each; i++ {
					if _, err := db.ImportOrders(ctx, hubtest.Orders("L1", w*each+i, 1)); err != nil {
						done <- err
						return
					}
				}
				done <- nil
			}(w)
		}
		seen := map[string]bool{}
		cursor := ""
		finished := 0
		for finished < writers || len(seen) < writers*each {
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
				finished++
			default:
			}
			res, err := db.Pull(ctx, term, cursor, 7)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range res.Changes.Orders {
				seen[o.ExternalID] = true
			}
			cursor = res.Changes.Cursor
			if finished == writers && !res.More && len(seen) < writers*each {
				t.Fatalf("pull ended with %d of %d orders: a change was skipped", len(seen), writers*each)
			}
		}
	})
}

// TestConcurrentPushesOfOneTerminal sends the same batches from several
// goroutines, as a retry racing its original does.
func TestConcurrentPushesOfOneTerminal(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		term, _ := enroll(t, db, "L1", "Pack 1")
		evs := events(1, 200, core.EventStaffSignedIn, "")
		errs := make(chan error, 4)
		for g := 0; g < 4; g++ {
			go func() {
				for from := 0; from < len(evs); from += 20 {
					_, err := db.Push(ctx, term, evs[from:from+20])
					var gap *store.SeqGapError
					if err != nil && !errors.As(err, &gap) {
						errs <- err
						return
					}
					if gap != nil {
						from -= 20 // another goroutine is behind; try again
						time.Sleep(time.Millisecond)
					}
				}
				errs <- nil
			}()
		}
		for g := 0; g < 4; g++ {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		held, err := db.Events(ctx, term.ID, 0, 0)
		if err != nil || len(held) != 200 {
			t.Fatalf("hub holds %d events, %v", len(held), err)
		}
		for i, h := range held {
			if h.ID != evs[i].ID {
				t.Fatalf("event %d is %s, want %s", i+1, h.ID, evs[i].ID)
			}
		}
	})
}

func TestStaffAndLocations(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		term, _ := enroll(t, db, "L1", "Pack 1")
		start, _ := pullAll(t, db, term, "", 1000)
		staff, err := db.Staff(ctx, "L1")
		if err != nil || len(staff) != 2 {
			t.Fatalf("staff: %v, %v", staff, err)
		}
		if _, err := db.AddStaff(ctx, "L1", core.Staff{Name: "Dup", Badge: staff[0].Badge, Roles: []core.Role{core.RolePacker}}, "5555"); core.ErrorCode(err) != core.ECONFLICT {
			t.Fatalf("duplicate badge: %v", err)
		}
		if _, err := db.AddStaff(ctx, "L1", core.Staff{Name: "X", Roles: []core.Role{"pilot"}}, "5555"); core.ErrorCode(err) != core.EINVALID {
			t.Fatalf("unknown role: %v", err)
		}
		if err := db.SetStaffActive(ctx, staff[0].ID, false); err != nil {
			t.Fatal(err)
		}
		cs, _ := pullAll(t, db, term, start.Cursor, 1000)
		if len(cs.Staff) != 1 || cs.Staff[0].ID != staff[0].ID || cs.Staff[0].Active {
			t.Fatalf("deactivation pulled as %+v", cs.Staff)
		}
		locs, err := db.Locations(ctx)
		if err != nil || len(locs) != 1 || locs[0].Terminals != 1 {
			t.Fatalf("locations: %+v, %v", locs, err)
		}
	})
}

func TestOpenPicksTheBackendFromTheDSN(t *testing.T) {
	db := hubtest.Backends()[0].Open(t)
	if db.Dialect() != "sqlite" {
		t.Fatal(db.Dialect())
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	_ = fmt.Sprint()
}

// TestWhoMayDoWhat: picking belongs to the terminal that claimed first,
// packing and handing over to any terminal of the location; a cancelled
// order takes put-backs and records, not work.
func TestWhoMayDoWhat(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 3)
		picker, _ := enroll(t, db, "L1", "Pick 1")
		packer, _ := enroll(t, db, "L1", "Pack 1")
		counter, _ := enroll(t, db, "L1", "Counter")
		ref := hubtest.Order("L1", 0).ExternalID
		push := func(term core.Terminal, from int64, types ...string) wire.PushResponse {
			t.Helper()
			var evs []core.Event
			for i, typ := range types {
				evs = append(evs, event(from+int64(i), typ, ref))
			}
			res, err := db.Push(ctx, term, evs)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		push(picker, 1, core.EventPickClaimed, core.EventPickItemPicked, core.EventOrderPicked)
		if res := push(packer, 1, core.EventPackItemVerified, core.EventPackPackageClosed, core.EventOrderPacked); len(res.Rejections) != 0 {
			t.Fatalf("packing at another terminal refused: %+v", res.Rejections)
		}
		if res := push(counter, 1, core.EventPickupVerified, core.EventOrderCollected); len(res.Rejections) != 0 {
			t.Fatalf("handover at the counter refused: %+v", res.Rejections)
		}
		if res := push(packer, 4, core.EventPickItemPicked); len(res.Rejections) != 1 || res.Rejections[0].Reason != store.ReasonOrderClaimed {
			t.Fatalf("picking by a terminal without the claim: %+v", res.Rejections)
		}
		states, _ := db.OrderStates(ctx, "L1")
		for _, s := range states {
			if s.ExternalID == ref && (s.Status != core.OrderCollected || s.ClaimedBy != picker.ID) {
				t.Fatalf("order after pick, pack and handover: %+v", s)
			}
		}

		cancelled := hubtest.Order("L1", 1)
		cancelled.Status = core.OrderCancelled
		if _, err := db.ImportOrders(ctx, []wire.IngestOrder{cancelled}); err != nil {
			t.Fatal(err)
		}
		ref = cancelled.ExternalID
		res := push(counter, 3, core.EventPickupCustomerArrived, core.EventPickUndone, core.EventPickReleased, core.EventPickupRestocked,
			core.EventPackItemVerified, core.EventPickupBagHanded)
		var reasons []string
		for _, r := range res.Rejections {
			reasons = append(reasons, fmt.Sprint(r.Seq, " ", r.Reason))
		}
		if fmt.Sprint(reasons) != "[7 order_cancelled 8 order_cancelled]" {
			t.Fatalf("on a cancelled order, refused %v; want only the packing (7) and the handover (8)", reasons)
		}
	})
}
