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

func TestRestockNextGoesWhereUnitsLive(t *testing.T) {
	tasks := func() []pickup.RestockTask {
		return []pickup.RestockTask{
			{ID: 1, ProductID: 1, Name: "Mug", HomeBin: "B-01-1", Qty: 1},
			{ID: 2, ProductID: 2, Name: "Socks", HomeBin: "C-09-2", Qty: 1},
			{ID: 3, ProductID: 3, Name: "New thing", Qty: 1}, // no bin holds it yet
		}
	}
	for _, tc := range []struct {
		name string
		bin  string
		done []int64
		kind pickup.RestockStepKind
		task int64
	}{
		{"no bin yet: the first unit's bin", "", nil, pickup.RestockBin, 1},
		{"at the socks' bin: socks first", "C-09-2", nil, pickup.RestockItem, 2},
		{"at the mugs' bin", "B-01-1", nil, pickup.RestockItem, 1},
		{"mugs done, at their bin: go to the socks", "B-01-1", []int64{1}, pickup.RestockBin, 2},
		{"only the new thing left: any bin will do", "B-01-1", []int64{1, 2}, pickup.RestockItem, 3},
		{"everything back", "B-01-1", []int64{1, 2, 3}, pickup.RestockDone, 0},
	} {
		r := &pickup.Restock{OrderRef: "W1", Tasks: tasks(), BinCode: tc.bin}
		if tc.bin != "" {
			r.BinID = 9
		}
		for _, id := range tc.done {
			r.Apply(pickup.Effect{Kind: pickup.EffectRestock, TaskID: id, Qty: 1})
		}
		s := r.Next()
		var task int64
		if s.Task != nil {
			task = s.Task.ID
		}
		if s.Kind != tc.kind || task != tc.task {
			t.Errorf("%s: %s task %d, want %s task %d", tc.name, s.Kind, task, tc.kind, tc.task)
		}
	}
}
