package ui

import (
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core/pack"
)

func TestPackLinesShowShortItems(t *testing.T) {
	o := &pack.Order{Ref: "W1", Planned: 2, Lines: []pack.Line{
		{ID: 1, SKU: "MUG", Name: "Blue Mug", Ordered: 2, Picked: 2, Packed: 2},
		{ID: 2, SKU: "HONEY", Name: "Honey Jar", Ordered: 3, Picked: 1, Short: 2, ShortReason: "empty_bin"},
		{ID: 3, SKU: "TEA", Name: "Green Tea", Ordered: 1, Short: 1, ShortReason: "damaged"},
	}, Boxes: []pack.Box{
		{ID: 1, Seq: 1, Closed: true, Carton: "S", WeightG: 900, SSCC: "006141410010000002", Items: []pack.Item{{ID: 1, LineID: 1, Qty: 1}}},
		{ID: 2, Seq: 2, Items: []pack.Item{{ID: 2, LineID: 1, Qty: 1}}},
	}}
	got := packLines(o)
	for _, want := range []string{
		"✓ 2/2  Blue Mug (MUG)  · 1 in this package",
		"  0/1  Honey Jar (HONEY)\n      SHORT 2 of 3 ordered: bin was empty — not in this shipment",
		"  0/0  Green Tea (TEA)\n      SHORT 1 of 1 ordered: item damaged — not in this shipment",
		"Package 1 closed: S, 900 g, SSCC 006141410010000002",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lines lack %q:\n%s", want, got)
		}
	}
}

func TestPrintText(t *testing.T) {
	tests := []struct {
		s    PrintStatus
		want string
	}{
		{PrintStatus{Sent: 3}, "3 printed"},
		{PrintStatus{Sent: 2, Where: "to the printer queue Zebra"}, "2 printed to the printer queue Zebra"},
		{PrintStatus{Sent: 3, Queued: 2, LastError: "printer 10.0.0.9:9100 does not answer"}, "3 printed · 2 waiting · printer 10.0.0.9:9100 does not answer"},
		{PrintStatus{Sent: 1, Failed: 1, LastError: "out of paper"}, "1 printed · 1 NOT PRINTED · out of paper"},
		{PrintStatus{Sent: 4, LastError: "old news"}, "4 printed"},
	}
	for _, tt := range tests {
		if got := printText(tt.s); got != tt.want {
			t.Errorf("printText(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}
