package sync_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// setUpPacking gives the station the SSCC range of terminal 1 and ship
// settings, as a supervisor would.
func (tm *terminal) setUpPacking() {
	tm.t.Helper()
	r, err := sscc.ForTerminal("0614141", 0, 1)
	if err != nil {
		tm.t.Fatal(err)
	}
	if err := tm.db.SetSSCCRange(ctx, r); err != nil {
		tm.t.Fatal(err)
	}
	err = tm.db.SetShipSettings(ctx, core.ShipSettings{
		ShipFrom: core.Address{Name: "Store", Line1: "1 Dock Road", City: "Lyon", PostalCode: "69001", Country: "FR"},
		Carrier:  "DPD",
	})
	if err != nil {
		tm.t.Fatal(err)
	}
}

// pickAndPack picks an order and packs it in one box, and returns the
// SSCC printed on it.
func (tm *terminal) pickAndPack(ref string) string {
	tm.t.Helper()
	tm.pick(ref)
	return tm.pack(ref)
}

// pack packs a picked order in one box and returns its SSCC.
func (tm *terminal) pack(ref string) string {
	tm.t.Helper()
	o, err := tm.db.PackOpen(ctx, tm.staff, ref)
	if err != nil {
		tm.t.Fatalf("open %s for packing: %v", ref, err)
	}
	for _, l := range o.Lines {
		for n := 0; n < l.Picked; n++ {
			c, err := scan.Parse(l.GTIN)
			if err != nil {
				tm.t.Fatal(err)
			}
			if _, err := tm.db.PackScan(ctx, ref, c); err != nil {
				tm.t.Fatalf("pack scan %s: %v", l.GTIN, err)
			}
		}
	}
	// Weighed as expected: the contents and the carton.
	o, err = tm.db.PackOrder(ctx, ref)
	if err != nil {
		tm.t.Fatal(err)
	}
	cartons, err := tm.db.Cartons(ctx)
	if err != nil {
		tm.t.Fatal(err)
	}
	var box core.Carton
	for _, c := range cartons {
		if c.Code == "M" {
			box = c
		}
	}
	res, err := tm.db.PackClose(ctx, ref, box.Code, o.ExpectedWeightG(box))
	if err != nil || len(res.Labels) != 1 {
		tm.t.Fatalf("close the package of %s: %+v, %v", ref, res, err)
	}
	return res.Labels[0].SSCC
}

// TestStationRolledBackNeverPrintsAnSSCCTwice: a station's whole disk is
// put back to an older copy: its database, which holds its SSCC counter as
// it was then, and the SSCC mark beside it (a database file put back alone
// finds the mark ahead and moves its counter past it when it opens, see
// core/sqlite's TestRestoredStoreNeverReprintsAnSSCC). The hub knows the
// SSCCs the terminal used (from its pushed package events): at the first
// round after the rollback the station moves its counter past the highest,
// so the next parcel gets a new SSCC. A parcel packed between the rollback
// and that round cannot be helped (nothing on the station's disk knows),
// and its lower SSCC must not pull the hub's mark down. Before, the
// station numbered on from the copy's counter and printed, again, SSCCs
// already on parcels.
func TestStationRolledBackNeverPrintsAnSSCCTwice(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 4)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.setUpPacking()
	tm.mustSync()
	backup := filepath.Join(t.TempDir(), "station-backup.db")
	copyDBFiles(t, tm.path, backup)
	if _, err := os.Stat(sqlite.SSCCMarkPath(tm.path)); err == nil {
		t.Fatal("an SSCC mark before any package was closed")
	}

	printed := map[string]string{}
	for _, n := range []int{0, 1} {
		ref := hubtest.Order("L1", n).ExternalID
		printed[tm.pickAndPack(ref)] = ref
	}
	tm.mustSync()
	highest := ""
	for code := range printed {
		highest = max(highest, code)
	}
	if w, err := tm.client.Whoami(ctx); err != nil || w.LastSSCC != highest {
		t.Fatalf("whoami: last SSCC %q, %v; want %s", w.LastSSCC, err, highest)
	}

	tm.db.Close()
	copyDBFiles(t, backup, tm.path)
	if err := os.Remove(sqlite.SSCCMarkPath(tm.path)); err != nil { // the disk's copy had none yet
		t.Fatal(err)
	}
	tm.open()
	// Packed before the station hears from the hub: its counter is the
	// copy's, so this parcel repeats the first SSCC; nothing can prevent
	// that but the next round.
	early := tm.pickAndPack(hubtest.Order("L1", 2).ExternalID)
	if _, reused := printed[early]; !reused {
		t.Fatalf("the rolled-back station printed %s; the test expects the copy's counter to repeat one of %v", early, printed)
	}
	res, err := tm.sync()
	if err != nil || res.Renumbered == 0 {
		t.Fatalf("round after the rollback: %+v, %v; want its events renumbered", res, err)
	}
	if w, err := tm.client.Whoami(ctx); err != nil || w.LastSSCC != highest {
		t.Fatalf("the re-used lower SSCC %s pulled the hub's mark down to %q (%v); want %s", early, w.LastSSCC, err, highest)
	}
	ref := hubtest.Order("L1", 3).ExternalID
	next := tm.pickAndPack(ref)
	if other, reused := printed[next]; reused || next == early {
		t.Fatalf("order %s got SSCC %s, already printed for %s", ref, next, other)
	}
	if next <= highest {
		t.Fatalf("order %s got SSCC %s, not past the highest used %s", ref, next, highest)
	}
	if res.SSCCSkippedThrough != highest {
		t.Fatalf("round after the rollback moved the SSCC counter past %q, want past %s", res.SSCCSkippedThrough, highest)
	}
	// A round with the counter already past the hub's mark changes nothing.
	if res := tm.mustSync(); res.SSCCSkippedThrough != "" {
		t.Fatalf("a round moved the counter again: %+v", res)
	}
}
