package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/sqlite"
)

// counter drives a handoff the way an associate at the pickup counter does.
type counter struct {
	t   testing.TB
	db  *sqlite.DB
	ref string
}

func (c counter) ok(res sqlite.HandoffResult, err error) sqlite.HandoffResult {
	c.t.Helper()
	if err != nil {
		c.t.Fatalf("%s: %v", c.ref, err)
	}
	return res
}

// refused checks that a step was refused with want and wrote nothing.
func (c counter) refused(want error, step func() (sqlite.HandoffResult, error)) {
	c.t.Helper()
	before := countEvents(c.t, c.db)
	status := orderStatus(c.t, c.db, c.ref)
	_, err := step()
	if !errors.Is(err, want) || core.ErrorMessage(err) == "" {
		c.t.Fatalf("%s: got %v, want %v", c.ref, err, want)
	}
	if after := countEvents(c.t, c.db); after != before {
		c.t.Fatalf("%s: refused step wrote %d events", c.ref, after-before)
	}
	if got := orderStatus(c.t, c.db, c.ref); got != status {
		c.t.Fatalf("%s: refused step moved the order from %s to %s", c.ref, status, got)
	}
}

func (c counter) code(code string) (sqlite.HandoffResult, error) {
	return c.db.VerifyPickup(context.Background(), c.ref, associateID, pickup.VerifyInput{Method: core.VerifyCode, Code: code})
}

func (c counter) bag(n int) (sqlite.HandoffResult, error) {
	return c.db.HandOverBag(context.Background(), c.ref, associateID, pickup.BagRef{OrderRef: c.ref, N: n})
}

func (c counter) complete() (sqlite.HandoffResult, error) {
	return c.db.CompleteHandoff(context.Background(), c.ref, associateID)
}

func TestFullHandoff(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	pickAndStage(t, db, "P1", "HOLD-01", "HOLD-02")
	c := counter{t, db, "P1"}

	// The customer shows the QR code from their confirmation.
	found, err := db.PickupsByCode(ctx, codeP1)
	if err != nil || len(found) != 1 || found[0].Ref != "P1" || strings.Join(found[0].Shelves, ",") != "HOLD-01,HOLD-02" {
		t.Fatalf("by pickup code: %+v, %v", found, err)
	}
	db.Now = func() time.Time { return now().Add(time.Hour) }
	res := c.ok(db.StartHandoff(ctx, "P1", associateID))
	if res.Effect.Kind != pickup.EffectArrive || len(pickupEvents(t, db, "P1", core.EventPickupCustomerArrived)) != 1 {
		t.Fatalf("arrival: %+v", res.Effect)
	}
	db.Now = func() time.Time { return now().Add(time.Hour + 4*time.Minute) }
	q, _ := db.PickupQueue(ctx)
	if q[0].Ref != "P1" || q[0].Waiting(db.Now()) != 4*time.Minute {
		t.Fatalf("queue: customer P1 waiting first for 4 min: %+v", q[0])
	}
	c.refused(core.ErrNotVerified, func() (sqlite.HandoffResult, error) { return c.bag(1) })
	res = c.ok(c.code(codeP1))
	if res.Effect.Kind != pickup.EffectVerify || res.Handoff.Verified.Method != core.VerifyCode {
		t.Fatalf("verify: %+v", res.Effect)
	}
	c.ok(c.bag(2))
	// Bag 1 was not scanned: the handoff stops and says where it is.
	c.refused(core.ErrBagMissing, c.complete)
	_, err = c.complete()
	if !strings.Contains(core.ErrorMessage(err), "HOLD-01") {
		t.Fatalf("missing bag message does not name its shelf: %q", core.ErrorMessage(err))
	}
	c.refused(core.ErrWrongBag, func() (sqlite.HandoffResult, error) {
		return db.HandOverBag(ctx, "P1", associateID, pickup.BagRef{OrderRef: "P2", N: 1})
	})
	c.ok(c.bag(1))
	res = c.ok(c.complete())
	if res.Effect.Kind != pickup.EffectComplete || orderStatus(t, db, "P1") != core.OrderCollected {
		t.Fatalf("complete: %+v, order %s", res.Effect, orderStatus(t, db, "P1"))
	}
	rec, err := db.HandoffRecord(ctx, "P1")
	if err != nil {
		t.Fatal(err)
	}
	if rec.StaffID != associateID || rec.Method != core.VerifyCode || rec.Collector != core.CollectorCustomer ||
		rec.Name != "Émilie Dubois" || !rec.At.Equal(db.Now().Truncate(time.Second)) || rec.VerifiedBy != associateID {
		t.Fatalf("handoff record: %+v", rec)
	}
	collected := pickupEvents(t, db, "P1", core.EventOrderCollected)
	if len(collected) != 1 {
		t.Fatalf("order.collected events: %v", eventTypes(t, db))
	}
	p := pickupPayload(t, collected[0])
	if p["method"] != core.VerifyCode || p["collector"] != core.CollectorCustomer || p["bags"] != 2.0 || p["refused"] != nil {
		t.Fatalf("order.collected payload: %s", collected[0].Payload)
	}
	if strings.Contains(string(collected[0].Payload), codeP1) {
		t.Fatalf("the pickup code leaked into the outbox: %s", collected[0].Payload)
	}
	for _, typ := range []string{core.EventPickupVerified, core.EventPickupBagHanded} {
		if len(pickupEvents(t, db, "P1", typ)) == 0 {
			t.Fatalf("no %s event: %v", typ, eventTypes(t, db))
		}
	}
	// Collected: off the queue, and it cannot be handed over twice.
	if q, _ := db.PickupQueue(ctx); len(q) != 0 {
		t.Fatalf("queue after handoff: %+v", q)
	}
	c.refused(core.ErrNotReadyToHandle, c.complete)
}

