package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

var ctx = context.Background()

// fixture is a hub on a real database behind a real HTTP server on
// 127.0.0.1, with a terminal at L1 and an ingest key.
type fixture struct {
	db       *store.DB
	api      *hub.Server
	srv      *httptest.Server
	term     core.Terminal
	token    string
	ingest   string
	otherLoc string
}

func newFixture(t *testing.T, b hubtest.Backend) *fixture {
	t.Helper()
	db := b.Open(t)
	hubtest.Seed(t, db, "L1", 3)
	hubtest.Seed(t, db, "L2", 3)
	term, token, err := db.Enroll(ctx, "L1", "Pack 1")
	if err != nil {
		t.Fatal(err)
	}
	_, key, err := db.CreateIngestKey(ctx, "OMS")
	if err != nil {
		t.Fatal(err)
	}
	api := hub.NewServer(db, nil)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return &fixture{db: db, api: api, srv: srv, term: term, token: token, ingest: key, otherLoc: "L2"}
}

// call sends a request and decodes the answer into out (if not nil); it
// returns the status and, for errors, the error detail.
func (f *fixture) call(t *testing.T, method, path, token, contentType string, body io.Reader, out any) (int, wire.ErrorDetail) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q, body %s", method, path, ct, data)
	}
	if resp.StatusCode >= 300 {
		var eb wire.ErrorBody
		if err := json.Unmarshal(data, &eb); err != nil || eb.Error.Code == "" || eb.Error.Message == "" {
			t.Errorf("%s %s: error body %s is not an ErrorBody with a message", method, path, data)
		}
		return resp.StatusCode, eb.Error
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
	return resp.StatusCode, wire.ErrorDetail{}
}

