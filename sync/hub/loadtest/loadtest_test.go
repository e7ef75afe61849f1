package loadtest_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/loadtest"

	_ "modernc.org/sqlite"
)

// TestSmallLoad runs the load test at a small scale on both backends: the
// terminals' events are all applied, without errors and without refusals
// (each terminal picks its own orders, as its location's staff).
func TestSmallLoad(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		res, err := loadtest.Run(context.Background(), loadtest.Config{
			DSN: b.DSN(t), Terminals: 20, Locations: 4, Orders: 20, Duration: 700 * time.Millisecond,
			Rate: 50, PushEvery: 100 * time.Millisecond, PullEvery: 2, FirstPull: 300})
		if err != nil {
			t.Fatal(err)
		}
		if res.Errors != 0 || res.Rejected != 0 || res.Events == 0 || res.Pushes == 0 || res.Pulls == 0 || res.FirstPullRecords < 300 {
			t.Fatalf("%s", res)
		}
		t.Log(res)
	})
}

// TestSmallLoadOnLongPoll is the smoke run of `make loadtest`: terminals
// hold long-polls beside their pushes while orders and cancellations are
// ingested; every one reaches every terminal of its location.
func TestSmallLoadOnLongPoll(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		res, err := loadtest.Run(context.Background(), loadtest.Config{
			DSN: b.DSN(t), Terminals: 20, Locations: 4, Orders: 20, Duration: time.Second,
			Rate: 20, PushEvery: 100 * time.Millisecond, LongPoll: true, ProbeEvery: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if res.Errors != 0 || res.Rejected != 0 || res.Events == 0 || res.Pulls == 0 || res.Probes == 0 || res.Unseen != 0 || res.VisibleMax == 0 {
			t.Fatalf("%s", res)
		}
		t.Log(res)
	})
}

// TestNullHubAppliesNothing: with NullHub every push is answered and
// counted, no long-poll is ever answered, and the hub's database holds none
// of the events (what the run measures is the terminals and HTTP alone).
func TestNullHubAppliesNothing(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "hub.db")
	res, err := loadtest.Run(context.Background(), loadtest.Config{
		DSN: dsn, Terminals: 10, Locations: 2, Orders: 10, Duration: 500 * time.Millisecond,
		Rate: 20, PushEvery: 100 * time.Millisecond, LongPoll: true, NullHub: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 0 || res.Events == 0 || res.Pulls != 0 {
		t.Fatalf("%s", res)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("the hub holds %d events of a run against the null hub", n)
	}
}

// BenchmarkHub500Terminals measures the hub under 500 terminals, each
// recording 10 events a second and syncing every second, a round being a
// push then a pull as a Syncer does (5,000 events/s and 500 rounds/s
// offered), and a new terminal's first pull of 10,000 orders. Set
// STATIONHAND_TEST_PG for the PostgreSQL run.
//
//	go test -run '^$' -bench Hub500 -benchtime 1x ./sync/hub/loadtest/
func BenchmarkHub500Terminals(b *testing.B) {
	for _, be := range hubtest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			if be.Name == "postgres" && os.Getenv(hubtest.EnvPG) == "" {
				b.Skip("set " + hubtest.EnvPG)
			}
			for i := 0; i < b.N; i++ {
				res, err := loadtest.Run(context.Background(), loadtest.Config{DSN: be.DSN(b), Terminals: 500, Locations: 50,
					Duration: 10 * time.Second, Rate: 10, PushEvery: time.Second, FirstPull: 10000})
				if err != nil {
					b.Fatal(err)
				}
				b.Log(res)
				b.ReportMetric(res.EventsPerSec, "events/s")
				b.ReportMetric(float64(res.PushP99)/float64(time.Millisecond), "push-p99-ms")
				b.ReportMetric(res.FirstPull.Seconds(), "first-pull-10k-s")
			}
		})
	}
}

// BenchmarkHubSaturation pushes back to back from 500 terminals (batches
// of 20) to find the most events per second the hub applies.
func BenchmarkHubSaturation(b *testing.B) {
	for _, be := range hubtest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			if be.Name == "postgres" && os.Getenv(hubtest.EnvPG) == "" {
				b.Skip("set " + hubtest.EnvPG)
			}
			for i := 0; i < b.N; i++ {
				res, err := loadtest.Run(context.Background(), loadtest.Config{DSN: be.DSN(b), Terminals: 500, Locations: 50,
					Duration: 10 * time.Second, Batch: 20})
				if err != nil {
					b.Fatal(err)
				}
				b.Log(res)
				b.ReportMetric(res.EventsPerSec, "events/s")
				b.ReportMetric(float64(res.PushP99)/float64(time.Millisecond), "push-p99-ms")
			}
		})
	}
}

// BenchmarkHub5000Terminals is the target: 5,000 terminals at one
// event per second each, first pulling after every push (as before
// long-poll), then holding a long-poll; an order or a cancellation is
// ingested every half second and timed until every terminal of its
// location has it. Targets: push p99 under 100 ms, visible at every
// station p99 under 1 s, on both backends (`make loadtest` runs the same
// from the command line, with load averages).
//
//	go test -run '^$' -bench Hub5000 -benchtime 1x -timeout 1h ./sync/hub/loadtest/
func BenchmarkHub5000Terminals(b *testing.B) {
	for _, be := range hubtest.Backends() {
		for _, longPoll := range []bool{false, true} {
			name := be.Name + "/poll"
			if longPoll {
				name = be.Name + "/long-poll"
			}
			b.Run(name, func(b *testing.B) {
				if be.Name == "postgres" && os.Getenv(hubtest.EnvPG) == "" {
					b.Skip("set " + hubtest.EnvPG)
				}
				for i := 0; i < b.N; i++ {
					res, err := loadtest.Run(context.Background(), loadtest.Config{DSN: be.DSN(b), Terminals: 5000, Locations: 50,
						Duration: 30 * time.Second, Rate: 1, PushEvery: time.Second, LongPoll: longPoll, ProbeEvery: 500 * time.Millisecond})
					if err != nil {
						b.Fatal(err)
					}
					b.Log(res)
					b.ReportMetric(float64(res.PushP99)/float64(time.Millisecond), "push-p99-ms")
					b.ReportMetric(float64(res.EveryStationP99)/float64(time.Millisecond), "visible-all-p99-ms")
					b.ReportMetric(float64(res.CPU.Microseconds())/float64(max(res.Events, 1)), "cpu-µs/event")
				}
			})
		}
	}
}
