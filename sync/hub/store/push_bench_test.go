package store_test

import (
	"fmt"
	gosync "sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// BenchmarkStorePush measures the hub's database alone (no HTTP): 500
// terminals at 50 locations push batches of 10 events (a claim, picks and
// a completed order, as pickers do) at the same time. Set
// STATIONHAND_TEST_PG for the PostgreSQL run.
func BenchmarkStorePush(b *testing.B) {
	for _, be := range hubtest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			db := be.Open(b)
			type term struct {
				t      core.Terminal
				orders []string
				seq    int64
				staff  int64
			}
			var terms []*term
			hubtest.Seed(b, db, "L000", 0)
			pin, err := core.HashPIN("1234")
			if err != nil {
				b.Fatal(err)
			}
			for l := 0; l < 50; l++ {
				loc := fmt.Sprintf("L%03d", l)
				if err := db.PutLocation(ctx, loc, loc); err != nil {
					b.Fatal(err)
				}
				if _, err := db.ImportOrders(ctx, hubtest.Orders(loc, 0, 100)); err != nil {
					b.Fatal(err)
				}
				picker, err := db.AddStaffHashed(ctx, loc, core.Staff{Name: "Picker", Badge: "B-" + loc, Roles: []core.Role{core.RolePicker}}, pin)
				if err != nil {
					b.Fatal(err)
				}
				for k := 0; k < 10; k++ {
					t, _, err := db.Enroll(ctx, loc, fmt.Sprint("T", k))
					if err != nil {
						b.Fatal(err)
					}
					tm := &term{t: t, staff: picker.ID}
					for o := k; o < 100; o += 10 {
						tm.orders = append(tm.orders, hubtest.Order(loc, o).ExternalID)
					}
					terms = append(terms, tm)
				}
			}
			batch := func(tm *term, n int) []core.Event {
				ref := tm.orders[(n/10)%len(tm.orders)]
				evs := events(tm.seq+1, tm.seq+10, core.EventPickItemPicked, ref)
				evs[0].Type, evs[9].Type = core.EventPickClaimed, core.EventOrderPicked
				for i := range evs {
					evs[i].StaffID = tm.staff
					evs[i].Hash = core.EventHash(evs[i])
				}
				tm.seq += 10
				return evs
			}
			b.ResetTimer()
			start := time.Now()
			var wg gosync.WaitGroup
			work := make(chan int)
			for _, tm := range terms {
				wg.Add(1)
				go func(tm *term) {
					defer wg.Done()
					for n := range work {
						if _, err := db.Push(ctx, tm.t, batch(tm, n)); err != nil {
							b.Error(err)
						}
					}
				}(tm)
			}
			for i := 0; i < b.N; i++ {
				work <- i
			}
			close(work)
			wg.Wait()
			b.ReportMetric(float64(b.N*10)/time.Since(start).Seconds(), "events/s")
		})
	}
}
