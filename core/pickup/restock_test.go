package pickup_test

import (
	"errors"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
)

func TestRestockScenario(t *testing.T) {
	r := &pickup.Restock{OrderRef: "W1", Tasks: []pickup.RestockTask{
		{ID: 1, LineID: 11, ProductID: 500, SKU: "MUG", Name: "Blue Mug", HomeBin: "B-01-1", Qty: 2, Reason: pickup.RestockExpired},
		{ID: 2, LineID: 12, ProductID: 600, SKU: "TEA", Name: "Green Tea", Qty: 1, Reason: pickup.RestockExpired},
	}}
	products := map[string]int64{"05012345000015": 500, "05012345000046": 600, "05012345000022": 700}
	bins := map[string]struct {
		id   int64
		zone string
	}{"B-01-1": {3, "Front"}, "C-09-2": {4, "Back"}, "HOLD-01": {101, pickup.HoldZone}}
	input := func(s string) pickup.RestockInput {
		c, err := scan.Parse(s)
		if err != nil {
			t.Fatalf("parse %s: %v", s, err)
		}
		in := pickup.RestockInput{Code: c, ProductID: products[c.GTIN], Now: t0}
		if c.Kind == scan.KindBin {
			in.BinID, in.BinZone = bins[c.ID].id, bins[c.ID].zone
		}
		return in
	}
	do := func(s string, want pickup.EffectKind) {
		t.Helper()
		e, err := r.Scan(input(s))
		if err != nil || e.Kind != want {
			t.Fatalf("scan %s: %+v, %v; want %s", s, e, err, want)
		}
		r.Apply(e)
	}
	refuse := func(s string, want error) {
		t.Helper()
		left := r.Left()
		if _, err := r.Scan(input(s)); !errors.Is(err, want) {
			t.Fatalf("scan %s: %v, want %v", s, err, want)
		}
		if r.Left() != left {
			t.Fatal("a refused scan changed the count")
		}
	}
	if s := r.Next(); s.Kind != pickup.RestockBin || s.Task.SKU != "MUG" {
		t.Fatalf("first step: %+v", s)
	}
	refuse("5012345000015", core.ErrBinNotConfirmed)
	refuse("BIN-HOLD-01", core.ErrNotHoldShelf)
	refuse("BIN-Z-99", core.ErrUnknownCode)
	do("BIN-B-01-1", pickup.EffectRestockBin)
	refuse("5012345000022", core.ErrWrongItem) // in the store, not in this order
	do("5012345000015", pickup.EffectRestock)
	do("5012345000015", pickup.EffectRestock)
	refuse("5012345000015", core.ErrWrongItem) // both mugs are back
	do("BIN-C-09-2", pickup.EffectRestockBin)
	do("5012345000046", pickup.EffectRestock)
	if r.Next().Kind != pickup.RestockDone || r.Left() != 0 {
		t.Fatalf("after everything: %+v", r.Next())
	}
	if _, err := r.Scan(input("BIN-B-01-1")); err == nil {
		t.Fatal("scan after done accepted")
	}
}
