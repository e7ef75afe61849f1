package sqlite_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// The pickup fixture, on top of mustOpen's: three hold shelves, a store
// associate and a supervisor, and store-pickup orders with their codes.
const (
	associateID   = 30
	supervisorID  = 90
	supervisorPIN = "909090"
	codeP1        = "482913"
	codeP2        = "105577"
)

var (
	supervisorHashOnce sync.Once
	supervisorHash     string
)

func mustOpenPickup(t testing.TB) *sqlite.DB {
	t.Helper()
	db := mustOpen(t)
	supervisorHashOnce.Do(func() {
		h, err := core.HashPINCost(supervisorPIN, 4)
		if err != nil {
			t.Fatal(err)
		}
		supervisorHash = h
	})
	p1 := order("P1", core.FulfillStorePickup, 5, line("MUG", 2), line("SOCKS", 1))
	p1.PickupCode = codeP1
	p1.Customer = core.Customer{Name: "Émilie Dubois", Phone: "+33 1 23 45 67 89", AltPickup: "Bo Lima"}
	p2 := order("P2", core.FulfillStorePickup, 6, line("MUG", 1))
	p2.PickupCode = codeP2
	p2.Customer = core.Customer{Name: "Жанна Иванова", Phone: "+7 495 123-45-67"}
	err := db.ApplyChanges(context.Background(), core.ChangeSet{
		Bins: []core.Bin{
			{Code: "HOLD-01", Zone: pickup.HoldZone, WalkSeq: 900},
			{Code: "HOLD-02", Zone: pickup.HoldZone, WalkSeq: 910},
			{Code: "HOLD-03", Zone: pickup.HoldZone, WalkSeq: 920},
		},
		Staff: []core.StaffRecord{
			{Staff: core.Staff{ID: associateID, Name: "Chloé Store", Roles: []core.Role{core.RoleAssociate, core.RolePicker}}, PINHash: pinHash, Active: true},
			{Staff: core.Staff{ID: supervisorID, Name: "Sam Supervisor", Roles: []core.Role{core.RoleSupervisor}}, PINHash: supervisorHash, Active: true},
		},
		Orders: []core.Order{p1, p2},
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// stager drives an order's staging the way an associate with a scanner
// does.
type stager struct {
	t   testing.TB
	db  *sqlite.DB
	ref string
}

func (s stager) scan(code string) sqlite.StageResult {
	s.t.Helper()
	res, err := s.db.StageScan(context.Background(), s.ref, associateID, mustPickupScan(s.t, code))
	if err != nil {
		s.t.Fatalf("stage scan %s: %v", code, err)
	}
	return res
}

// reject scans a code that must be refused with want, and checks that
// nothing was written.
func (s stager) reject(code string, want error) {
	s.t.Helper()
	before := countEvents(s.t, s.db)
	st, err := s.db.Staging(context.Background(), s.ref)
	if err != nil {
		s.t.Fatal(err)
	}
	_, err = s.db.StageScan(context.Background(), s.ref, associateID, mustPickupScan(s.t, code))
	if !errors.Is(err, want) || core.ErrorMessage(err) == "" {
		s.t.Fatalf("stage scan %s: got %v, want %v", code, err, want)
	}
	if after := countEvents(s.t, s.db); after != before {
		s.t.Fatalf("stage scan %s was refused but wrote %d events", code, after-before)
	}
	again, _ := s.db.Staging(context.Background(), s.ref)
	if again.Next().Kind != st.Next().Kind || again.InHand != st.InHand {
		s.t.Fatalf("stage scan %s was refused but moved staging from %+v to %+v", code, st.Next(), again.Next())
	}
}

func mustPickupScan(t testing.TB, s string) pickup.Scan {
	t.Helper()
	sc, err := pickup.ParseScan(scan.Parser{}, s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return sc
}

// pickAndStage picks an order and puts its bags on the given shelves, one
// bag per shelf.
func pickAndStage(t testing.TB, db *sqlite.DB, ref string, shelves ...string) {
	t.Helper()
	claim(t, db, associateID, ref).finish()
	s := stager{t, db, ref}
	if _, err := db.StageBags(context.Background(), ref, associateID, len(shelves)); err != nil {
		t.Fatal(err)
	}
	for i, sh := range shelves {
		s.scan(pickup.BagCode(ref, i+1))
		s.scan("BIN-" + sh)
	}
	if got := orderStatus(t, db, ref); got != core.OrderStaged {
		t.Fatalf("%s after staging: %s", ref, got)
	}
}

// pickupEvents returns the outbox events of one type for an order.
func pickupEvents(t testing.TB, db *sqlite.DB, ref, typ string) []core.Event {
	t.Helper()
	evs, err := db.Events(context.Background(), 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var out []core.Event
	for _, e := range evs {
		if e.OrderID == ref && e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

func pickupPayload(t testing.TB, e core.Event) map[string]any {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStagePickupOrder(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	s := stager{t, db, "P1"}

	// Not picked yet: nothing to stage.
	if _, err := db.StageBags(ctx, "P1", associateID, 2); !errors.Is(err, core.ErrNotReadyToStage) {
		t.Fatalf("stage before picking: %v", err)
	}
	claim(t, db, associateID, "P1").finish()
	// The tote it was picked into finds it.
	ref, err := db.StagingOrder(ctx, mustPickupScan(t, "TOTE-P1"))
	if err != nil || ref != "P1" {
		t.Fatalf("staging order by tote: %q, %v", ref, err)
	}
	s.reject("BAG-P1-1", &core.Error{Code: core.ECONFLICT, Reason: "bag_count_first"})
	res := s.scan("2") // typed: the order fills two bags
	if res.Effect.Kind != pickup.EffectTagBags || len(res.Staging.Bags) != 2 || res.Staging.Bags[1].Code != "BAG-P1-2" {
		t.Fatalf("bags: %+v", res)
	}
	s.reject("BIN-HOLD-01", &core.Error{Code: core.ECONFLICT, Reason: "bag_first"})
	s.reject("BAG-W1-1", core.ErrWrongBag)
	s.scan("BAG-P1-1")
	s.reject("BIN-B-01-1", core.ErrNotHoldShelf) // a stock bin
	s.reject("BIN-NOPE-9", core.ErrUnknownCode)
	res = s.scan("BIN-HOLD-01")
	if res.Effect.Kind != pickup.EffectPlaceBag || res.Effect.Staged {
		t.Fatalf("first bag placed: %+v", res.Effect)
	}
	if got := orderStatus(t, db, "P1"); got != core.OrderPicked {
		t.Fatalf("one bag of two on the shelf, order is %s", got)
	}
	s.scan("BAG-P1-2")
	res = s.scan("BIN-HOLD-02")
	if !res.Effect.Staged || orderStatus(t, db, "P1") != core.OrderStaged {
		t.Fatalf("last bag placed: %+v, order %s", res.Effect, orderStatus(t, db, "P1"))
	}
	staged := pickupEvents(t, db, "P1", core.EventOrderStaged)
	if len(staged) != 1 || len(pickupEvents(t, db, "P1", core.EventPickupBagStaged)) != 2 || len(pickupEvents(t, db, "P1", core.EventPickupBagsTagged)) != 1 {
		t.Fatalf("staging events: %v", eventTypes(t, db))
	}
	if bags := pickupPayload(t, staged[0])["bags"].([]any); len(bags) != 2 || bags[1].(map[string]any)["shelf"] != "HOLD-02" {
		t.Fatalf("order.staged payload: %s", staged[0].Payload)
	}
	// The tote is free for the next pick.
	if _, err := db.StagingOrder(ctx, mustPickupScan(t, "TOTE-P1")); err == nil {
		t.Fatal("the tote still holds the staged order")
	}
	// Moving a bag is a scan too.
	s.scan("BAG-P1-1")
	res = s.scan("BIN-HOLD-03")
	if res.Effect.Kind != pickup.EffectMoveBag || res.Effect.FromShelf != "HOLD-01" {
		t.Fatalf("move: %+v", res.Effect)
	}
	if moved := pickupEvents(t, db, "P1", core.EventPickupBagMoved); len(moved) != 1 || pickupPayload(t, moved[0])["to"] != "HOLD-03" {
		t.Fatalf("bag moved events: %v", moved)
	}
	q, err := db.PickupQueue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) == 0 || q[len(q)-1].Ref != "P1" || strings.Join(q[len(q)-1].Shelves, " ") != "HOLD-02 HOLD-03" || q[len(q)-1].Bags != 2 {
		t.Fatalf("queue after staging: %+v", q)
	}
	if counts, _ := db.Queues(ctx); counts.ToStage != 0 {
		t.Fatalf("home queue still counts P1 to stage: %+v", counts)
	}
}

// A staging scan survives a restart: the bag in hand is in the database.
func TestStagingResumesAfterReopen(t *testing.T) {
	db := mustOpenPickup(t)
	claim(t, db, associateID, "P2").finish()
	s := stager{t, db, "P2"}
	s.scan("1")
	s.scan("BAG-P2-1")
	path := db.Path()
	db.Close()
	db = mustOpenPath(t, path)
	st, err := db.Staging(context.Background(), "P2")
	if err != nil || st.Next().Kind != pickup.StageShelf {
		t.Fatalf("after reopen: %+v, %v", st, err)
	}
	stager{t, db, "P2"}.scan("BIN-HOLD-01")
	if orderStatus(t, db, "P2") != core.OrderStaged {
		t.Fatal("not staged")
	}
}
