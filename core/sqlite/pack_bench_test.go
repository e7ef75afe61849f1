package sqlite_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// benchPicked is how many orders of the large store are made ready to pack.
const benchPicked = 5000

// BenchmarkPackScan measures packing one item as the station handles it:
// parse the scanned string, run the pack step, commit the unit with its
// pack.item_verified event. The store is the foundation's large one
// (100,000 orders of 5 lines) with 5,000 orders picked (with their pick
// history, serials included) and waiting at the pack station. It reports the median and 99th percentile of single scans;
// opening the next order between scans is not timed.
func BenchmarkPackScan(b *testing.B) {
	feed := newPackFeed(b)
	// The scan runs on this goroutine's thread (the driver is Go): its
	// thread CPU time is its own cost, apart from waiting for a CPU on a
	// busy machine.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	durations := make([]time.Duration, 0, b.N)
	cpu := make([]time.Duration, 0, b.N)
	for b.Loop() {
		code := feed.next()
		d, c := timed(func() { feed.scan(code) })
		durations, cpu = append(durations, d), appendCPU(cpu, c)
	}
	reportPercentiles(b, durations)
	reportCPUPercentiles(b, cpu)
	feed.reportStatements()
}

// packFeed gives the units of the large store's picked orders, order by
// order, as a packer scans them.
type packFeed struct {
	b      *testing.B
	db     *sqlite.DB
	refs   []string // picked orders not opened yet
	ref    string   // the order being packed
	queue  []string // the codes of its units not scanned yet
	parser scan.Parser
	scans  int64 // scans timed so far
	stmts  int64 // statements they ran (sqlite.StatementsRun)
}

// newPackFeed opens the large store with benchPicked orders picked (with
// their pick history, serials included) and waiting at the pack station.
func newPackFeed(b *testing.B) *packFeed {
	db := openLarge(b)
	ctx := context.Background()
	// Picked as the pick workflow leaves them: status picked, every unit
	// picked from a bin by a pick batch (serialised units with their
	// serials), in a tote.
	err := sqlite.ExecRaw(db, fmt.Sprintf(`
		UPDATE orders SET status = 'picked' WHERE id IN (SELECT id FROM orders WHERE status = 'open' AND fulfillment = 'ship' ORDER BY id LIMIT %d);
		UPDATE order_lines SET picked_qty = qty WHERE order_id IN (SELECT id FROM orders WHERE status = 'picked');
		INSERT INTO totes(code, order_id) SELECT 'T' || id, id FROM orders WHERE status = 'picked';
		INSERT INTO pick_batches(id, staff_id, status, created_at, updated_at) SELECT 'PB' || id, 1, 'done', 0, 0 FROM orders WHERE status = 'picked';
		INSERT INTO pick_batch_orders(batch_id, order_id, position, tote) SELECT 'PB' || id, id, 0, 'T' || id FROM orders WHERE status = 'picked';
		INSERT INTO pick_tasks(batch_id, order_id, line_id, bin_id, product_id, seq, qty, picked)
			SELECT 'PB' || l.order_id, l.order_id, l.id, (SELECT MIN(id) FROM bins), l.product_id, l.line_no, l.qty, l.qty
			FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status = 'picked';
		INSERT INTO pick_actions(batch_id, task_id, kind, qty, serial, at)
			SELECT t.batch_id, t.id, 'pick', 1, CASE WHEN p.capture_serial THEN 'SN' || t.id || '-' || u.n ELSE '' END, 0
			FROM pick_tasks t JOIN products p ON p.id = t.product_id JOIN (SELECT 1 AS n UNION ALL SELECT 2) u ON u.n <= t.qty
			ORDER BY t.id, u.n;`, benchPicked))
	if err != nil {
		b.Fatal(err)
	}
	// Fold the set-up's writes into the database file, as the background
	// checkpoint would have long before a packer starts.
	if err := sqlite.ExecRaw(db, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	f := &packFeed{b: b, db: db}
	for i := 0; len(f.refs) < benchPicked; i++ {
		found, err := db.PackFind(ctx, scan.Code{Kind: scan.KindTote, ID: fmt.Sprintf("T%d", i)})
		if err == nil {
			f.refs = append(f.refs, found...)
		}
		if i > 10*benchPicked {
			b.Fatalf("found only %d picked orders", len(f.refs))
		}
	}
	return f
}

// next returns the code of the next unit to pack (not timed: opening the
// next order happens between scans).
func (f *packFeed) next() string {
	if len(f.queue) == 0 {
		if len(f.refs) == 0 {
			f.b.Fatal("every picked order is packed: raise benchPicked")
		}
		f.ref, f.refs = f.refs[0], f.refs[1:]
		o, err := f.db.PackOpen(context.Background(), 2, f.ref)
		if err != nil {
			f.b.Fatal(err)
		}
		for _, l := range o.Lines {
			for u := range l.Picked {
				code := l.GTIN
				if l.CaptureSerial {
					code = fmt.Sprintf("(01)%s%s(21)%s", strings.Repeat("0", 14-len(l.GTIN)), l.GTIN, l.Serials[u])
				}
				f.queue = append(f.queue, code)
			}
		}
	}
	code := f.queue[0]
	f.queue = f.queue[1:]
	return code
}

// scan is the timed part: parse the code and pack the unit.
func (f *packFeed) scan(code string) {
	c, err := f.parser.Parse(code)
	if err != nil {
		f.b.Fatal(err)
	}
	before := sqlite.StatementsRun(f.db)
	if _, err := f.db.PackScan(context.Background(), f.ref, c); err != nil {
		f.b.Fatalf("pack %s: scan %s: %v", f.ref, code, err)
	}
	f.stmts += sqlite.StatementsRun(f.db) - before
	f.scans++
}

// reportStatements reports how many statements a scan ran on average
// (besides its BEGIN and COMMIT): parsing, stepping and scanning each one
// is most of a scan's CPU time outside the commit.
func (f *packFeed) reportStatements() {
	if f.scans > 0 {
		f.b.ReportMetric(float64(f.stmts)/float64(f.scans), "stmts/scan")
	}
}

// BenchmarkPackLoad measures reading an order's packing state, which a
// pack scan does before deciding (the rest of a scan is its writes and
// commit). The order has one package open with all its units but one in
// it.
func BenchmarkPackLoad(b *testing.B) {
	feed := newPackFeed(b)
	feed.scan(feed.next())
	for len(feed.queue) > 1 {
		feed.scan(feed.next())
	}
	ctx := context.Background()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu := make([]time.Duration, 0, b.N)
	before := sqlite.StatementsRun(feed.db)
	for b.Loop() {
		_, c := timed(func() {
			if _, err := feed.db.PackOrder(ctx, feed.ref); err != nil {
				b.Fatal(err)
			}
		})
		cpu = appendCPU(cpu, c)
	}
	reportCPUPercentiles(b, cpu)
	b.ReportMetric(float64(sqlite.StatementsRun(feed.db)-before)/float64(b.N), "stmts/op")
}
