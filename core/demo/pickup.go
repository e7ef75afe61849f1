package demo

import (
	"fmt"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
)

// HoldShelfCount is how many hold shelves the demo store has.
const HoldShelfCount = 12

// HoldShelves returns the demo store's hold shelves behind the pickup
// counter: bins HOLD-01 to HOLD-12 in zone pickup.HoldZone, scanned by
// their "BIN-HOLD-01" labels. They never hold stock, so picking never
// sends anyone there.
func HoldShelves() []core.Bin {
	bins := make([]core.Bin, HoldShelfCount)
	for i := range bins {
		bins[i] = core.Bin{
			Code: fmt.Sprintf("HOLD-%02d", i+1), Zone: pickup.HoldZone, Aisle: "HOLD",
			Bay: fmt.Sprintf("%02d", i/4+1), Level: fmt.Sprint(i%4 + 1), WalkSeq: 10000 + 10*i,
		}
	}
	return bins
}
