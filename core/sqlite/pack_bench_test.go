package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sqlite/sqlitetest"
)

// benchPicked is how many orders of the large store are made ready to pack.
const benchPicked = 5000

// BenchmarkPackScan measures packing one item as the station handles it:
// parse the scanned string, run the pack step, commit the unit with its
// pack.item_verified event. The store is the foundation's large one
// (100,000 orders of 5 lines) with 5,000 orders picked and waiting at the
// pack station. It reports the median and 99th percentile of single scans;
// opening the next order between scans is not timed.
func BenchmarkPackScan(b *testing.B) {
	path := sqlitetest.LargeStore(b, sqlitetest.LargeOrders, sqlitetest.LargeLinesPer)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// Picked as the pick workflow leaves them: status picked, every unit
	// picked, in a tote.
	err = sqlite.ExecRaw(db, fmt.Sprintf(`
		UPDATE orders SET status = 'picked' WHERE id IN (SELECT id FROM orders WHERE status = 'open' AND fulfillment = 'ship' ORDER BY id LIMIT %d);
		UPDATE order_lines SET picked_qty = qty WHERE order_id IN (SELECT id FROM orders WHERE status = 'picked');
		INSERT INTO totes(code, order_id) SELECT 'T' || id, id FROM orders WHERE status = 'picked';`, benchPicked))
	if err != nil {
		b.Fatal(err)
	}
	// Fold the set-up's writes into the database file, as the background
	// checkpoint would have long before a packer starts.
	if err := sqlite.ExecRaw(db, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	var refs []string
	for i := 0; len(refs) < benchPicked; i++ {
		found, err := db.PackFind(ctx, scan.Code{Kind: scan.KindTote, ID: fmt.Sprintf("T%d", i)})
		if err == nil {
			refs = append(refs, found...)
		}
		if i > 10*benchPicked {
			b.Fatalf("found only %d picked orders", len(refs))
		}
	}

	parser := scan.Parser{}
	var queue []string // the codes of the units of the order being packed
	var ref string
	serial := 0
	durations := make([]time.Duration, 0, b.N)
	for b.Loop() {
		if len(queue) == 0 {
			if len(refs) == 0 {
				b.Fatal("every picked order is packed: raise benchPicked")
			}
			ref, refs = refs[0], refs[1:]
			o, err := db.PackOpen(ctx, 2, ref)
			if err != nil {
				b.Fatal(err)
			}
			for _, l := range o.Lines {
				for range l.Picked {
					code := l.GTIN
					if l.CaptureSerial {
						serial++
						code = fmt.Sprintf("(01)%s%s(21)B%d", strings.Repeat("0", 14-len(l.GTIN)), l.GTIN, serial)
					}
					queue = append(queue, code)
				}
			}
		}
		code := queue[0]
		queue = queue[1:]

		start := time.Now()
		c, err := parser.Parse(code)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.PackScan(ctx, ref, c); err != nil {
			b.Fatalf("pack %s: scan %s: %v", ref, code, err)
		}
		durations = append(durations, time.Since(start))
	}
	reportPercentiles(b, durations)
}
