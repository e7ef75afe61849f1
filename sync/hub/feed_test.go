package hub_test

import (
	"strings"
	"testing"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// TestReturnsOverHTTP: POST /v1/returns takes returns as `hub import`
// does, idempotently by RMA; only ingest keys may send them; a bad batch
// changes nothing.
func TestReturnsOverHTTP(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		ret := func(rma, qty string) string {
			return `{"returns":[{"location":"L1","rma":"` + rma + `","order_ref":"L1-000000","customer":{"name":"Rita"},
				"created_at":"2030-01-05T10:00:00Z","lines":[{"line_no":1,"sku":"SKU-001","qty":` + qty + `,"reason":"defective"}]}]}`
		}
		post := func(token, body string, wantStatus int) (wire.IngestResponse, wire.ErrorDetail) {
			t.Helper()
			var res wire.IngestResponse
			status, detail := f.call(t, "POST", "/v1/returns", token, "application/json", strings.NewReader(body), &res)
			if status != wantStatus {
				t.Fatalf("POST /v1/returns: %d %+v, want %d", status, detail, wantStatus)
			}
			return res, detail
		}
		if res, _ := post(f.ingest, ret("rma-7", "1"), 200); res != (wire.IngestResponse{Created: 1}) {
			t.Fatalf("first send: %+v", res)
		}
		if res, _ := post(f.ingest, ret(" RMA-7 ", "1"), 200); res != (wire.IngestResponse{Unchanged: 1}) {
			t.Fatalf("the same return again: %+v", res)
		}
		if res, _ := post(f.ingest, ret("RMA-7", "2"), 200); res != (wire.IngestResponse{Updated: 1}) {
			t.Fatalf("a changed return: %+v", res)
		}
		if _, d := post(f.token, ret("RMA-8", "1"), 403); d.Reason != "wrong_token_kind" {
			t.Fatalf("a terminal sent returns: %+v", d)
		}
		// One bad return in the batch: none is taken.
		bad := strings.Replace(ret("RMA-9", "1"), `]}]}`, `]},{"location":"NOWHERE","rma":"RMA-10","lines":[]}]}`, 1)
		post(f.ingest, bad, 400)
		if res, _ := post(f.ingest, ret("RMA-9", "1"), 200); res != (wire.IngestResponse{Created: 1}) {
			t.Fatalf("RMA-9 after the refused batch: %+v (the batch was partly taken?)", res)
		}
		if _, d := post(f.ingest, `{"returns":[]}`, 400); d.Reason != "no_returns" {
			t.Fatalf("an empty batch: %+v", d)
		}
	})
}

// TestFeedTokens: only integration tokens read the feed; an integration of
// one location reads only its own; a revoked one reads nothing; a cursor
// the hub never gave is refused.
func TestFeedTokens(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		in, l2, err := f.db.CreateIntegration(ctx, "oms-l2", "L2")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(l2, "shi_") {
			t.Fatalf("integration token %q", l2)
		}
		if _, _, err := f.db.CreateIntegration(ctx, "oms", "NOWHERE"); err == nil {
			t.Fatal("an integration of an unknown location was created")
		}
		for _, c := range []struct {
			name, path, token string
			status            int
			reason            string
		}{
			{"terminal token", "/v1/feed", f.token, 403, "wrong_token_kind"},
			{"ingest key", "/v1/feed", f.ingest, 403, "wrong_token_kind"},
			{"no token", "/v1/feed", "", 401, "no_token"},
			{"other location", "/v1/feed?location=L1", l2, 403, "other_location"},
			{"bad cursor", "/v1/feed?cursor=abc", l2, 400, "bad_cursor"},
			{"bad limit", "/v1/feed?limit=0", l2, 400, "bad_limit"},
		} {
			status, d := f.call(t, "GET", c.path, c.token, "", nil, nil)
			if status != c.status || d.Reason != c.reason {
				t.Errorf("%s: %d %s, want %d %s", c.name, status, d.Reason, c.status, c.reason)
			}
		}
		var page wire.FeedPage
		if status, d := f.call(t, "GET", "/v1/feed?location=L2", l2, "", nil, &page); status != 200 || page.Cursor != f.db.Epoch()+".0" || page.Events == nil {
			t.Fatalf("empty feed: %d %+v %+v", status, d, page)
		}
		if err := f.db.RevokeIntegration(ctx, in.ID); err != nil {
			t.Fatal(err)
		}
		if status, d := f.call(t, "GET", "/v1/feed", l2, "", nil, nil); status != 403 || d.Reason != "revoked" {
			t.Fatalf("revoked integration: %d %+v", status, d)
		}
	})
}
