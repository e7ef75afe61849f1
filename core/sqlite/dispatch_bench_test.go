package sqlite_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/gs1"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

const (
	// benchPacked is how many orders of the large store wait at the dock.
	benchPacked = 20000
	// benchHandover is how many parcels go into one handover (a full cage
	// or a small truck) before it closes and the next one opens.
	benchHandover = 300
)

// BenchmarkDispatchScan measures one parcel scanned into a handover at the
// dock: read the scanned string, find the parcel by its SSCC (GS1-128,
// every other scan) or its carrier tracking barcode, judge it, commit it
// with its dispatch.parcel_scanned event. The store is the foundation's
// large one (100,000 orders of 5 lines) with 20,000 of them packed in one
// package each, with their carrier labels printed. Handovers take 300
// parcels; closing one (which ships its orders) is not timed.
func BenchmarkDispatchScan(b *testing.B) {
	db := openLarge(b)
	ctx := context.Background()
	var ssccs strings.Builder
	codes := make([]string, 0, benchPacked)
	for n := 1; n <= benchPacked; n++ {
		sscc, err := gs1.AppendCheckDigit(fmt.Sprintf("10614141%09d", n))
		if err != nil {
			b.Fatal(err)
		}
		if n > 1 {
			ssccs.WriteByte(',')
		}
		fmt.Fprintf(&ssccs, "(%d, '%s')", n, sscc)
		if n%2 == 1 {
			codes = append(codes, "]C100"+sscc)
		} else {
			codes = append(codes, fmt.Sprintf("]C01ZB%015d", n))
		}
	}
	// Packed as the pack station leaves them, with a printed carrier label.
	err := sqlite.ExecRaw(db, fmt.Sprintf(`
		CREATE TEMP TABLE bench_ssccs(n INTEGER PRIMARY KEY, sscc TEXT);
		INSERT INTO bench_ssccs VALUES %s;
		CREATE TEMP TABLE bench_packed AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM orders
			WHERE status = 'open' AND fulfillment = 'ship' ORDER BY id LIMIT %d;
		UPDATE orders SET status = 'packed' WHERE id IN (SELECT id FROM bench_packed);
		UPDATE order_lines SET picked_qty = qty WHERE order_id IN (SELECT id FROM bench_packed);
		INSERT INTO pack_orders(order_id, staff_id, planned, started_at) SELECT id, 2, 1, 0 FROM bench_packed;
		INSERT INTO packages(order_id, seq, status, carton, weight_g, sscc, company_prefix, staff_id, opened_at, closed_at)
			SELECT p.id, 1, 'closed', 'M', 1200, s.sscc, '0614141', 2, 0, 0 FROM bench_packed p JOIN bench_ssccs s ON s.n = p.n;
		INSERT INTO carrier_labels(order_id, package_seq, carrier, service, tracking, format, document, received_at, printed_at)
			SELECT id, 1, 'UPS', CASE n %% 3 WHEN 0 THEN 'Express' ELSE 'Ground' END, printf('1ZB%%015d', n), 'zpl', X'', 0, 0 FROM bench_packed;
		DROP TABLE bench_ssccs; DROP TABLE bench_packed;
		PRAGMA wal_checkpoint(TRUNCATE);`, ssccs.String(), benchPacked))
	if err != nil {
		b.Fatal(err)
	}
	handover, inHandover := 0, 0
	next := func() {
		if inHandover > 0 {
			if _, err := db.DispatchClose(ctx, fmt.Sprintf("BENCH-%d", handover), 3); err != nil {
				b.Fatal(err)
			}
		}
		handover++
		inHandover = 0
		if _, err := db.DispatchOpen(ctx, 3, fmt.Sprintf("BENCH-%d", handover), "UPS"); err != nil {
			b.Fatal(err)
		}
	}
	next()
	var parser scan.Parser
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	durations := make([]time.Duration, 0, b.N)
	cpu := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		if i == len(codes) {
			b.Fatal("every packed parcel is dispatched: raise benchPacked")
		}
		if inHandover == benchHandover {
			next()
		}
		code, h := codes[i], fmt.Sprintf("BENCH-%d", handover)
		d, c := timed(func() {
			if _, err := db.DispatchScan(ctx, h, 3, parser, code); err != nil {
				b.Fatalf("scan %s: %v", code, err)
			}
		})
		durations, cpu = append(durations, d), appendCPU(cpu, c)
		i++
		inHandover++
	}
	reportPercentiles(b, durations)
	reportCPUPercentiles(b, cpu)
}
