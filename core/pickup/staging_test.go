package pickup_test

import (
	"errors"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
)

func mustScan(t *testing.T, s string) pickup.Scan {
	t.Helper()
	sc, err := pickup.ParseScan(scan.Parser{}, s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return sc
}

// shelves: bin id by code, and whether it is a hold shelf.
var shelves = map[string]struct {
	id   int64
	zone string
}{
	"HOLD-01": {101, pickup.HoldZone}, "HOLD-02": {102, pickup.HoldZone}, "A-01-1": {1, "Front"},
}

func stageInput(t *testing.T, s string) pickup.StageInput {
	in := pickup.StageInput{Scan: mustScan(t, s)}
	if in.Scan.Code.Kind == scan.KindBin {
		sh := shelves[in.Scan.Code.ID]
		in.ShelfID, in.ShelfZone = sh.id, sh.zone
	}
	return in
}

func TestStagingScenario(t *testing.T) {
	s := &pickup.Staging{OrderID: 7, OrderRef: "W1", Customer: "Ana", Fulfillment: core.FulfillStorePickup, Status: core.OrderPicked}
	step := func(want pickup.StageStepKind, bag int) {
		t.Helper()
		got := s.Next()
		if got.Kind != want || (bag != 0 && (got.Bag == nil || got.Bag.N != bag)) {
			t.Fatalf("step %+v, want %s bag %d", got, want, bag)
		}
	}
	do := func(in string, want pickup.EffectKind) pickup.Effect {
		t.Helper()
		e, err := s.Scan(stageInput(t, in))
		if err != nil {
			t.Fatalf("scan %s: %v", in, err)
		}
		if e.Kind != want {
			t.Fatalf("scan %s: effect %s, want %s", in, e.Kind, want)
		}
		s.Apply(e)
		return e
	}
	refuse := func(in string, want error) {
		t.Helper()
		before := s.Next()
		_, err := s.Scan(stageInput(t, in))
		if !errors.Is(err, want) || core.ErrorMessage(err) == "" {
			t.Fatalf("scan %s: got %v, want %v", in, err, want)
		}
		if after := s.Next(); after.Kind != before.Kind {
			t.Fatalf("refused scan %s moved the step from %s to %s", in, before.Kind, after.Kind)
		}
	}

	step(pickup.StageCount, 0)
	refuse("BAG-W1-1", &core.Error{Code: core.ECONFLICT, Reason: "bag_count_first"})
	refuse("BIN-HOLD-01", &core.Error{Code: core.ECONFLICT, Reason: "bag_count_first"})
	if _, err := s.SetBags(0); !errors.Is(err, core.ErrBadQuantity) {
		t.Fatalf("0 bags: %v", err)
	}
	e := do("2", pickup.EffectTagBags) // a typed count
	if e.Bags != 2 || len(s.Bags) != 2 || s.Bags[1].Code != "BAG-W1-2" {
		t.Fatalf("tagged: %+v %+v", e, s.Bags)
	}
	step(pickup.StageBag, 1)
	refuse("BIN-HOLD-01", &core.Error{Code: core.ECONFLICT, Reason: "bag_first"})
	refuse("BAG-W2-1", core.ErrWrongBag)
	refuse("BAG-W1-3", core.ErrWrongBag)
	do("BAG-W1-1", pickup.EffectBagInHand)
	step(pickup.StageShelf, 1)
	refuse("BIN-A-01-1", core.ErrNotHoldShelf)
	refuse("BIN-NOPE", core.ErrUnknownCode)
	if e := do("BIN-HOLD-01", pickup.EffectPlaceBag); e.Staged {
		t.Fatal("staged after one bag of two")
	}
	step(pickup.StageBag, 2)
	// Bag 1 is on a shelf: the count cannot drop below it, but may grow
	// (asked only: the order keeps its two bags).
	if _, err := s.SetBags(0); err == nil {
		t.Fatal("bag count dropped to 0")
	}
	if _, err := s.SetBags(3); err != nil {
		t.Fatalf("grow to 3 bags: %v", err)
	}
	do("BAG-W1-2", pickup.EffectBagInHand)
	e = do("BIN-HOLD-02", pickup.EffectPlaceBag)
	if !e.Staged || s.Status != core.OrderStaged {
		t.Fatalf("last bag placed: %+v, status %s", e, s.Status)
	}
	step(pickup.StageStaged, 0)
	if _, err := s.SetBags(3); err == nil {
		t.Fatal("bag count changed after staging")
	}
	// Moving a staged bag is a scan of the bag, then of its new shelf.
	do("BAG-W1-1", pickup.EffectBagInHand)
	do("BIN-HOLD-01", pickup.EffectNone) // the same shelf: nothing moves
	do("BAG-W1-1", pickup.EffectBagInHand)
	e = do("BIN-HOLD-02", pickup.EffectMoveBag)
	if e.FromShelf != "HOLD-01" || e.ShelfCode != "HOLD-02" || e.Staged {
		t.Fatalf("move: %+v", e)
	}
	if got := s.Shelves(); len(got) != 1 || got[0] != "HOLD-02" {
		t.Fatalf("shelves after the move: %v", got)
	}
}

func TestStagingRefusesOrders(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ful    core.Fulfillment
		status core.OrderStatus
		want   error
	}{
		{"ship order", core.FulfillShip, core.OrderPicked, core.ErrNotReadyToStage},
		{"ship from store", core.FulfillShipFromStore, core.OrderPicked, core.ErrNotReadyToStage},
		{"not picked", core.FulfillStorePickup, core.OrderPicking, core.ErrNotReadyToStage},
		{"cancelled", core.FulfillStorePickup, core.OrderCancelled, core.ErrOrderCancelled},
		{"collected", core.FulfillStorePickup, core.OrderCollected, core.ErrNotReadyToStage},
	} {
		s := &pickup.Staging{OrderRef: "W9", Fulfillment: tc.ful, Status: tc.status}
		if _, err := s.SetBags(1); !errors.Is(err, tc.want) {
			t.Errorf("%s: SetBags: %v, want %v", tc.name, err, tc.want)
		}
		if _, err := s.Scan(stageInput(t, "BAG-W9-1")); !errors.Is(err, tc.want) {
			t.Errorf("%s: scan: %v, want %v", tc.name, err, tc.want)
		}
	}
}