func pushBody(t *testing.T, evs ...core.Event) io.Reader {
	b, err := json.Marshal(wire.PushRequest{Events: evs})
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

// ev is an event by staff 1 (the picker hubtest.Seed gives L1, the first
// location seeded), an hour ago.
func ev(seq int64, typ, order string) core.Event {
	return core.Event{Seq: seq, ID: "00000000-0000-4000-8000-" + strings.Repeat("0", 11) + string(rune('0'+seq%10)),
		Type: typ, OrderID: order, StaffID: 1, At: time.Now().UTC().Truncate(time.Hour).Add(-time.Hour)}
}

// nothingChanged checks that the hub holds no event of the terminal.
func (f *fixture) nothingChanged(t *testing.T) {
	t.Helper()
	held, err := f.db.Events(ctx, f.term.ID, 0, 0)
	if err != nil || len(held) != 0 {
		t.Fatalf("a refused request changed the hub: %d events, %v", len(held), err)
	}
}

func TestRefusedRequestsSayWhyAndChangeNothing(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		huge := `{"events":[` + strings.Repeat(`{"seq":1,"id":"x","type":"t","at":"2030-01-01T00:00:00Z"},`, wire.MaxBodyBytes/50) + `{}]}`
		cases := []struct {
			name        string
			method      string
			path        string
			token       string
			contentType string
			body        string
			status      int
			reason      string
		}{
			{"no token", "POST", "/v1/events", "", "application/json", `{"events":[]}`, 401, "no_token"},
			{"unknown token", "POST", "/v1/events", "sht_unknown", "application/json", `{"events":[]}`, 401, "unknown_token"},
			{"ingest key on a terminal route", "GET", "/v1/changes", f.ingest, "", "", 403, "wrong_token_kind"},
			{"terminal token on ingest", "POST", "/v1/orders", f.token, "application/json", `{"orders":[]}`, 403, "wrong_token_kind"},
			{"bad JSON", "POST", "/v1/events", f.token, "application/json", `{"events":[{"seq":1,`, 400, "bad_json"},
			{"not JSON at all", "POST", "/v1/events", f.token, "application/json", `seq=1`, 400, "bad_json"},
			{"empty body", "POST", "/v1/events", f.token, "application/json", ``, 400, "bad_json"},
			{"wrong type", "POST", "/v1/events", f.token, "application/json", `{"events":[{"seq":"one"}]}`, 400, "bad_json"},
			{"unknown field", "POST", "/v1/events", f.token, "application/json", `{"events":[], "terminal_id":"x"}`, 400, "unknown_field"},
			{"unknown nested field", "POST", "/v1/events", f.token, "application/json",
				`{"events":[{"seq":1,"id":"a","type":"t","at":"2030-01-01T00:00:00Z","colour":"red"}]}`, 400, "unknown_field"},
			{"two JSON values", "POST", "/v1/events", f.token, "application/json", `{"events":[]} {"events":[]}`, 400, "bad_json"},
			{"not JSON content type", "POST", "/v1/events", f.token, "text/plain", `{"events":[]}`, 415, "content_type"},
			{"oversized body", "POST", "/v1/events", f.token, "application/json", huge, 413, "too_large"},
			{"events out of order", "POST", "/v1/events", f.token, "application/json",
				`{"events":[{"seq":2,"id":"a","type":"t","at":"2030-01-01T00:00:00Z"},{"seq":1,"id":"b","type":"t","at":"2030-01-01T00:00:00Z"}]}`, 400, "bad_seq"},
			{"bad page size", "GET", "/v1/changes?limit=0", f.token, "", "", 400, "bad_limit"},
			{"bad cursor", "GET", "/v1/changes?cursor=c4.x", f.token, "", "", 400, "bad_cursor"},
			{"another location's order", "GET", "/v1/orders/" + hubtest.Order("L2", 1).ExternalID, f.token, "", "", 404, "unknown_order"},
			{"no such route", "GET", "/v1/nothing", f.token, "", "", 404, "no_route"},
			{"ingest with no orders", "POST", "/v1/orders", f.ingest, "application/json", `{"orders":[]}`, 400, "no_orders"},
			{"ingest of a bad order", "POST", "/v1/orders", f.ingest, "application/json",
				`{"orders":[{"location":"L1","external_id":"X1","fulfillment":"ship","lines":[{"sku":"NOPE","qty":1}]}]}`, 400, "bad_orders"},
		}
		for _, c := range cases {
			var body io.Reader
			if c.body != "" {
				body = strings.NewReader(c.body)
			}
			status, detail := f.call(t, c.method, c.path, c.token, c.contentType, body, nil)
			if status != c.status || detail.Reason != c.reason {
				t.Errorf("%s: %d %q (%s), want %d %q", c.name, status, detail.Reason, detail.Message, c.status, c.reason)
			}
		}
		f.nothingChanged(t)
		if _, err := f.db.Order(ctx, "L1", "X1"); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("a refused ingest created an order: %v", err)
		}

		// Revocation takes effect at once, and a revoked push changes nothing.
		if err := f.db.Revoke(ctx, f.term.ID); err != nil {
			t.Fatal(err)
		}
		status, detail := f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, ev(1, core.EventStaffSignedIn, "")), nil)
		if status != 403 || detail.Reason != "revoked" || !strings.Contains(detail.Message, "enroll") {
			t.Fatalf("revoked push: %d %+v", status, detail)
		}
		f.nothingChanged(t)
	})
}

