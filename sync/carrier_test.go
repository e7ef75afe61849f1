package sync_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/carrierlabel"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/tracking"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// orderSystem is the order management system as the hub sees it: an
// ingest key and plain HTTP.
type orderSystem struct {
	t        testing.TB
	url, key string
}

func (o orderSystem) do(method, path string, body, out any) int {
	o.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, o.url+path, r)
	req.Header.Set("Authorization", "Bearer "+o.key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		o.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, out); err != nil {
			o.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	if resp.StatusCode != http.StatusOK && out != nil {
		o.t.Logf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return resp.StatusCode
}

// folderPrinter is the station's printer: a print queue writing PDFs into
// a folder, as `stationhand label-setup --printer folder:DIR` sets up.
type folderPrinter struct {
	dir string
	q   *printing.Queue
}

func newFolderPrinter(t testing.TB) *folderPrinter {
	t.Helper()
	dir := t.TempDir()
	q, err := printing.Open(filepath.Join(t.TempDir(), "spool"), printing.Folder{Dir: dir}, printing.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return &folderPrinter{dir: dir, q: q}
}

func (p *folderPrinter) submit(name string, doc []byte) error {
	_, err := p.q.Submit(printing.Job{Name: name, Format: printing.FormatPDF, Data: doc})
	return err
}

// printedTracking waits for the printed carrier label of a tracking number
// in the folder and returns what zbarimg reads on it.
func (p *folderPrinter) printedTracking(t testing.TB, num string) []string {
	t.Helper()
	var file string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && file == ""; time.Sleep(20 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(p.dir, "*"+num+"*.pdf"))
		if len(files) > 0 {
			file = files[0]
		}
	}
	if file == "" {
		t.Fatalf("no carrier label for %s was printed into %s", num, p.dir)
	}
	for _, tool := range []string{"pdftoppm", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (scripts/deps.sh test)", tool)
		}
	}
	png := filepath.Join(t.TempDir(), "label")
	if out, err := exec.Command("pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", file, png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	out, _ := exec.Command("zbarimg", "-q", "--raw", "--nodbus", png+".png").Output()
	return strings.Fields(string(out))
}

// shipByTrackingBarcode takes a parcel to the dock by what zbarimg read on
// its printed carrier label: a handover for its carrier opens, the decoded
// tracking barcode is scanned into it, the handover closes (order.shipped
// in the same transaction), the station syncs, and the hub serves the
// order system the order as shipped with that tracking number.
func shipByTrackingBarcode(t *testing.T, tm *terminal, oms orderSystem, ref, carrier, decoded string) {
	t.Helper()
	code := carrier + "-" + ref
	if _, err := tm.db.DispatchOpen(ctx, tm.staff, code, carrier); err != nil {
		t.Fatalf("open handover %s: %v", code, err)
	}
	res, err := tm.db.DispatchScan(ctx, code, tm.staff, scan.Parser{}, decoded)
	if err != nil {
		t.Fatalf("scan %q into %s: %v", decoded, code, err)
	}
	if res.Effect.Parcel.OrderRef != ref || res.Effect.Parcel.Tracking != decoded {
		t.Fatalf("scan %q took parcel %+v, want order %s", decoded, res.Effect.Parcel, ref)
	}
	if _, err := tm.db.DispatchClose(ctx, code, tm.staff); err != nil {
		t.Fatalf("close handover %s: %v", code, err)
	}
	if res := tm.mustSync(); res.Rejections != 0 {
		t.Fatalf("the hub refused dock events: %+v", res)
	}
	st := orderStatus(t, oms.url, oms.key, ref, http.StatusOK)
	if st.Status != core.OrderShipped || !slices.Equal(st.Tracking, []string{decoded}) || st.ShippedAt == "" ||
		st.Shipment == nil || st.Shipment.Carrier != carrier {
		t.Fatalf("order %s at the hub after the handover closed: %+v", ref, st)
	}
}

// decodedTracking is the barcode zbarimg read on a printed label that
// carries the tracking number num.
func decodedTracking(t *testing.T, read []string, num string) string {
	t.Helper()
	if !slices.Contains(read, num) {
		t.Fatalf("the printed carrier label reads %v, want %s", read, num)
	}
	return read[slices.Index(read, num)]
}

// TestCarrierLabelEndToEnd: an order comes in with its carrier label (a
// PDF the order system bought in advance), is picked and packed, and the
// label prints to the station's folder printer scaled to 4x6, with the
// tracking number zbarimg reads. A second order has no label: its closed
// package becomes a label request the hub posts to the order system's
// webhook (signed; the first delivery fails and is retried); while the
// station is offline the order system posts the label back; the parcel
// waits in the "waiting for carrier label" list until the station is
// online again, pulls, and prints the label by itself.
func TestCarrierLabelEndToEnd(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 0)
		_, key, err := h.db.CreateIngestKey(ctx, "oms")
		if err != nil {
			t.Fatal(err)
		}
		oms := orderSystem{t: t, url: h.url, key: key}

		advance, late := hubtest.Order("L1", 1), hubtest.Order("L1", 2)
		ups, _ := tracking.UPS("999AA1", "01", 2345678)
		doc, err := demo.CarrierLabelPDF("UPS", "Ground", ups, advance.ShipTo)
		if err != nil {
			t.Fatal(err)
		}
		advance.CarrierLabels = []core.CarrierLabel{{Carrier: "UPS", Service: "Ground", Tracking: ups, Format: core.LabelFormatPDF, Document: doc}}
		// A label whose document is not what it claims is refused whole.
		bad := advance
		bad.CarrierLabels = []core.CarrierLabel{{Carrier: "UPS", Tracking: ups, Format: core.LabelFormatPDF, Document: []byte("^XA^XZ")}}
		if code := oms.do("POST", "/v1/orders", wire.IngestRequest{Orders: []wire.IngestOrder{bad}}, &wire.IngestResponse{}); code != http.StatusBadRequest {
			t.Fatalf("ingest of a ZPL document called PDF: %d, want 400", code)
		}
		var ing wire.IngestResponse
		if code := oms.do("POST", "/v1/orders", wire.IngestRequest{Orders: []wire.IngestOrder{advance, late}}, &ing); code != 200 || ing.Created != 2 {
			t.Fatalf("ingest: %d %+v", code, ing)
		}

		tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
		tm.setUpPacking()
		printer := newFolderPrinter(t)
		syncer := sync.NewSyncer(tm.db, tm.client, sync.Config{Round: sync.RoundOptions{PushBatch: 50, PageLen: 200},
			AfterRound: func(ctx context.Context, _ sync.RoundResult) {
				if _, err := carrierlabel.PrintPending(ctx, tm.db, printer.submit, printing.FormatPDF, 0); err != nil {
					t.Errorf("print carrier labels: %v", err)
				}
			}})
		if _, err := syncer.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}

		// Bought in advance: prints when the package closes.
		tm.pickAndPack(advance.ExternalID)
		if n, err := carrierlabel.PrintPending(ctx, tm.db, printer.submit, printing.FormatPDF, 0); err != nil || n != 1 {
			t.Fatalf("print after close: %d labels, %v", n, err)
		}
		upsRead := decodedTracking(t, printer.printedTracking(t, ups), ups)
		if l, ok, err := tm.db.CarrierLabelFor(ctx, advance.ExternalID, 1); err != nil || !ok || l.Tracking != ups || l.PrintedAt.IsZero() {
			t.Fatalf("label of package 1: %+v %v %v", l, ok, err)
		}

		// Bought after packing, through the webhook.
		secret := []byte("a shared secret of the order system")
		deliveries := make(chan wire.LabelRequest, 4)
		var calls int
		receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			m := hmac.New(sha256.New, secret)
			m.Write([]byte(r.Header.Get("X-Stationhand-Timestamp") + "."))
			m.Write(body)
			want := "sha256=" + hex.EncodeToString(m.Sum(nil))
			if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Stationhand-Signature"))) {
				t.Errorf("webhook signature %q, want %q", r.Header.Get("X-Stationhand-Signature"), want)
				http.Error(w, "bad signature", http.StatusUnauthorized)
				return
			}
			calls++
			if calls == 1 {
				http.Error(w, "busy", http.StatusServiceUnavailable) // the hub must try again
				return
			}
			var q wire.LabelRequest
			if err := json.Unmarshal(body, &q); err != nil {
				t.Errorf("webhook body: %v", err)
			}
			deliveries <- q
			w.WriteHeader(http.StatusNoContent)
		}))
		defer receiver.Close()
		hook := &hub.LabelHook{URL: receiver.URL, Secret: secret, Store: h.db, MinBackoff: time.Millisecond}

		tm.pickAndPack(late.ExternalID)
		if n, _ := carrierlabel.PrintPending(ctx, tm.db, printer.submit, printing.FormatPDF, 0); n != 0 {
			t.Fatalf("%d carrier labels printed for an order without one", n)
		}
		if _, err := syncer.SyncOnce(ctx); err != nil { // pushes the closed package
			t.Fatal(err)
		}
		var open wire.LabelRequestsResponse
		oms.do("GET", "/v1/label-requests?location=L1", nil, &open)
		if len(open.Requests) != 1 || open.Requests[0].Order != late.ExternalID || open.Requests[0].Package != 1 || open.Requests[0].WeightG <= 0 {
			t.Fatalf("label requests: %+v", open.Requests)
		}

		// The station goes offline before the order system answers.
		offline := sync.NewSyncer(tm.db, deadHub(t, tm), sync.Config{})
		for n := 0; n < 3; n++ {
			if _, err := hook.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
			time.Sleep(5 * time.Millisecond)
		}
		var q wire.LabelRequest
		select {
		case q = <-deliveries:
		default:
			t.Fatalf("the webhook was not delivered after a retry (%d calls)", calls)
		}
		if q.Order != late.ExternalID || q.SSCC == "" || q.ShipTo.PostalCode != late.ShipTo.PostalCode || q.LengthMM == 0 {
			t.Fatalf("webhook request: %+v", q)
		}
		s10, _ := tracking.S10("EE", 12345678, "TH")
		bought, _ := demo.CarrierLabelPDF("THP", "EMS", s10, q.ShipTo)
		var added wire.CarrierLabelsResponse
		if code := oms.do("POST", "/v1/orders/"+q.Order+"/carrier-labels", wire.CarrierLabelsRequest{Labels: []core.CarrierLabel{
			{PackageSeq: q.Package, Carrier: "THP", Service: "EMS", Tracking: s10, Format: core.LabelFormatPDF, Document: bought}}}, &added); code != 200 || added.Added != 1 {
			t.Fatalf("post the bought label: %d %+v", code, added)
		}
		oms.do("GET", "/v1/label-requests", nil, &open)
		if len(open.Requests) != 0 {
			t.Fatalf("the answered request is still open: %+v", open.Requests)
		}
		if _, err := offline.SyncOnce(ctx); err == nil {
			t.Fatal("a round with the hub down succeeded")
		}
		waiting, err := tm.db.WaitingForCarrierLabel(ctx)
		if err != nil || len(waiting) != 1 || waiting[0].OrderRef != late.ExternalID {
			t.Fatalf("waiting for carrier label while offline: %+v %v", waiting, err)
		}

		// Online again: the pull brings the label and it prints by itself.
		if _, err := syncer.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		s10Read := decodedTracking(t, printer.printedTracking(t, s10), s10)
		if waiting, _ := tm.db.WaitingForCarrierLabel(ctx); len(waiting) != 0 {
			t.Fatalf("still waiting: %+v", waiting)
		}
		if _, err := syncer.SyncOnce(ctx); err != nil { // pushes carrier.label_printed
			t.Fatal(err)
		}
		held, err := h.db.Events(ctx, tm.term.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var printedAtHub []string
		for _, ev := range held {
			if ev.Type == core.EventCarrierLabelPrinted {
				var p struct{ Tracking string }
				_ = json.Unmarshal(ev.Payload, &p)
				printedAtHub = append(printedAtHub, p.Tracking)
			}
		}
		if !slices.Equal(printedAtHub, []string{ups, s10}) {
			t.Fatalf("carrier.label_printed at the hub: %v", printedAtHub)
		}

		// The dock: each parcel leaves by the barcode read on its label.
		shipByTrackingBarcode(t, tm, oms, advance.ExternalID, "UPS", upsRead)
		shipByTrackingBarcode(t, tm, oms, late.ExternalID, "THP", s10Read)
	})
}

// deadHub is a client of the station for a hub that is not there.
func deadHub(t testing.TB, tm *terminal) *sync.Client {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := sync.NewClient(url, tm.token, sync.ClientOptions{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