// A handoff can never be recorded without a verification: not by the
// workflow, whatever was scanned before, and not by writing the status.
func TestHandoffNeedsVerification(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	pickAndStage(t, db, "P1", "HOLD-01")
	c := counter{t, db, "P1"}

	c.refused(core.ErrNotVerified, c.complete)
	c.refused(core.ErrNotVerified, func() (sqlite.HandoffResult, error) { return c.bag(1) })
	// A verification without a method is no verification.
	c.refused(core.ErrNotVerified, func() (sqlite.HandoffResult, error) {
		return db.VerifyPickup(ctx, "P1", associateID, pickup.VerifyInput{Method: "looked_trustworthy"})
	})
	// An ID check must say which ID was checked.
	c.refused(&core.Error{Code: core.EINVALID, Reason: "bad_id_type"}, func() (sqlite.HandoffResult, error) {
		return db.VerifyPickup(ctx, "P1", associateID, pickup.VerifyInput{Method: core.VerifyIDCheck})
	})
	// Verified, bag out, then the customer walks away: the verification
	// goes with them.
	c.ok(c.code(codeP1))
	c.ok(c.bag(1))
	c.ok(db.AbandonHandoff(ctx, "P1", associateID))
	c.refused(core.ErrNotVerified, c.complete)
	// A verification older than the limit does not count either.
	c.ok(c.code(codeP1))
	c.ok(c.bag(1))
	db.Now = func() time.Time { return now().Add(pickup.VerificationTTL + time.Minute) }
	c.refused(core.ErrNotVerified, c.complete)
	// And the database itself refuses the status without a handoff record.
	err := sqlite.ExecRaw(db, "UPDATE orders SET status = 'collected' WHERE external_id = 'P1'")
	if err == nil || !strings.Contains(err.Error(), "without a verified handoff") {
		t.Fatalf("raw status change: %v", err)
	}
	if got := orderStatus(t, db, "P1"); got != core.OrderStaged {
		t.Fatalf("order is %s", got)
	}
	if n := len(pickupEvents(t, db, "P1", core.EventOrderCollected)); n != 0 {
		t.Fatalf("%d order.collected events", n)
	}
}

