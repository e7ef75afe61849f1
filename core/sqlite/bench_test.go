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
	db := openLarge(b)
	feed := &pickFeed{b: b, db: db}
	durations := make([]time.Duration, 0, b.N)
	var cpu []time.Duration
	runtime.LockOSThread() // threadCPU reads this thread's clock
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		code := feed.next()
		b.StartTimer()
		d, c := timed(func() { feed.scan(code) })
		durations, cpu = append(durations, d), appendCPU(cpu, c)
	}
	b.StopTimer()
	reportPercentiles(b, durations)
	reportCPUPercentiles(b, cpu)
}

// openLarge opens a fresh copy of the 100,000-order store.
func openLarge(b *testing.B) *sqlite.DB {
	b.Helper()
	path := sqlitetest.LargeStore(b, sqlitetest.LargeOrders, sqlitetest.LargeLinesPer)
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// pickFeed walks the large store's open orders one claimed batch at a
// time, giving the code a picker would scan next.
type pickFeed struct {
	b      *testing.B
	db     *sqlite.DB
	batch  string
	serial int
	parser scan.Parser
}

// next returns the next code to scan (not timed: it reads the batch).
func (f *pickFeed) next() string {
	ctx := context.Background()
	var err error
	if f.batch == "" {
		if f.batch, err = f.db.ClaimNext(ctx, 1, 1); err != nil {
			f.b.Fatal(err)
		}
	}
	bt, err := f.db.Batch(ctx, f.batch)
	if err != nil {
		f.b.Fatal(err)
	}
	step := bt.Next()
	switch step.Kind {
	case pick.StepTote:
		return "TOTE-" + step.Order.Ref
	case pick.StepBin:
		return step.Expect[0]
	case pick.StepItem:
		return itemCode(step.Task, &f.serial, f.batch)
	}
	f.b.Fatalf("batch %s at step %s", f.batch, step.Kind)
	return ""
}

// scan is the timed part: parse the code and apply it.
func (f *pickFeed) scan(code string) {
	c, err := f.parser.Parse(code)
	if err != nil {
		f.b.Fatal(err)
	}
	res, err := f.db.PickScan(context.Background(), f.batch, c)
	if err != nil {
		f.b.Fatalf("scan %s: %v", code, err)
	}
	if res.BatchDone {
		f.batch = ""
	}
}

// timed runs fn and returns its wall-clock and thread CPU time (0 when
// the CPU clock cannot be read).
func timed(fn func()) (wall, cpu time.Duration) {
	c0, measured := threadCPU()
	start := time.Now()
	fn()
	wall = time.Since(start)
	if c1, _ := threadCPU(); measured {
		cpu = c1 - c0
	}
	return wall, cpu
}

func appendCPU(cpu []time.Duration, c time.Duration) []time.Duration {
	if c > 0 {
		return append(cpu, c)
	}
	return cpu
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
