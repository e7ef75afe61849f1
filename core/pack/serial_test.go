package pack_test

import (
	"errors"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
)

// A serial is one unit: scanned again it is refused, whether the line
// still has units left in the same package or the order has moved on to a
// later package. Order W7: three serialised earbuds, S1 to S3 picked.
func TestSameSerialNeverPackedTwice(t *testing.T) {
	o := &pack.Order{
		ID: 7, Ref: "W7", Status: core.OrderPicked, Fulfillment: core.FulfillShip, Tote: "T7", Planned: 1,
		Lines: []pack.Line{{ID: 1, LineNo: 1, ProductID: budsID, SKU: "BUDS", Name: "Earbuds", Ordered: 3, Picked: 3,
			CaptureSerial: true, Serials: []string{"S1", "S2", "S3"}}},
	}
	ok := applier(t, o)
	buds := func(serial string) pack.Input { return item(t, "(01)05012345000022(21)"+serial, budsID, "Earbuds") }
	refused := func(serial, when string) {
		t.Helper()
		_, err := o.Scan(buds(serial))
		if !errors.Is(err, core.ErrDuplicateSerial) {
			t.Fatalf("%s %s again %s: %v, want ErrDuplicateSerial", o.Ref, serial, when, err)
		}
	}
	ok(o.Plan(2))
	ok(o.Scan(buds("S1")))
	refused("S1", "in the same package, two units of the line left")
	ok(o.Close(medium, 400))
	refused("S1", "in package 2")
	ok(o.Scan(buds("S2")))
	refused("S2", "in package 2, one unit left")
	refused("S1", "in package 2, one unit left")
	ok(o.Scan(buds("S3")))
	if e := ok(o.Close(medium, 400)); !e.Final {
		t.Fatalf("last close %+v", e)
	}
	seen := map[string]bool{}
	for _, b := range o.Boxes {
		for _, it := range b.Items {
			if seen[it.Serial] {
				t.Fatalf("serial %s packed twice: %+v", it.Serial, o.Boxes)
			}
			seen[it.Serial] = true
		}
	}
}
