package sync_test

import (
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/importfile"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// TestReturnImportedAtTheHubReachesTheStation imports a return at the hub
// as `hub import` does and syncs real stations over HTTP: the station of
// the return's location has it on record, ready to inspect; another
// location's station never sees it; a withdrawal reaches the station too.
func TestReturnImportedAtTheHubReachesTheStation(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		h := startHub(t, b.DSN(t))
		hubtest.Seed(t, h.db, "L1", 2)
		hubtest.Seed(t, h.db, "L2", 1)
		desk := newTerminal(t, h.db, h.url, "L1", "Returns desk")
		other := newTerminal(t, h.db, h.url, "L2", "Returns desk")
		desk.mustSync()
		other.mustSync()

		ref := hubtest.Order("L1", 0).ExternalID
		ret := store.IngestReturn{Location: "L1", Return: core.Return{
			RMA: "RMA-77001", OrderRef: ref,
			Customer:    core.Customer{Name: "Rita Returner", Email: "rita@example.com"},
			DeliveredAt: time.Now().Add(-5 * 24 * time.Hour).UTC().Truncate(time.Hour),
			Lines: []core.ReturnLine{
				{SKU: hubtest.Order("L1", 0).Lines[0].SKU, Qty: 1, Reason: core.ReasonDefective, Comment: "Dead on arrival.", Serials: []string{"SN-77"}},
			},
		}}
		sum, err := importfile.File{Returns: []importfile.Return{ret}}.Apply(ctx, h.db)
		if err != nil || sum.Returns.Created != 1 {
			t.Fatalf("import: %s, %v", sum, err)
		}
		if res := desk.mustSync(); res.Pulled != 1 {
			t.Fatalf("the L1 station pulled %d records, want the return", res.Pulled)
		}
		in, err := desk.db.Inspection(ctx, "rma-77001")
		if err != nil {
			t.Fatalf("the return did not reach the station: %v", err)
		}
		if in.RMA != "RMA-77001" || in.OrderRef != ref || in.Status != core.ReturnExpected || in.Customer.Name != "Rita Returner" ||
			len(in.Lines) != 1 || in.Lines[0].Qty != 1 || in.Lines[0].Comment != "Dead on arrival." || !in.Lines[0].Serials["SN-77"] {
			t.Fatalf("the station has the return as %+v (lines %+v)", in, in.Lines)
		}
		if res := other.mustSync(); res.Pulled != 0 {
			t.Fatalf("the L2 station pulled %d records", res.Pulled)
		}
		if _, err := other.db.Inspection(ctx, "RMA-77001"); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("an L1 return reached the L2 station: %v", err)
		}

		// Importing it again sends nothing; withdrawing it does.
		if sum, err := (importfile.File{Returns: []importfile.Return{ret}}).Apply(ctx, h.db); err != nil || sum.Returns.Unchanged != 1 {
			t.Fatalf("import again: %s, %v", sum, err)
		}
		if res := desk.mustSync(); res.Pulled != 0 {
			t.Fatalf("a re-import made the station pull %d records", res.Pulled)
		}
		ret.Status = core.ReturnCancelled
		if sum, err := (importfile.File{Returns: []importfile.Return{ret}}).Apply(ctx, h.db); err != nil || sum.Returns.Cancelled != 1 {
			t.Fatalf("withdraw: %s, %v", sum, err)
		}
		desk.mustSync()
		if in, err := desk.db.Inspection(ctx, "RMA-77001"); err != nil || in.Status != core.ReturnCancelled {
			t.Fatalf("after the withdrawal the station has %+v, %v", in, err)
		}
	})
}
