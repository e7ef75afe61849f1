package pickup_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
)

func TestBagCodeRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		ref string
		n   int
	}{{"W100001", 1}, {"W100001", 20}, {"SHOP-42-A", 3}} {
		code := pickup.BagCode(tc.ref, tc.n)
		got, ok := pickup.ParseBagCode(code)
		if !ok || got.OrderRef != tc.ref || got.N != tc.n {
			t.Errorf("ParseBagCode(%q) = %+v, %v; want %s bag %d", code, got, ok, tc.ref, tc.n)
		}
	}
}

func TestParseBagCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ref  string
		n    int
		isOK bool
	}{
		{"BAG-W1-2", "W1", 2, true},
		{"bag-w1-2", "W1", 2, true},
		{"]C0BAG-W1-2\r\n", "W1", 2, true},
		{"  BAG-W-1-3 ", "W-1", 3, true},
		{"BAG-W1", "", 0, false},
		{"BAG--2", "", 0, false},
		{"BAG-W1-0", "", 0, false},
		{"BAG-W1-21", "", 0, false},
		{"BAG-W1-x", "", 0, false},
		{"TOTE-W1-2", "", 0, false},
		{"BAG-", "", 0, false},
	} {
		got, ok := pickup.ParseBagCode(tc.in)
		if ok != tc.isOK || got.OrderRef != tc.ref || got.N != tc.n {
			t.Errorf("ParseBagCode(%q) = %+v, %v; want %q %d %v", tc.in, got, ok, tc.ref, tc.n, tc.isOK)
		}
	}
}

func TestParseScan(t *testing.T) {
	for _, tc := range []struct {
		in     string
		bag    bool
		kind   scan.Kind
		reason string
	}{
		{"BAG-W100001-1", true, "", ""},
		{"PU-482913", false, scan.KindPickup, ""},
		{"BIN-HOLD-01", false, scan.KindBin, ""},
		{"ORD-W100001", false, scan.KindOrder, ""},
		{"3", false, scan.KindQuantity, ""},
		{"BAG-W1-99", false, "", "bad_bag_code"},
		{"hello there", false, "", core.ErrUnknownCode.Reason},
	} {
		s, err := pickup.ParseScan(scan.Parser{}, tc.in)
		if tc.reason != "" {
			if core.ErrorReason(err) != tc.reason {
				t.Errorf("ParseScan(%q): error %v, want reason %s", tc.in, err, tc.reason)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseScan(%q): %v", tc.in, err)
			continue
		}
		if (s.Bag != nil) != tc.bag || (!tc.bag && s.Code.Kind != tc.kind) {
			t.Errorf("ParseScan(%q) = %+v, want bag=%v kind=%s", tc.in, s, tc.bag, tc.kind)
		}
	}
}

func TestIsHoldShelf(t *testing.T) {
	for zone, want := range map[string]bool{"HOLD": true, "hold": true, " Hold ": true, "Front": false, "": false} {
		if got := pickup.IsHoldShelf(zone); got != want {
			t.Errorf("IsHoldShelf(%q) = %v", zone, got)
		}
	}
}
