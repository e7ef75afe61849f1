package store_test

import (
	"strconv"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// BenchmarkFeed measures the feed on a hub holding 100,000 applied events
// of 20 terminals: numbering them (the sequencer, once, reported as
// sequence-ms) and then reading pages of 1,000 from random cursors, of
// every location and of one. Set STATIONHAND_TEST_PG for PostgreSQL.
func BenchmarkFeed(b *testing.B) {
	for _, be := range hubtest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			db := be.Open(b)
			hubtest.Seed(b, db, "L1", 0)
			hubtest.Seed(b, db, "L2", 0)
			staff1, _ := db.Staff(ctx, "L1")
			staff2, _ := db.Staff(ctx, "L2")
			const terminals, perTerminal = 20, 5000
			for k := range terminals {
				loc, staff := "L1", staff1[0].ID
				if k%2 == 1 {
					loc, staff = "L2", staff2[0].ID
				}
				term, _, err := db.Enroll(ctx, loc, "T"+strconv.Itoa(k))
				if err != nil {
					b.Fatal(err)
				}
				for from := int64(1); from <= perTerminal; from += 1000 {
					evs := events(from, from+999, core.EventStaffSignedIn, "")
					for i := range evs {
						evs[i].StaffID = staff
						evs[i].Payload = []byte(`{"method":"pin"}`)
					}
					if _, err := db.Push(ctx, term, evs); err != nil {
						b.Fatal(err)
					}
				}
			}
			start := b.Elapsed()
			for {
				n, err := db.SequenceFeed(ctx, 0)
				if err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					break
				}
			}
			sequenced := b.Elapsed() - start
			b.ResetTimer()
			for i := range b.N {
				loc := ""
				if i%2 == 1 {
					loc = "L2"
				}
				cursor := strconv.Itoa(i * 7919 % (terminals * perTerminal / 2))
				page, err := db.Feed(ctx, loc, cursor, 1000)
				if err != nil || len(page.Events) != 1000 {
					b.Fatalf("page of %d events: %v", len(page.Events), err)
				}
			}
			b.ReportMetric(float64(sequenced.Milliseconds()), "sequence-100k-ms")
		})
	}
}
