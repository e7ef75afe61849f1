package demo_test

import (
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
)

func TestDemoHoldShelves(t *testing.T) {
	cs, err := demo.ChangeSet(1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	hold := 0
	for _, b := range cs.Bins {
		if !pickup.IsHoldShelf(b.Zone) {
			continue
		}
		hold++
		c, err := scan.Parse("BIN-" + b.Code)
		if err != nil || c.Kind != scan.KindBin || c.ID != b.Code {
			t.Fatalf("hold shelf %s does not scan back: %+v, %v", b.Code, c, err)
		}
		for _, s := range cs.Stock {
			if s.BinCode == b.Code {
				t.Fatalf("hold shelf %s holds stock of %s", b.Code, s.SKU)
			}
		}
	}
	if hold != demo.HoldShelfCount {
		t.Fatalf("%d hold shelves in the demo store, want %d", hold, demo.HoldShelfCount)
	}
}