func TestPushPullAndIngestOverHTTP(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		var h wire.Health
		if status, _ := f.call(t, "GET", "/v1/health", "", "", nil, &h); status != 200 || h.Status != "ok" {
			t.Fatalf("health: %d %+v", status, h)
		}
		var who core.Terminal
		if status, _ := f.call(t, "GET", "/v1/terminal", f.token, "", nil, &who); status != 200 || who != f.term {
			t.Fatalf("whoami: %d %+v", status, who)
		}
		ref := hubtest.Order("L1", 1).ExternalID
		var res wire.PushResponse
		status, _ := f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, ev(1, core.EventPickClaimed, ref), ev(2, core.EventStaffSignedIn, "")), &res)
		if status != 200 || res.LastSeq != 2 || res.Applied != 2 {
			t.Fatalf("push: %d %+v", status, res)
		}
		status, _ = f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, ev(1, core.EventPickClaimed, ref), ev(2, core.EventStaffSignedIn, "")), &res)
		if status != 200 || res.LastSeq != 2 || res.Duplicates != 2 || res.Applied != 0 {
			t.Fatalf("replay: %d %+v", status, res)
		}
		status, detail := f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, ev(9, core.EventStaffSignedIn, "")), nil)
		if status != 409 || detail.Reason != "seq_gap" || detail.LastSeq == nil || *detail.LastSeq != 2 {
			t.Fatalf("gap: %d %+v", status, detail)
		}

		var o core.Order
		if status, _ := f.call(t, "GET", "/v1/orders/"+ref, f.token, "", nil, &o); status != 200 || o.Status != core.OrderPicking {
			t.Fatalf("order: %d %+v", status, o)
		}

		body, _ := json.Marshal(wire.IngestRequest{Orders: hubtest.Orders("L1", 10, 3)})
		var ing wire.IngestResponse
		if status, _ := f.call(t, "POST", "/v1/orders", f.ingest, "application/json", bytes.NewReader(body), &ing); status != 200 || ing.Created != 3 {
			t.Fatalf("ingest: %d %+v", status, ing)
		}
		if status, _ := f.call(t, "POST", "/v1/orders", f.ingest, "application/json", bytes.NewReader(body), &ing); status != 200 || ing.Unchanged != 3 {
			t.Fatalf("ingest again: %d %+v", status, ing)
		}

		// The client pulls everything of L1 and nothing of L2.
		c, err := sync.NewClient(f.srv.URL, f.token, sync.ClientOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cursor, orders := "", 0
		for {
			page, err := c.Pull(ctx, cursor, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range page.Changes.Orders {
				if !strings.HasPrefix(o.ExternalID, "L1-") {
					t.Fatalf("L1's terminal pulled %s", o.ExternalID)
				}
				orders++
			}
			cursor = page.Changes.Cursor
			if !page.More {
				break
			}
		}
		if orders != 6 {
			t.Fatalf("pulled %d orders, want 6", orders)
		}
		if _, err := c.Order(ctx, hubtest.Order("L2", 1).ExternalID); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("client reads L2's order: %v", err)
		}
	})
}

// downBackend is a database that does not answer.
type downBackend struct{ hub.Backend }

func (downBackend) Ping(context.Context) error { return context.DeadlineExceeded }

func (downBackend) Authenticate(context.Context, string) (store.Principal, error) {
	return store.Principal{}, store.ErrUnknownToken
}

func TestHealthReportsADownDatabase(t *testing.T) {
	srv := httptest.NewServer(hub.NewServer(downBackend{}, nil))
	defer srv.Close()
	c, _ := sync.NewClient(srv.URL, "", sync.ClientOptions{})
	_, err := c.Health(ctx)
	if !sync.Transient(err) {
		t.Fatalf("health of a hub without database: %v", err)
	}
}

func TestRevocationStopsPushesAtOnceAndReadsWithinASecond(t *testing.T) {
	f := newFixture(t, hubtest.Backends()[0])
	f.api.SetAuthTTL(time.Second)
	if status, _ := f.call(t, "GET", "/v1/changes", f.token, "", nil, nil); status != 200 {
		t.Fatalf("pull: %d", status)
	}
	if err := f.db.Revoke(ctx, f.term.ID); err != nil {
		t.Fatal(err)
	}
	if status, detail := f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, ev(1, core.EventStaffSignedIn, "")), nil); status != 403 {
		t.Fatalf("push right after revocation: %d %+v", status, detail)
	}
	f.nothingChanged(t)
	time.Sleep(1100 * time.Millisecond)
	if status, detail := f.call(t, "GET", "/v1/changes", f.token, "", nil, nil); status != 403 || detail.Reason != "revoked" {
		t.Fatalf("pull a second after revocation: %d %+v", status, detail)
	}
}
