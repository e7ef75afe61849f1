package hub_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

func scrape(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d %s", resp.StatusCode, b)
	}
	return string(b)
}

// metric returns the value of the sample named exactly (name and labels
// as Prometheus prints them), -1 when absent.
func metric(text, sample string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(sample) + ` (\S+)$`).FindStringSubmatch(text)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// TestMetricsCountPushesAndEvents: after a push with one event the hub
// refuses, /metrics shows the push's latency, the events applied and
// rejected by reason, the station online and the database's ping.
func TestMetricsCountPushesAndEvents(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		ref := hubtest.Order("L1", 0).ExternalID
		ev := func(seq int64, typ string) core.Event {
			return core.Event{Seq: seq, ID: uuid.NewString(), Type: typ, OrderID: ref, StaffID: 1, At: time.Now(), Payload: json.RawMessage(`{}`)}
		}
		body, _ := json.Marshal(wire.PushRequest{Events: []core.Event{ev(1, core.EventPickClaimed), ev(2, "no.such_type"), ev(3, core.EventOrderPicked)}})
		var res wire.PushResponse
		if status, detail := f.call(t, "POST", wire.RoutePush.Path, f.token, "application/json", bytes.NewReader(body), &res); status != 200 {
			t.Fatalf("push: %d %+v", status, detail)
		}
		if len(res.Rejections) != 1 {
			t.Fatalf("want one rejection, got %+v", res)
		}
		f.call(t, "POST", wire.RoutePush.Path, f.token, "application/json", bytes.NewReader(body), &res) // a replay
		f.call(t, "GET", wire.RoutePull.Path, f.token, "", nil, nil)

		text := scrape(t, f.srv.URL)
		for sample, want := range map[string]float64{
			`stationhand_hub_events_total{outcome="applied",reason=""}`:               2,
			`stationhand_hub_events_total{outcome="rejected",reason="unknown_type"}`:  1,
			`stationhand_hub_events_total{outcome="duplicate",reason=""}`:             3,
			`stationhand_hub_request_duration_seconds_count{route="POST /v1/events"}`: 2,
			`stationhand_hub_request_duration_seconds_count{route="GET /v1/changes"}`: 1,
			`stationhand_hub_requests_total{code="200",route="POST /v1/events"}`:      2,
			`stationhand_hub_stations_online`:                                         1,
		} {
			if got := metric(text, sample); got != want {
				t.Errorf("%s = %v, want %v", sample, got, want)
			}
		}
		if ping := metric(text, "stationhand_hub_database_ping_seconds"); ping <= 0 || ping > 1 {
			t.Errorf("database ping %v s", ping)
		}
	})
}

// TestLiveAndReady: ready needs the database, live does not.
func TestLiveAndReady(t *testing.T) {
	db, err := store.Open(ctx, hubtest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hub.NewServer(db, nil))
	defer srv.Close()
	status := func(path string) int {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if l, r := status(wire.RouteLive.Path), status(wire.RouteReady.Path); l != 200 || r != 200 {
		t.Fatalf("live %d, ready %d; want 200, 200", l, r)
	}
	db.Close()
	if l, r := status(wire.RouteLive.Path), status(wire.RouteReady.Path); l != 200 || r != 503 {
		t.Fatalf("with the database closed: live %d, ready %d; want 200, 503", l, r)
	}
}

// TestStationsReportTheirOutbox: the station client tells the hub, with
// each push, how many events still wait; the console reads the last.
func TestStationsReportTheirOutbox(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		waiting := func() int64 {
			rows, err := f.db.StationRows(ctx, []string{"L1"})
			if err != nil || len(rows) != 1 {
				t.Fatalf("stations: %+v, %v", rows, err)
			}
			return rows[0].Waiting
		}
		if w := waiting(); w != -1 {
			t.Fatalf("before any report: %d, want -1", w)
		}
		c, err := sync.NewClient(f.srv.URL, f.token, sync.ClientOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ref := hubtest.Order("L1", 0).ExternalID
		for i, report := range []int{7, 0} {
			c.ReportOutbox(report)
			ev := core.Event{Seq: int64(i + 1), ID: uuid.NewString(), Type: core.EventPickClaimed, OrderID: ref, StaffID: 1, At: time.Now(), Payload: json.RawMessage(`{}`)}
			if _, err := c.Push(ctx, wire.PushRequest{Events: []core.Event{ev}}); err != nil {
				t.Fatal(err)
			}
			if w := waiting(); w != int64(report) {
				t.Fatalf("after reporting %d: the hub shows %d", report, w)
			}
		}
	})
}
