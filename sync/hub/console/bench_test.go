package console_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
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
		   CASE WHEN j % 80 = 1 THEN 't-' || (j % 500 + 1) END, $1::bigint - j * 26000
		 FROM generate_series(0::bigint, 99999) j`,
		`INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload, location, received_at)
		 SELECT 't-' || (i % 500 + 1), i / 500 + 1, 'e-' || i,
		   CASE WHEN (i / 500) % 20 < 12 THEN 'pick.item_picked' WHEN (i / 500) % 20 = 12 THEN 'pick.claimed'
		        WHEN (i / 500) % 20 = 13 AND (i / 10000) % 10 = 0 THEN 'pick.short' WHEN (i / 500) % 20 = 13 THEN 'pick.item_toted'
		        WHEN (i / 500) % 20 = 14 THEN 'order.picked' WHEN (i / 500) % 20 = 15 THEN 'order.packed' WHEN (i / 500) % 20 = 16 THEN 'order.shipped'
		        WHEN (i / 500) % 20 = 17 AND (i / 10000) % 4 = 0 THEN 'return.item_received' ELSE 'pick.bin_confirmed' END,
		   'O-' || (((i / 500) % 10000) * 10 + ((i % 500 + 1) % 10)), (i % 500) / 10 + 1,
		   $1::bigint - i::bigint * 2592,
		   CASE WHEN (i / 500) % 20 < 12 THEN '{"sku":"SKU-001","bin":"A01-01-1","qty":' || (i % 3 + 1) || '}' ELSE '{}' END,
		   'LOC-' || lpad(((i % 500 + 1) % 10 + 1)::text, 2, '0'), $1::bigint - i::bigint * 2592
		 FROM generate_series(0, 999999) i`,
		`VACUUM ANALYZE`, // what autovacuum does to an insert-only table
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

// benchDSN is a new schema, dropped after the benchmark, or with
// STATIONHAND_BENCH_SCHEMA=NAME a kept one, loaded on the first run only
// (the load takes a minute or two). fresh says it must be loaded.
func benchDSN(b *testing.B) (dsn string, fresh bool) {
	schema := os.Getenv("STATIONHAND_BENCH_SCHEMA")
	if schema == "" {
		return hubtest.PostgresDSN(b), true
	}
	base := os.Getenv(hubtest.EnvPG)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA IF NOT EXISTS " + schema); err != nil {
		b.Fatal(err)
	}
	var n int
	admin.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'hub_users'", schema).Scan(&n)
	if n > 0 {
		admin.QueryRow("SELECT count(*) FROM " + schema + ".hub_users").Scan(&n)
	}
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), n == 0
}

// BenchmarkConsolePages renders the stations page (500 stations) and the
// KPI page (one location, 14 and 30 days) through the whole server, and
// scrapes /metrics, over 1,000,000 events on PostgreSQL. Targets: pages
// under 200 ms, the scrape under 50 ms. Needs STATIONHAND_TEST_PG.
func BenchmarkConsolePages(b *testing.B) {
	if os.Getenv(hubtest.EnvPG) == "" {
		b.Skip("set " + hubtest.EnvPG + ": the console's benchmark runs on PostgreSQL")
	}
	dsn, fresh := benchDSN(b)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if fresh {
		start := time.Now()
		bulkLoad(b, dsn, time.Now())
		b.Logf("bulk load of 1,000,000 events: %v", time.Since(start))
		if _, err := db.AddHubUser(context.Background(), "admin", store.RoleAdmin, password, []string{store.AllLocations}); err != nil {
			b.Fatal(err)
		}
	}
	srv := httptest.NewServer(hub.NewServer(db, nil))
	defer srv.Close()
	f := &fixture{srv: srv}
	c := client(nil)
	signInAs(b, f, c, "admin")

	// Cold: no day of the location's KPIs computed before (the first
	// visit; later visits compute only today and days a late push changed).
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	b.Run("kpi-30d-cold", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			if _, err := raw.Exec("DELETE FROM kpi_days WHERE location = 'LOC-04'"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			resp, err := c.Get(srv.URL + "/console/kpi?location=LOC-04&days=30")
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("cold KPI page: %d", resp.StatusCode)
			}
		}
	})
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
