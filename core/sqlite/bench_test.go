package sqlite_test

import (
	"context"
	"runtime"
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
	var cpu []time.Duration
	runtime.LockOSThread() // threadCPU reads this thread's clock
	defer runtime.UnlockOSThread()
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

		c0, measured := threadCPU()
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
		if c1, _ := threadCPU(); measured {
			cpu = append(cpu, c1-c0)
		}
		if res.BatchDone {
			batch = ""
		}
	}
	b.StopTimer()
	reportPercentiles(b, durations)
	reportCPUPercentiles(b, cpu)
}

// reportPercentiles reports the median and 99th percentile of single
// operations' wall-clock times.
func reportPercentiles(b *testing.B, d []time.Duration) { reportQuantiles(b, d, "") }

// reportCPUPercentiles does the same for their CPU times (threadCPU): on a
// busy shared machine the wall-clock tail is mostly waiting for a core.
func reportCPUPercentiles(b *testing.B, cpu []time.Duration) { reportQuantiles(b, cpu, "cpu-") }

func reportQuantiles(b *testing.B, d []time.Duration, prefix string) {
	if len(d) == 0 {
		return
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), prefix+"p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), prefix+"p99-µs")
}
