package dispatch_test

import (
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/dispatch"
	"github.com/stationhand/stationhand/core/scan"
)

func TestReadCarrierBarcodes(t *testing.T) {
	cases := []struct {
		raw      string
		sscc     string
		tracking string // one of the candidates
		reason   string
	}{
		{raw: "]C1" + "00" + "106141410000000019", sscc: "106141410000000019"},
		{raw: "(00)106141410000000019", sscc: "106141410000000019"},
		{raw: "HANDOVER-ups-1"},
		{raw: "]C0" + "1Z999AA10123456784", tracking: "1Z999AA10123456784"},
		{raw: "1z 999 aa1 01 2345 6784", tracking: "1Z999AA10123456784"},
		{raw: "794698546351", tracking: "794698546351"},                     // FedEx: 12 digits read as UPC-A
		{raw: "9400111899223100012345", tracking: "9400111899223100012345"}, // USPS 22 digits
		{raw: "]C1" + "401" + "0614141ABC123", tracking: "0614141ABC123"},
		{raw: "]C1" + "4212507500", reason: dispatch.ReasonDestinationBarcode},
		{raw: "]C1" + "42075002", reason: dispatch.ReasonDestinationBarcode},
		{raw: "(421)25075002", reason: dispatch.ReasonDestinationBarcode},
		// USPS IMpb: ship-to ZIP (420), then the tracking number, which
		// reads as internal AI 92.
		{raw: "]C1" + "42094043\x1d" + "9205590164917312751089", tracking: "9205590164917312751089"},
		{raw: "42094043~9205590164917312751089", tracking: "9205590164917312751089"},
		// Digits that start with 42 without an identifier may be a tracking
		// number: looked up first (the store refuses them as routing only
		// when no parcel has them).
		{raw: "420123456785", tracking: "420123456785"},
		{raw: "]d1[)>\x1e01\x1d96750020000\x1d250\x1d003\x1dJJD000390007658417\x1d", tracking: "JJD000390007658417"},
		{raw: "https://track.example.com/?id=JJD000390007658417", tracking: "JJD000390007658417"},
		{raw: "(01)05012345000015", reason: dispatch.ReasonNotAParcel},
		{raw: "TOTE-7", reason: dispatch.ReasonNotAParcel},
	}
	for _, c := range cases {
		r, err := dispatch.Read(scan.Parser{}, c.raw)
		if c.reason != "" {
			if core.ErrorReason(err) != c.reason {
				t.Errorf("%q: %+v, %v; want %s", c.raw, r, err, c.reason)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.raw, err)
			continue
		}
		if r.SSCC != c.sscc || (c.tracking != "" && !containsString(r.Tracking, c.tracking)) {
			t.Errorf("%q: %+v", c.raw, r)
		}
		if strings.HasPrefix(c.raw, "HANDOVER") && r.Handover != "UPS-1" {
			t.Errorf("%q: handover %q", c.raw, r.Handover)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
