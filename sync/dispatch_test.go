package sync_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/carrierlabel"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// TestHubReportsTheDispatchedOrderShippedWithItsTrackingNumber: an order
// picked and packed at a station, its carrier label printed, is scanned
// into a UPS handover at the dock and the handover closes; after the next
// round the hub serves the order system the order as shipped with that
// tracking number, over real HTTP with its ingest key.
func TestHubReportsTheDispatchedOrderShippedWithItsTrackingNumber(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 1)
		tm := newTerminal(t, h.db, h.url, "L1", "Dock")
		tm.mustSync()
		tm.setUpPacking()
		ref := hubtest.Order("L1", 0).ExternalID
		sscc := tm.pickAndPack(ref)
		const tracking = "1Z999AA10123456784"
		_, key, err := h.db.CreateIngestKey(ctx, "oms")
		if err != nil {
			t.Fatal(err)
		}
		// The order system bought the label after packing and posts it:
		// the station pulls it and prints it.
		tm.mustSync()
		oms := orderSystem{t: t, url: h.url, key: key}
		var added wire.CarrierLabelsResponse
		if code := oms.do("POST", "/v1/orders/"+ref+"/carrier-labels", wire.CarrierLabelsRequest{Labels: []core.CarrierLabel{{PackageSeq: 1,
			Carrier: "UPS", Service: "Ground", Tracking: tracking, Format: core.LabelFormatZPL,
			Document: demo.CarrierLabelZPL("UPS", "Ground", tracking, hubtest.Order("L1", 0).ShipTo)}}}, &added); code != 200 || added.Added != 1 {
			t.Fatalf("post the carrier label: %d %+v", code, added)
		}
		tm.mustSync()
		if n, err := carrierlabel.PrintPending(ctx, tm.db, func(string, []byte) error { return nil }, printing.FormatZPL, 203); err != nil || n != 1 {
			t.Fatalf("print the carrier label: %d, %v", n, err)
		}
		tm.mustSync()
		if st := orderStatus(t, h.url, key, ref, http.StatusOK); st.Status != core.OrderPacked || len(st.Tracking) != 0 || st.Shipment != nil {
			t.Fatalf("before the dock: %+v", st)
		}

		if _, err := tm.db.DispatchOpen(ctx, tm.staff, "UPS-1", "UPS"); err != nil {
			t.Fatal(err)
		}
		if _, err := tm.db.DispatchScan(ctx, "UPS-1", tm.staff, scan.Parser{}, "]C100"+sscc); err != nil {
			t.Fatal(err)
		}
		if _, err := tm.db.DispatchClose(ctx, "UPS-1", tm.staff); err != nil {
			t.Fatal(err)
		}
		if res := tm.mustSync(); res.Rejections != 0 {
			t.Fatalf("the hub refused dock events: %+v", res)
		}

		st := orderStatus(t, h.url, key, ref, http.StatusOK)
		if st.Status != core.OrderShipped || len(st.Tracking) != 1 || st.Tracking[0] != tracking || st.ShippedAt == "" {
			t.Fatalf("after the handover closed: %+v", st)
		}
		if p := st.Shipment.Parcels; st.Shipment.Carrier != "UPS" || len(p) != 1 || p[0].SSCC != sscc || p[0].Service != "Ground" || p[0].Handover != "UPS-1" {
			t.Fatalf("shipment %+v", st.Shipment)
		}
		orderStatus(t, h.url, "", ref, http.StatusUnauthorized)
		orderStatus(t, h.url, tm.token, ref, http.StatusForbidden) // a terminal's token is not the order system's
		orderStatus(t, h.url, key, "NO-SUCH-ORDER", http.StatusNotFound)
	})
}

// orderStatus asks the hub for an order's status as the order system does.
func orderStatus(t *testing.T, url, key, ref string, want int) wire.OrderStatus {
	t.Helper()
	req, err := http.NewRequest("GET", url+"/v1/orders/"+ref+"/status", nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("GET status of %s: %d, want %d", ref, resp.StatusCode, want)
	}
	var st wire.OrderStatus
	if want == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
			t.Fatal(err)
		}
	}
	return st
}
