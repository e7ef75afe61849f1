package demo_test

import (
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/gs1"
	"github.com/stationhand/stationhand/core/scan"
)

func TestDemoStoreIsBelievable(t *testing.T) {
	cs, err := demo.ChangeSet(1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(cs.Products) < 500 || len(cs.Bins) != 200+demo.HoldShelfCount || len(cs.Orders) != 60 {
		t.Fatalf("%d products, %d bins, %d orders", len(cs.Products), len(cs.Bins), len(cs.Orders))
	}
	seen := map[string]bool{}
	for _, p := range cs.Products {
		code := p.Codes[0]
		if len(code) != 14 || !gs1.ValidCheckDigit(code) || seen[code] {
			t.Fatalf("%s: GTIN %s is not a valid unique GTIN-13", p.SKU, code)
		}
		seen[code] = true
		c, err := scan.Parse(code[1:]) // as printed: EAN-13
		if err != nil || c.Format != "EAN-13" || c.GTIN != code {
			t.Fatalf("%s: EAN-13 %s does not scan back (%v %+v)", p.SKU, code[1:], err, c)
		}
	}
	aisles := map[string]bool{}
	for _, b := range cs.Bins {
		aisles[b.Aisle] = true
	}
	if len(aisles) < 5 {
		t.Fatalf("bins over %d aisles", len(aisles))
	}
	stocked := map[string]bool{}
	for _, s := range cs.Stock {
		stocked[s.SKU] = true
	}
	byType := map[core.Fulfillment]int{}
	for _, o := range cs.Orders {
		byType[o.Fulfillment]++
		if len(o.Lines) < 1 || len(o.Lines) > 8 {
			t.Fatalf("%s has %d lines", o.ExternalID, len(o.Lines))
		}
		for _, l := range o.Lines {
			if !stocked[l.SKU] {
				t.Fatalf("%s orders %s, which no bin holds", o.ExternalID, l.SKU)
			}
		}
		if o.Fulfillment == core.FulfillStorePickup && o.PickupCode == "" {
			t.Fatalf("store pickup %s has no pickup code", o.ExternalID)
		}
	}
	for _, f := range []core.Fulfillment{core.FulfillShip, core.FulfillStorePickup, core.FulfillShipFromStore} {
		if byType[f] < 10 {
			t.Fatalf("only %d %s orders", byType[f], f)
		}
	}
	for _, s := range cs.Staff {
		var pin string
		for _, m := range demo.Staff {
			if m.ID == s.ID {
				pin = m.PIN
			}
		}
		if !core.CheckPIN(s.PINHash, pin) {
			t.Fatalf("%s: the README's PIN does not match", s.Name)
		}
	}
}
