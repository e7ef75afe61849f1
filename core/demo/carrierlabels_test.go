package demo

import (
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/tracking"
)

// The demo store's orders carry carrier labels the hub would take, of two
// carriers whose tracking numbers have valid check digits, in PDF and ZPL.
func TestDemoCarrierLabels(t *testing.T) {
	cs, err := ChangeSet(1, time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	orders, err := WithCarrierLabels(cs.Orders)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, o := range orders {
		for _, l := range o.CarrierLabels {
			if err := l.Validate(); err != nil {
				t.Errorf("order %s: %v", o.ExternalID, err)
			}
			switch l.Carrier {
			case "UPS":
				if !tracking.ValidUPS(l.Tracking) {
					t.Errorf("order %s: UPS number %s has a wrong check digit", o.ExternalID, l.Tracking)
				}
			case "THP":
				if !tracking.ValidS10(l.Tracking) {
					t.Errorf("order %s: S10 number %s has a wrong check digit", o.ExternalID, l.Tracking)
				}
			}
			seen[l.Carrier+" "+string(l.Format)]++
		}
		if o.Fulfillment == core.FulfillStorePickup && len(o.CarrierLabels) > 0 {
			t.Errorf("store pickup order %s has a carrier label", o.ExternalID)
		}
	}
	for _, k := range []string{"UPS pdf", "THP pdf", "THP zpl"} {
		if seen[k] == 0 {
			t.Errorf("no %s label in the demo orders (%v)", k, seen)
		}
	}
}
