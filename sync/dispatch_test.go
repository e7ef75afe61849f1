package sync_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stationhand/stationhand/core"
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
		if err := tm.db.PutPrintedCarrierLabel(ctx, ref, 1, core.CarrierLabel{Carrier: "UPS", Service: "Ground", Tracking: tracking}); err != nil {
			t.Fatal(err)
		}
		tm.mustSync()
		_, key, err := h.db.CreateIngestKey(ctx, "oms")
		if err != nil {
			t.Fatal(err)
		}
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
