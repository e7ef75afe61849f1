package sqlite_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sqlite/sqlitetest"
)

// BenchmarkPickScan measures one scan as the station handles it: parse the
// string, run the workflow step, commit the change with its event. It
// reports the median and 99th percentile of single scans.
func BenchmarkPickScan(b *testing.B) {
	path := sqlitetest.LargeStore(b, sqlitetest.LargeOrders, sqlitetest.LargeLinesPer)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	parser := scan.Parser{}

	var batch string
	serial := 0
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if batch == "" {
			if batch, err = db.ClaimNext(ctx, 1, 1); err != nil {
				b.Fatal(err)
			}
		}
		bt, err := db.Batch(ctx, batch)
		if err != nil {
			b.Fatal(err)
		}
		step := bt.Next()
		var code string
		switch step.Kind {
		case pick.StepTote:
			code = "TOTE-" + step.Order.Ref
		case pick.StepBin:
			code = step.Expect[0]
		case pick.StepItem:
			code = itemCode(step.Task, &serial, batch)
		}
		b.StartTimer()

		start := time.Now()
		c, err := parser.Parse(code)
		if err != nil {
			b.Fatal(err)
		}
		res, err := db.PickScan(ctx, batch, c)
		if err != nil {
			b.Fatalf("scan %s: %v", code, err)
		}
		durations = append(durations, time.Since(start))
		if res.BatchDone {
			batch = ""
		}
	}
	b.StopTimer()
	reportPercentiles(b, durations)
}

func reportPercentiles(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), "p99-µs")
}
