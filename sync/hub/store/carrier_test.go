package store_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

func zplLabel(seq int, tracking string) core.CarrierLabel {
	return core.CarrierLabel{PackageSeq: seq, Carrier: "UPS", Tracking: tracking, Format: core.LabelFormatZPL,
		Document: []byte("^XA^FO50,50^BCN,100^FD" + tracking + "^FS^XZ")}
}

// Every problem of every label is reported at once and nothing is taken.
func TestIngestRefusesBadCarrierLabels(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		o := hubtest.Order("L1", 1)
		pdf := zplLabel(0, "1Z999AA10123456784")
		pdf.Format = core.LabelFormatPDF
		noTracking := zplLabel(0, "")
		huge := zplLabel(0, "EE123456785TH")
		huge.Document = append([]byte("^XA"), make([]byte, core.MaxCarrierLabelBytes)...)
		o.CarrierLabels = []core.CarrierLabel{pdf, noTracking, huge}
		_, err := db.ImportOrders(ctx, []wire.IngestOrder{o})
		msg := core.ErrorMessage(err)
		for _, want := range []string{"does not start with %PDF-", "no tracking number", "more than the 512 KiB"} {
			if !strings.Contains(msg, want) {
				t.Errorf("the refusal %q does not say %q", msg, want)
			}
		}
		if _, err := db.Order(ctx, "L1", o.ExternalID); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("the order was taken: %v", err)
		}
	})
}

// Labels only accumulate: a re-sent order without its labels keeps them
// (unchanged), a label posted later is added once, and the order's
// stations pull it again.
func TestCarrierLabelsAccumulate(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		term, _ := enroll(t, db, "L1", "Pack 1")
		o := hubtest.Order("L1", 1)
		plain := o
		o.CarrierLabels = []core.CarrierLabel{zplLabel(0, "1Z999AA10123456784")}
		if _, err := db.ImportOrders(ctx, []wire.IngestOrder{o}); err != nil {
			t.Fatal(err)
		}
		first, _ := pullAll(t, db, term, "", 1000)
		cursor := first.Cursor
		res, err := db.ImportOrders(ctx, []wire.IngestOrder{plain})
		if err != nil || res.Unchanged != 1 {
			t.Fatalf("re-send without labels: %+v, %v", res, err)
		}
		added, err := db.AddCarrierLabels(ctx, o.ExternalID, []core.CarrierLabel{zplLabel(0, "1Z999AA10123456784"), zplLabel(2, "EE123456785TH")})
		if err != nil || added.Added != 1 || added.Unchanged != 1 {
			t.Fatalf("add: %+v, %v", added, err)
		}
		got, err := db.Order(ctx, "L1", o.ExternalID)
		if err != nil || len(got.CarrierLabels) != 2 || got.CarrierLabels[1].PackageSeq != 2 {
			t.Fatalf("order's labels: %+v, %v", got.CarrierLabels, err)
		}
		cs, _ := pullAll(t, db, term, cursor, 1000)
		if len(cs.Orders) != 1 || len(cs.Orders[0].CarrierLabels) != 2 {
			t.Fatalf("the station pulls %d orders, labels %+v", len(cs.Orders), cs.Orders)
		}
		if _, err := db.AddCarrierLabels(ctx, "nope", []core.CarrierLabel{zplLabel(0, "X1")}); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("labels for an unknown order: %v", err)
		}
	})
}

// A package closed without a carrier label becomes a label request; the
// webhook is retried with growing waits until the order system takes it,
// at most MaxAttempts times; a label for "any package" answers it.
func TestLabelRequestWebhookRetries(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 3)
		term, _ := enroll(t, db, "L1", "Pack 1")
		pullAll(t, db, term, "", 1000)
		o0, o1 := hubtest.Order("L1", 0).ExternalID, hubtest.Order("L1", 1).ExternalID
		closed := func(seq int64, ref, tracking string) core.Event {
			e := event(seq, core.EventPackPackageClosed, ref)
			p := map[string]any{"package": 1, "packages": 1, "sscc": "006141410000000011", "carton": "M", "weight_g": 900, "carton_mm": []int{300, 200, 150}}
			if tracking != "" {
				p["carrier_tracking"] = tracking
			}
			e.Payload, _ = json.Marshal(p)
			return e
		}
		if _, err := db.Push(ctx, term, []core.Event{event(1, core.EventPickClaimed, o0+","+o1), closed(2, o0, ""), closed(3, o1, "1Z999AA10123456784")}); err != nil {
			t.Fatal(err)
		}
		reqs, err := db.LabelRequests(ctx, "L1")
		if err != nil || len(reqs) != 1 || reqs[0].Order != o0 || reqs[0].WeightG != 900 || reqs[0].HeightMM != 150 || reqs[0].ShipTo.City != "Lyon" {
			t.Fatalf("label requests: %+v, %v", reqs, err)
		}

		var mu gosync.Mutex
		var calls []time.Time
		receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			calls = append(calls, time.Now())
			mu.Unlock()
			http.Error(w, "down for maintenance", http.StatusBadGateway)
		}))
		defer receiver.Close()
		const min = 200 * time.Millisecond
		hook := &hub.LabelHook{URL: receiver.URL, Secret: []byte("0123456789abcdef"), Store: db, MinBackoff: min, MaxBackoff: 4 * min, MaxAttempts: 4}
		for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if _, err := hook.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if len(calls) != 4 {
			t.Fatalf("%d webhook calls in 3 s, want MaxAttempts = 4", len(calls))
		}
		for i, want := range []time.Duration{min, 2 * min, 4 * min} {
			if gap := calls[i+1].Sub(calls[i]); gap < want-50*time.Millisecond {
				t.Errorf("attempt %d came %s after the one before, want at least %s", i+2, gap, want)
			}
		}
		if reqs, _ := db.LabelRequests(ctx, ""); len(reqs) != 1 || reqs[0].WebhookAttempts != 4 {
			t.Fatalf("the request after failed deliveries: %+v", reqs)
		}
		if _, err := db.AddCarrierLabels(ctx, o0, []core.CarrierLabel{zplLabel(0, "EE123456785TH")}); err != nil {
			t.Fatal(err)
		}
		if reqs, _ := db.LabelRequests(ctx, ""); len(reqs) != 0 {
			t.Fatalf("answered request still open: %+v", reqs)
		}
		// A cancelled order's parcel is pulled aside: no label to buy.
		o2 := hubtest.Order("L1", 2)
		if _, err := db.Push(ctx, term, []core.Event{event(4, core.EventPickClaimed, o2.ExternalID), closed(5, o2.ExternalID, "")}); err != nil {
			t.Fatal(err)
		}
		if reqs, _ := db.LabelRequests(ctx, "L1"); len(reqs) != 1 || reqs[0].Order != o2.ExternalID {
			t.Fatalf("requests: %+v", reqs)
		}
		o2.Status = core.OrderCancelled
		if _, err := db.ImportOrders(ctx, []wire.IngestOrder{o2}); err != nil {
			t.Fatal(err)
		}
		if reqs, _ := db.LabelRequests(ctx, "L1"); len(reqs) != 0 {
			t.Fatalf("a cancelled order's request is listed: %+v", reqs)
		}
	})
}
