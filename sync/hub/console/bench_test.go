package console_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// bulkLoad fills an empty PostgreSQL hub with 10 locations, 500 stations,
// 100,000 orders and 1,000,000 events spread over the last 30 days
// (generate_series: seconds, not the minutes a million pushes take). The
// mix: picks (with a short pick now and then), claims, order moves,
// shipments and returns received.
func bulkLoad(b *testing.B, dsn string, now time.Time) {
	b.Helper()
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	ms := now.UnixMilli()
	for _, q := range []string{
		`INSERT INTO locations(code, name, created_at) SELECT 'LOC-' || lpad(i::text, 2, '0'), 'Location ' || i, 0 FROM generate_series(1, 10) i`,
		`INSERT INTO terminals(id, location, name, token_hash, created_at, last_seq, last_seen, version)
		 SELECT 't-' || i, 'LOC-' || lpad((i % 10 + 1)::text, 2, '0'), 'Station ' || i, 'hash-' || i, 0, 2000, $1::bigint - (i % 5) * 60000, 'v1.4.0'
		 FROM generate_series(1, 500) i`,
		`INSERT INTO orders(external_id, location, doc, hash, status, claimed_by, updated_at)
		 SELECT 'O-' || j, 'LOC-' || lpad((j % 10 + 1)::text, 2, '0'),
		   '{"external_id":"O-' || j || '","created_at":"' || to_char(to_timestamp(($1::bigint - j * 26000 - 7200000) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') ||
		   '","promised_at":"' || to_char(to_timestamp(($1::bigint - j * 26000 + 79200000) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '","lines":[]}',
		   'h', (ARRAY['open','picking','picked','packed','shipped','shipped','shipped','shipped'])[j % 8 + 1],
		   CASE WHEN j % 8 = 1 THEN 't-' || (j % 500 + 1) END, $1::bigint - j * 26000
		 FROM generate_series(0::bigint, 99999) j`,
		`INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload, location, received_at)
		 SELECT 't-' || (i % 500 + 1), i / 500 + 1, 'e-' || i,
		   CASE WHEN i % 20 < 12 THEN 'pick.item_picked' WHEN i % 20 = 12 THEN 'pick.claimed'
		        WHEN i % 20 = 13 AND (i / 20) % 10 = 0 THEN 'pick.short' WHEN i % 20 = 13 THEN 'pick.item_toted'
		        WHEN i % 20 = 14 THEN 'order.picked' WHEN i % 20 = 15 THEN 'order.packed' WHEN i % 20 = 16 THEN 'order.shipped'
		        WHEN i % 20 = 17 AND (i / 20) % 4 = 0 THEN 'return.item_received' ELSE 'pick.bin_confirmed' END,
		   'O-' || (((i / 500) % 10000) * 10 + ((i % 500 + 1) % 10)), (i % 500) / 10 + 1,
		   $1::bigint - i::bigint * 2592,
		   CASE WHEN i % 20 < 12 THEN '{"sku":"SKU-001","bin":"A01-01-1","qty":' || (i % 3 + 1) || '}' ELSE '{}' END,
		   'LOC-' || lpad(((i % 500 + 1) % 10 + 1)::text, 2, '0'), $1::bigint - i::bigint * 2592
		 FROM generate_series(0, 999999) i`,
		`ANALYZE`,
	} {
		args := []any{}
		if strings.Contains(q, "$1") {
			args = append(args, ms)
		}
		if _, err := raw.Exec(q, args...); err != nil {
			b.Fatalf("bulk load: %v\n%s", err, q)
		}
	}
}

// BenchmarkConsolePages renders the stations page (500 stations) and the
// KPI page (one location, 14 and 30 days) through the whole server, and
// scrapes /metrics, over 1,000,000 events on PostgreSQL. Targets: pages
// under 200 ms, the scrape under 50 ms. Needs STATIONHAND_TEST_PG.
func BenchmarkConsolePages(b *testing.B) {
	if os.Getenv(hubtest.EnvPG) == "" {
		b.Skip("set " + hubtest.EnvPG + ": the console's benchmark runs on PostgreSQL")
	}
	dsn := hubtest.PostgresDSN(b)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	bulkLoad(b, dsn, time.Now())
	b.Logf("bulk load of 1,000,000 events: %v", time.Since(start))
	if _, err := db.AddHubUser(context.Background(), "admin", store.RoleAdmin, password, []string{store.AllLocations}); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(hub.NewServer(db, nil))
	defer srv.Close()
	f := &fixture{srv: srv}
	c := client(nil)
	signInAs(b, f, c, "admin")

	for _, page := range []struct{ name, path string }{
		{"stations", "/console/stations"},
		{"kpi-14d", "/console/kpi?location=LOC-03&days=14"},
		{"kpi-30d", "/console/kpi?location=LOC-03&days=30"},
		{"orders", "/console/orders?location=LOC-03"},
		{"metrics", "/metrics"},
	} {
		b.Run(page.name, func(b *testing.B) {
			for b.Loop() {
				resp, err := c.Get(srv.URL + page.path)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || n < 1000 {
					b.Fatalf("%s: %d, %d bytes", page.path, resp.StatusCode, n)
				}
			}
		})
	}
}