func TestWrongCodesLockOutUntilSupervisor(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	pickAndStage(t, db, "P1", "HOLD-01")
	c := counter{t, db, "P1"}

	for i := 1; i < pickup.MaxWrongCodes; i++ {
		_, err := c.code("000000")
		if !errors.Is(err, core.ErrWrongPickupCode) {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	if !strings.Contains(core.ErrorMessage(mustErr(c.code("111111"))), "locked") {
		t.Fatal("the fifth wrong code does not say the order is locked")
	}
	if n := len(pickupEvents(t, db, "P1", core.EventPickupCodeRejected)); n != pickup.MaxWrongCodes {
		t.Fatalf("%d code_rejected events, want %d", n, pickup.MaxWrongCodes)
	}
	if n := len(pickupEvents(t, db, "P1", core.EventPickupLocked)); n != 1 {
		t.Fatalf("%d locked events", n)
	}
	// Locked: the right code, an ID check, a bag, completing: all refused,
	// and none of them counts or writes anything.
	c.refused(core.ErrPickupLocked, func() (sqlite.HandoffResult, error) { return c.code(codeP1) })
	c.refused(core.ErrPickupLocked, func() (sqlite.HandoffResult, error) {
		return db.VerifyPickup(ctx, "P1", associateID, pickup.VerifyInput{Method: core.VerifyIDCheck, IDType: "passport"})
	})
	c.refused(core.ErrPickupLocked, func() (sqlite.HandoffResult, error) { return c.bag(1) })
	c.refused(core.ErrPickupLocked, c.complete)
	if q, _ := db.PickupQueue(ctx); len(q) != 1 || !q[0].Locked {
		t.Fatalf("queue does not show the lock: %+v", q)
	}
	// Only a supervisor, with the right PIN, releases it.
	unlock := func(who int64, pin string) func() (sqlite.HandoffResult, error) {
		return func() (sqlite.HandoffResult, error) { return db.UnlockPickup(ctx, "P1", associateID, who, pin) }
	}
	c.refused(core.ErrNotAllowed, unlock(associateID, testPIN))
	c.refused(core.ErrBadCredentials, unlock(supervisorID, "0000"))
	c.ok(unlock(supervisorID, supervisorPIN)())
	unlocked := pickupEvents(t, db, "P1", core.EventPickupUnlocked)
	if len(unlocked) != 1 || pickupPayload(t, unlocked[0])["supervisor"] != float64(supervisorID) || unlocked[0].StaffID != associateID {
		t.Fatalf("unlocked events: %+v", unlocked)
	}
	c.refused(&core.Error{Code: core.ECONFLICT, Reason: "not_locked"}, unlock(supervisorID, supervisorPIN))
	// After release the counter starts again from zero.
	if _, err := c.code("222222"); !errors.Is(err, core.ErrWrongPickupCode) || !strings.Contains(core.ErrorMessage(err), "4 tries left") {
		t.Fatalf("first wrong code after release: %v", err)
	}
	c.ok(c.code(codeP1))
	c.ok(c.bag(1))
	c.ok(c.complete())
	if orderStatus(t, db, "P1") != core.OrderCollected {
		t.Fatal("not collected after release")
	}
}

func mustErr(_ sqlite.HandoffResult, err error) error { return err }

func TestPartialPickupByAlternate(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	mugBefore := stockOf(t, db, "B-01-1", "MUG")
	pickAndStage(t, db, "P1", "HOLD-01")
	c := counter{t, db, "P1"}
	h, err := db.Handoff(ctx, "P1")
	if err != nil {
		t.Fatal(err)
	}
	if h.AltPickup != "Bo Lima" {
		t.Fatalf("alternate pickup person: %q", h.AltPickup)
	}
	mugLine := h.Lines[0].ID
	// Bo Lima collects for Émilie, with a driving licence.
	res := c.ok(db.VerifyPickup(ctx, "P1", associateID, pickup.VerifyInput{Method: core.VerifyIDCheck, IDType: "driving_licence", Collector: core.CollectorAlternate}))
	if res.Handoff.Verified.Name != "Bo Lima" {
		t.Fatalf("verified: %+v", res.Handoff.Verified)
	}
	c.ok(c.bag(1))
	// One mug is chipped: the customer refuses it.
	c.refused(core.ErrBadQuantity, func() (sqlite.HandoffResult, error) {
		return db.RefuseItem(ctx, "P1", associateID, mugLine, 3, "damaged")
	})
	c.ok(db.RefuseItem(ctx, "P1", associateID, mugLine, 1, "damaged"))
	c.ok(c.complete())

	rec, _ := db.HandoffRecord(ctx, "P1")
	if rec.Method != core.VerifyIDCheck || rec.IDType != "driving_licence" || rec.Collector != core.CollectorAlternate || rec.Name != "Bo Lima" {
		t.Fatalf("handoff record: %+v", rec)
	}
	refund := pickupEvents(t, db, "P1", core.EventPickupRefundDue)
	if len(refund) != 1 {
		t.Fatalf("refund events: %v", eventTypes(t, db))
	}
	items := pickupPayload(t, refund[0])["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["sku"] != "MUG" || items[0].(map[string]any)["qty"] != 1.0 || items[0].(map[string]any)["reason"] != "damaged" {
		t.Fatalf("refund payload: %s", refund[0].Payload)
	}
	if len(pickupEvents(t, db, "P1", core.EventPickupItemRefused)) != 1 {
		t.Fatal("no item_refused event")
	}
	// The refused mug is a return-to-stock task.
	todo, err := db.RestockOrders(ctx)
	if err != nil || len(todo) != 1 || todo[0].Ref != "P1" || todo[0].Units != 1 || todo[0].Reason != pickup.RestockRefused {
		t.Fatalf("restock tasks: %+v, %v", todo, err)
	}
	rs := restocker{t, db, "P1"}
	rs.scan("BIN-B-01-1")
	rs.scan(gtinMug)
	if got := stockOf(t, db, "B-01-1", "MUG"); got != mugBefore-2+1 {
		t.Fatalf("mug stock %d, want %d", got, mugBefore-1)
	}
	if todo, _ := db.RestockOrders(ctx); len(todo) != 0 {
		t.Fatalf("restock tasks left: %+v", todo)
	}
}

func TestCurbsidePickup(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	pickAndStage(t, db, "P1", "HOLD-01")
	pickAndStage(t, db, "P2", "HOLD-02")
	c := counter{t, db, "P2"}
	c.refused(&core.Error{Code: core.EINVALID, Reason: "bay_required"}, func() (sqlite.HandoffResult, error) {
		return db.NoteCurbside(ctx, "P2", associateID, pickup.Curbside{})
	})
	c.ok(db.NoteCurbside(ctx, "P2", associateID, pickup.Curbside{Bay: "3", Car: "red Fiat 500"}))
	q, _ := db.PickupQueue(ctx)
	if len(q) != 2 || q[0].Ref != "P2" || !q[0].Curbside() || q[0].Bay != "3" || q[0].Car != "red Fiat 500" {
		t.Fatalf("curbside customer not first and flagged: %+v", q)
	}
	arrived := pickupEvents(t, db, "P2", core.EventPickupCustomerArrived)
	if len(arrived) != 1 || pickupPayload(t, arrived[0])["bay"] != "3" {
		t.Fatalf("arrival events: %+v", arrived)
	}
	c.ok(c.code(codeP2))
	c.ok(c.bag(1))
	c.ok(c.complete())
	if rec, _ := db.HandoffRecord(ctx, "P2"); rec.Bay != "3" {
		t.Fatalf("handoff record: %+v", rec)
	}
	if p := pickupPayload(t, pickupEvents(t, db, "P2", core.EventOrderCollected)[0]); p["curbside"] == nil {
		t.Fatalf("order.collected without curbside: %v", p)
	}
}
