package sync_test

import (
	"path/filepath"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestFullRePullTakesTheHubsStatusBackwardsToo: the hub is restored from a
// backup taken while an order was picked; the station had packed it since,
// and no longer keeps the events that did it (pruned), so the hub cannot be
// refilled with them. The full re-pull replaces the station's copy with the
// hub's view: the order is picked again, as at the hub. Another order with
// events still waiting at the station keeps its local progress, and those
// events then take it forward at the hub. Before, a station only ever moved
// an order forward, even in a full re-pull: it kept "packed" for ever
// while the hub had "picked".
func TestFullRePullTakesTheHubsStatusBackwardsToo(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 2)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.setUpPacking()
	tm.mustSync()
	packedRef, waitingRef := hubtest.Order("L1", 0).ExternalID, hubtest.Order("L1", 1).ExternalID

	tm.pick(packedRef)
	tm.mustSync()
	hubStatus := func(ref string) core.OrderStatus {
		t.Helper()
		o, err := h.db.Order(ctx, "L1", ref)
		if err != nil {
			t.Fatal(err)
		}
		return o.Status
	}
	if s := hubStatus(packedRef); s != core.OrderPicked {
		t.Fatalf("hub has %s %s after the pick", packedRef, s)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	copyDBFiles(t, h.dsn, backup)

	// Packed and sent, then pruned: the hub's backup lacks it for good.
	tm.pack(packedRef)
	tm.mustSync()
	if s := hubStatus(packedRef); s != core.OrderPacked {
		t.Fatalf("hub has %s %s after packing", packedRef, s)
	}
	if _, err := tm.db.PruneEvents(ctx, -1); err != nil {
		t.Fatal(err)
	}
	// Picked here and not sent yet.
	tm.pick(waitingRef)

	h.stop()
	copyDBFiles(t, backup, h.dsn)
	h.start()
	tm.connect(h.url)
	// The first round's push is refused (a network fault, say), so the
	// full re-pull runs with the pick of the second order still unsent.
	res, err := sync.Round(ctx, tm.db, refusingPush{tm.client}, sync.RoundOptions{})
	if err == nil || res.FullPull == "" {
		t.Fatalf("round after the restore: %+v, %v; want a refused push and a full re-pull", res, err)
	}
	if s := tm.status(packedRef); s != hubStatus(packedRef) || s != core.OrderPicked {
		t.Fatalf("after the full re-pull order %s is %s here, %s at the hub; want the hub's picked", packedRef, s, hubStatus(packedRef))
	}
	if s := tm.status(waitingRef); s != core.OrderPicked {
		t.Fatalf("order %s, picked here with its events still to send, is %s after the full re-pull", waitingRef, s)
	}
	tm.syncUntilDone(5e9)
	if s := hubStatus(waitingRef); s != core.OrderPicked {
		t.Fatalf("the hub has %s %s after the station sent its pick", waitingRef, s)
	}
	if s := tm.status(packedRef); s != core.OrderPicked {
		t.Fatalf("order %s is %s here after the next round", packedRef, s)
	}
}

// TestFullRePullReleasesAClaimTheHubLost: a station saw another station's
// claim of an order (picking, claimed elsewhere); then the hub was restored
// from a backup older than the claim, and the claiming station never sends
// it again (its own disk went too). The hub has the order open, with no
// claim and no progress record about it, so the full re-pull brings only
// the order itself. The station then has it open as the hub does, back in
// its queue. Before, the full re-pull left a local "picking" to a progress
// record that never came, and the order stayed out of every queue for ever
// (torture seeds 5043 and 3238).
func TestFullRePullReleasesAClaimTheHubLost(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 2)
	picker := newTerminal(t, h.db, h.url, "L1", "Pick 1")
	watcher := newTerminal(t, h.db, h.url, "L1", "Pick 2")
	picker.mustSync()
	watcher.mustSync()
	ref := hubtest.Order("L1", 0).ExternalID
	backup := filepath.Join(t.TempDir(), "backup.db")
	copyDBFiles(t, h.dsn, backup)

	if _, err := picker.db.ClaimOrders(ctx, picker.staff, ref); err != nil {
		t.Fatal(err)
	}
	picker.mustSync()
	watcher.mustSync()
	if s := watcher.status(ref); s != core.OrderPicking {
		t.Fatalf("the watching station has %s %s after the other's claim", ref, s)
	}

	h.stop()
	copyDBFiles(t, backup, h.dsn)
	h.start()
	watcher.connect(h.url)
	res := watcher.mustSync()
	if res.FullPull == "" {
		t.Fatalf("round after the restore: %+v; want a full re-pull", res)
	}
	o, err := h.db.Order(ctx, "L1", ref)
	if err != nil {
		t.Fatal(err)
	}
	if s := watcher.status(ref); s != o.Status || s != core.OrderOpen {
		t.Fatalf("after the full re-pull order %s is %s here, %s at the hub; want the hub's open", ref, s, o.Status)
	}
}
