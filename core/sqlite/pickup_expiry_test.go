package sqlite_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/sqlite"
)

// restocker scans refused or expired units back into bins.
type restocker struct {
	t   testing.TB
	db  *sqlite.DB
	ref string
}

func (r restocker) scan(code string) sqlite.RestockResult {
	r.t.Helper()
	res, err := r.db.RestockScan(context.Background(), r.ref, associateID, mustParse(r.t, code))
	if err != nil {
		r.t.Fatalf("restock scan %s: %v", code, err)
	}
	return res
}

func (r restocker) reject(code string, want error) {
	r.t.Helper()
	before := countEvents(r.t, r.db)
	_, err := r.db.RestockScan(context.Background(), r.ref, associateID, mustParse(r.t, code))
	if !errors.Is(err, want) {
		r.t.Fatalf("restock scan %s: got %v, want %v", code, err, want)
	}
	if countEvents(r.t, r.db) != before {
		r.t.Fatalf("refused restock scan %s wrote events", code)
	}
}

func TestExpiredOrderReturnedToStock(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	if days, _ := db.PickupExpiryDays(ctx); days != pickup.DefaultExpiryDays {
		t.Fatalf("default collection window %d days", days)
	}
	if err := db.SetPickupExpiryDays(ctx, 0); err == nil {
		t.Fatal("a 0-day window was accepted")
	}
	if err := db.SetPickupExpiryDays(ctx, 3); err != nil {
		t.Fatal(err)
	}
	mug, socksA, socksC := stockOf(t, db, "B-01-1", "MUG"), stockOf(t, db, "A-01-1", "SOCKS"), stockOf(t, db, "C-09-2", "SOCKS")
	pickAndStage(t, db, "P1", "HOLD-01", "HOLD-02")
	if stockOf(t, db, "B-01-1", "MUG") != mug-2 {
		t.Fatal("picking did not take the mugs")
	}
	at := func(d time.Duration) { db.Now = func() time.Time { return now().Add(d) } }

	// Two days on the shelf: still within the window.
	at(48 * time.Hour)
	if list, _ := db.ExpiredPickups(ctx); len(list) != 0 {
		t.Fatalf("expired after 2 of 3 days: %+v", list)
	}
	if _, err := db.ExpirePickup(ctx, "P1", associateID); err == nil {
		t.Fatal("expired within the window")
	}
	// Three days: on the expired list, and flagged on the queue.
	at(72*time.Hour + time.Minute)
	list, err := db.ExpiredPickups(ctx)
	if err != nil || len(list) != 1 || list[0].Ref != "P1" || !list[0].Overdue {
		t.Fatalf("expired list: %+v, %v", list, err)
	}
	if q, _ := db.PickupQueue(ctx); len(q) != 1 || !q[0].Overdue {
		t.Fatalf("queue: %+v", q)
	}
	res, err := db.ExpirePickup(ctx, "P1", associateID)
	if err != nil || res.Effect.Kind != pickup.EffectExpire || orderStatus(t, db, "P1") != core.OrderExpired {
		t.Fatalf("expire: %+v, %v", res, err)
	}
	ev := pickupEvents(t, db, "P1", core.EventOrderExpired)
	if len(ev) != 1 || len(pickupPayload(t, ev[0])["items"].([]any)) != 2 {
		t.Fatalf("order.expired events: %+v", ev)
	}
	// It can no longer be handed over.
	if _, err := db.VerifyPickup(ctx, "P1", associateID, pickup.VerifyInput{Method: core.VerifyCode, Code: codeP1}); !errors.Is(err, core.ErrNotReadyToHandle) {
		t.Fatalf("verify an expired order: %v", err)
	}
	if list, _ := db.ExpiredPickups(ctx); len(list) != 0 {
		t.Fatalf("still on the expired list: %+v", list)
	}

	// Back into stock: bin first, then each unit.
	r := restocker{t, db, "P1"}
	rs, err := db.Restock(ctx, "P1")
	if err != nil || rs.Left() != 3 || rs.Next().Kind != pickup.RestockBin || rs.Tasks[0].HomeBin != "B-01-1" {
		t.Fatalf("restock: %+v, %v", rs, err)
	}
	r.reject(gtinMug, core.ErrBinNotConfirmed)
	r.reject("BIN-HOLD-01", core.ErrNotHoldShelf)
	r.scan("BIN-B-01-1")
	r.scan(gtinMug)
	r.scan(gtinMug)
	r.reject(gtinMug, core.ErrWrongItem)  // both mugs are back
	r.reject(gtinBuds, core.ErrWrongItem) // never in this order
	r.scan("BIN-C-09-2")
	res2 := r.scan(gtinSocks)
	if res2.Restock.Next().Kind != pickup.RestockDone {
		t.Fatalf("after the last unit: %+v", res2.Restock.Next())
	}
	r.reject("BIN-B-01-1", &core.Error{Code: core.ECONFLICT, Reason: "restock_done"})

	// Stock is what it was before the order, in total: the socks were
	// picked from A-01-1 and went back where the associate put them.
	if got := stockOf(t, db, "B-01-1", "MUG"); got != mug {
		t.Fatalf("mug stock %d, want %d", got, mug)
	}
	if got := stockOf(t, db, "A-01-1", "SOCKS") + stockOf(t, db, "C-09-2", "SOCKS"); got != socksA+socksC {
		t.Fatalf("socks stock %d, want %d", got, socksA+socksC)
	}
	restocked := pickupEvents(t, db, "P1", core.EventPickupRestocked)
	if len(restocked) != 3 || pickupPayload(t, restocked[2])["bin"] != "C-09-2" || pickupPayload(t, restocked[2])["reason"] != pickup.RestockExpired {
		t.Fatalf("restocked events: %+v", restocked)
	}
	if todo, _ := db.RestockOrders(ctx); len(todo) != 0 {
		t.Fatalf("restock left: %+v", todo)
	}
}
