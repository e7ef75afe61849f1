package sync_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/carrierlabel"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/tracking"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// TestRelabelEndToEnd: an order's carrier label printed on its parcel, the
// order system changes the address. The station voids the printed label
// (relabel task), the parcel is back in the "waiting for carrier label"
// list, and the hub opens a label request for the package again naming
// the voided tracking number (the webhook carries it). The order system
// posts the new label; the station prints it (zbarimg reads the new
// number); the dock refuses the old number and ships the parcel by the
// new one, which is the tracking number the hub reports.
func TestRelabelEndToEnd(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 0)
		_, key, err := h.db.CreateIngestKey(ctx, "oms")
		if err != nil {
			t.Fatal(err)
		}
		oms := orderSystem{t: t, url: h.url, key: key}
		o := hubtest.Order("L1", 1)
		old, _ := tracking.UPS("999AA1", "01", 3456789)
		doc, err := demo.CarrierLabelPDF("UPS", "Ground", old, o.ShipTo)
		if err != nil {
			t.Fatal(err)
		}
		o.CarrierLabels = []core.CarrierLabel{{Carrier: "UPS", Service: "Ground", Tracking: old, Format: core.LabelFormatPDF, Document: doc}}
		var ing wire.IngestResponse
		if code := oms.do("POST", "/v1/orders", wire.IngestRequest{Orders: []wire.IngestOrder{o}}, &ing); code != 200 || ing.Created != 1 {
			t.Fatalf("ingest: %d %+v", code, ing)
		}

		tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
		tm.setUpPacking()
		printer := newFolderPrinter(t)
		printLabels := func(want int) {
			t.Helper()
			if n, err := carrierlabel.PrintPending(ctx, tm.db, printer.submit, printing.FormatPDF, 0); err != nil || n != want {
				t.Fatalf("print carrier labels: %d, %v; want %d", n, err, want)
			}
		}
		tm.mustSync()
		tm.pickAndPack(o.ExternalID)
		printLabels(1)
		decodedTracking(t, printer.printedTracking(t, old), old)
		tm.mustSync()

		// The customer moved: the order system sends the new address.
		moved := o
		moved.CarrierLabels = nil
		moved.ShipTo.Line1 = "99 Rue Nouvelle"
		if code := oms.do("POST", "/v1/orders", wire.IngestRequest{Orders: []wire.IngestOrder{moved}}, &ing); code != 200 || ing.Updated != 1 {
			t.Fatalf("address change: %d %+v", code, ing)
		}
		tm.mustSync() // pulls the address: the printed label is voided
		if res := tm.mustSync(); res.Rejections != 0 {
			t.Fatalf("the hub refused the void: %+v", res)
		}
		if l, ok, _ := tm.db.CarrierLabelFor(ctx, o.ExternalID, 1); ok {
			t.Fatalf("package 1 keeps the voided label %s", l.Tracking)
		}
		if waiting, _ := tm.db.WaitingForCarrierLabel(ctx); len(waiting) != 1 || waiting[0].OrderRef != o.ExternalID {
			t.Fatalf("waiting for carrier label after the relabel: %+v", waiting)
		}
		printLabels(0)
		var open wire.LabelRequestsResponse
		oms.do("GET", "/v1/label-requests?location=L1", nil, &open)
		if len(open.Requests) != 1 || open.Requests[0].Order != o.ExternalID || open.Requests[0].Package != 1 ||
			open.Requests[0].Replaces != old || open.Requests[0].ShipTo.Line1 != "99 Rue Nouvelle" || open.Requests[0].WeightG <= 0 {
			t.Fatalf("label requests after the relabel: %+v", open.Requests)
		}
		delivered := make(chan wire.LabelRequest, 1)
		receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var q wire.LabelRequest
			_ = json.NewDecoder(r.Body).Decode(&q)
			delivered <- q
			w.WriteHeader(http.StatusNoContent)
		}))
		defer receiver.Close()
		hook := &hub.LabelHook{URL: receiver.URL, Secret: []byte("a secret"), Store: h.db}
		if _, err := hook.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		var q wire.LabelRequest
		select {
		case q = <-delivered:
		default:
			t.Fatal("no webhook for the relabel's label request")
		}
		if q.Replaces != old || q.Package != 1 {
			t.Fatalf("webhook: %+v", q)
		}

		fresh, _ := tracking.UPS("999AA1", "01", 3456790)
		newDoc, _ := demo.CarrierLabelPDF("UPS", "Ground", fresh, q.ShipTo)
		var added wire.CarrierLabelsResponse
		if code := oms.do("POST", "/v1/orders/"+q.Order+"/carrier-labels", wire.CarrierLabelsRequest{Labels: []core.CarrierLabel{
			{PackageSeq: 1, Carrier: "UPS", Service: "Ground", Tracking: fresh, Format: core.LabelFormatPDF, Document: newDoc}}}, &added); code != 200 || added.Added != 1 {
			t.Fatalf("post the new label: %d %+v", code, added)
		}
		tm.mustSync()
		printLabels(1)
		freshRead := decodedTracking(t, printer.printedTracking(t, fresh), fresh)
		if waiting, _ := tm.db.WaitingForCarrierLabel(ctx); len(waiting) != 0 {
			t.Fatalf("still waiting: %+v", waiting)
		}

		if _, err := tm.db.DispatchOpen(ctx, tm.staff, "UPS-R", "UPS"); err != nil {
			t.Fatal(err)
		}
		if _, err := tm.db.DispatchScan(ctx, "UPS-R", tm.staff, scan.Parser{}, old); !errors.Is(err, core.ErrCarrierLabelVoided) {
			t.Fatalf("the dock takes the voided label %s: %v", old, err)
		}
		if _, err := tm.db.DispatchScan(ctx, "UPS-R", tm.staff, scan.Parser{}, freshRead); err != nil {
			t.Fatal(err)
		}
		if _, err := tm.db.DispatchClose(ctx, "UPS-R", tm.staff); err != nil {
			t.Fatal(err)
		}
		if res := tm.mustSync(); res.Rejections != 0 {
			t.Fatalf("the hub refused dock events: %+v", res)
		}
		if st := orderStatus(t, h.url, key, o.ExternalID, http.StatusOK); st.Status != core.OrderShipped || !slices.Equal(st.Tracking, []string{fresh}) {
			t.Fatalf("at the hub: %+v", st)
		}
		// The hub keeps the old label, voided: a station pulling the order
		// afresh never prints or ships it.
		held, err := h.db.Order(ctx, "L1", o.ExternalID)
		if err != nil {
			t.Fatal(err)
		}
		if len(held.CarrierLabels) != 2 || !held.CarrierLabels[0].Voided || held.CarrierLabels[0].Tracking != old || held.CarrierLabels[1].Voided {
			t.Fatalf("the hub's labels of the order: %+v", held.CarrierLabels)
		}
	})
}
