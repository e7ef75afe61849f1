package sync_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

// copyDBFiles copies a SQLite database's files (the database, its WAL and
// shared memory) from path to toPath, as a backup tool copying the files of
// a running program does, or a person putting such a copy back.
func copyDBFiles(t testing.TB, path, toPath string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		from, err := os.Open(path + suffix)
		if errors.Is(err, os.ErrNotExist) {
			os.Remove(toPath + suffix)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		to, err := os.Create(toPath + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(to, from); err != nil {
			t.Fatal(err)
		}
		from.Close()
		if err := to.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// stationRows reads one column of a query on a station's file, read-only.
func stationRows(t testing.TB, tm *terminal, query string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+tm.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestHubRestoredFromABackupIsRefilledByTheStation: the hub's database is
// put back to a backup taken while it ran (files copied, or `hub restore`),
// after it had acknowledged more events and served more orders. With no
// operator, the station re-sends exactly the events the hub lost, pulls
// everything again and drops the orders the restored hub does not have.
// Before, it was stuck on 409 seq_gap for ever and, since its pull waited
// on the push, kept the lost orders too.
func TestHubRestoredFromABackupIsRefilledByTheStation(t *testing.T) {
	for _, how := range []string{"files put back", "hub restore"} {
		t.Run(how, func(t *testing.T) {
			h := startHub(t, hubtest.SQLiteDSN(t))
			hubtest.Seed(t, h.db, "L1", 6)
			tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
			tm.note(5)
			tm.mustSync()

			backup := filepath.Join(t.TempDir(), "backup.db")
			copyDBFiles(t, h.dsn, backup) // while the hub runs

			tm.note(7) // acknowledged by the hub, then lost with the restore
			late := hubtest.Orders("L1", 50, 2)
			if _, err := h.db.ImportOrders(ctx, late); err != nil {
				t.Fatal(err)
			}
			tm.mustSync()
			if tm.status(late[0].ExternalID) != core.OrderOpen {
				t.Fatal("the order imported after the backup did not reach the station")
			}

			h.stop()
			if how == "files put back" {
				copyDBFiles(t, backup, h.dsn)
			} else if _, err := store.Restore(ctx, backup, h.dsn, false); err != nil {
				t.Fatal(err)
			}
			h.start()
			if held, _ := h.db.Events(ctx, tm.term.ID, 0, 0); len(held) != 5 {
				t.Fatalf("the restored hub holds %d events, want the backup's 5", len(held))
			}
			tm.connect(h.url)
			tm.note(2) // new work after the restore
			res, err := tm.sync()
			if err != nil {
				t.Fatalf("first round after the restore: %+v, %v", res, err)
			}
			if res.Resent != 7 || res.FullPull == "" {
				t.Fatalf("round after the restore: %+v; want the 7 lost events re-sent and a full re-pull", res)
			}
			checkConverged(t, h.db, tm)
			if _, err := tm.db.Order(ctx, late[0].ExternalID); err == nil {
				t.Fatalf("order %s, which the restored hub does not have, is still at the station", late[0].ExternalID)
			}
			if tm.status(hubtest.Order("L1", 0).ExternalID) != core.OrderOpen {
				t.Fatal("the backup's orders are gone from the station")
			}
			// And it carries on as usual.
			tm.note(1)
			if res := tm.mustSync(); res.FullPull != "" || res.Resent != 0 || res.Pushed != 1 {
				t.Fatalf("the next round: %+v", res)
			}
			checkConverged(t, h.db, tm)
		})
	}
}

// TestStationMovedToAnotherLocationEndsWithItsDataOnly: a station enrolled
// again at another location (hub enroll --location) replaces its copy:
// the new location's orders, staff and PIN hashes, none of the old one's,
// and its unsent events are kept and sent. Before, its old cursor pulled
// "0 records" and it kept the old location's orders and staff for ever.
func TestStationMovedToAnotherLocationEndsWithItsDataOnly(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 8)
	hubtest.Seed(t, h.db, "L2", 5)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.mustSync()
	worked := hubtest.Order("L1", 0).ExternalID
	tm.pick(worked)
	tm.note(2)
	pending, _, _ := tm.db.OutboxStats(ctx)

	// Moved: a new terminal at L2; the station takes its token and identity.
	moved, token, err := h.db.Enroll(ctx, "L2", "Pack 1")
	if err != nil {
		t.Fatal(err)
	}
	tm.term, tm.token = moved, token
	if err := tm.db.SetTerminal(ctx, moved); err != nil {
		t.Fatal(err)
	}
	tm.connect(h.url)
	res, err := tm.sync()
	if err != nil || res.FullPull == "" || !strings.Contains(res.FullPull, "L2") || res.Pushed != pending {
		t.Fatalf("first round at L2: %+v, %v", res, err)
	}

	orders := stationRows(t, tm, "SELECT external_id FROM orders WHERE status <> 'cancelled' ORDER BY external_id")
	if len(orders) != 5 {
		t.Fatalf("orders at the station: %v; want L2's 5", orders)
	}
	for _, ref := range orders {
		if !strings.HasPrefix(ref, "L2") {
			t.Fatalf("order %s of another location is still open at the station", ref)
		}
	}
	// The L1 order picked here cannot vanish: it is cancelled, with an
	// exception saying to put its items back.
	if tm.status(worked) != core.OrderCancelled {
		t.Fatalf("the L1 order picked here is %s", tm.status(worked))
	}
	found := false
	for _, ex := range tm.exceptions() {
		found = found || (ex.Kind == "order_gone" && ex.OrderRef == worked && strings.Contains(ex.Message, "back"))
	}
	if !found {
		t.Fatalf("no put-back exception for %s: %+v", worked, tm.exceptions())
	}
	hubStaff, err := h.db.Staff(ctx, "L2")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, s := range hubStaff {
		want[s.Name] = true
	}
	withPIN := stationRows(t, tm, "SELECT name FROM staff WHERE pin_hash <> '' OR active = 1 OR badge IS NOT NULL")
	if len(withPIN) != len(hubStaff) {
		t.Fatalf("staff who can sign in at the station: %v; want L2's %d", withPIN, len(hubStaff))
	}
	for _, name := range withPIN {
		if !want[name] {
			t.Fatalf("%s of another location can still sign in (PIN hash or badge kept)", name)
		}
	}
	// The unsent events went to the hub under the new terminal.
	if held, _ := h.db.Events(ctx, moved.ID, 0, 0); len(held) != pending {
		t.Fatalf("the new terminal's events at the hub: %d, want the %d unsent", len(held), pending)
	}
	if res := tm.mustSync(); res.FullPull != "" || res.Pulled != 0 {
		t.Fatalf("the round after: %+v", res)
	}
}

// TestStationRolledBackToAnOlderCopyCarriesOn: the station's file is put
// back to a copy taken while it ran, after the hub received more of its
// events. The station moves its sequence past the hub's and carries on;
// nothing the hub holds is overwritten. Before, it was stuck on seq_reused.
func TestStationRolledBackToAnOlderCopyCarriesOn(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 2)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.note(4)
	tm.mustSync()
	tm.note(2) // in the copy, not yet sent
	backup := filepath.Join(t.TempDir(), "station-backup.db")
	copyDBFiles(t, tm.path, backup)
	tm.note(3)
	tm.mustSync()
	before, _ := h.db.Events(ctx, tm.term.ID, 0, 0)
	if len(before) != 9 {
		t.Fatalf("hub holds %d", len(before))
	}

	tm.db.Close()
	copyDBFiles(t, backup, tm.path)
	tm.open()
	tm.note(2) // numbered 7 and 8 again: the hub holds other events there
	res, err := tm.sync()
	if err != nil || res.Renumbered != 2 {
		t.Fatalf("round after the rollback: %+v, %v", res, err)
	}
	held, _ := h.db.Events(ctx, tm.term.ID, 0, 0)
	if len(held) != 11 {
		t.Fatalf("hub holds %d events, want 9 + 2", len(held))
	}
	for i := range before {
		if held[i].ID != before[i].ID {
			t.Fatalf("event %d at the hub was overwritten", before[i].Seq)
		}
	}
	local, _ := tm.db.Events(ctx, 6, 100)
	if len(local) != 2 || local[0].Seq != 10 || local[0].ID != held[9].ID || local[1].ID != held[10].ID {
		t.Fatalf("the new events: local %+v", local)
	}
	if pending, _, _ := tm.db.OutboxStats(ctx); pending != 0 {
		t.Fatalf("%d pending", pending)
	}
}

// TestLostEventsNoLongerKeptAreAnExceptionNotABlock: the hub lost events
// the station has pruned (older than its retention window). The station
// says so, once, as an exception, and sends what it has after the hub's
// last event: neither a loop nor a station blocked for ever.
func TestLostEventsNoLongerKeptAreAnExceptionNotABlock(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 2)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.mustSync()
	backup := filepath.Join(t.TempDir(), "backup.db")
	copyDBFiles(t, h.dsn, backup)
	tm.note(3)
	tm.mustSync()
	if n, err := tm.db.PruneEvents(ctx, -1); err != nil || n != 3 {
		t.Fatalf("prune: %d, %v", n, err)
	}
	h.stop()
	copyDBFiles(t, backup, h.dsn)
	h.start()
	tm.connect(h.url)
	tm.note(1)
	res, err := tm.sync()
	if err != nil {
		t.Fatalf("round after losing pruned events: %+v, %v", res, err)
	}
	tm.note(1)
	tm.mustSync()
	checkConverged(t, h.db, tm)
	lost := 0
	for _, ex := range tm.exceptions() {
		if ex.Kind == "events_lost" {
			lost++
			if !strings.Contains(ex.Message, "events 1 to 3") {
				t.Fatalf("exception: %s", ex.Message)
			}
		}
	}
	if lost != 1 {
		t.Fatalf("%d events_lost exceptions, want 1", lost)
	}
}

// refusingPush is a hub connection whose pushes the hub refuses (409
// event_changed, say) while its pulls go through.
type refusingPush struct{ sync.Hub }

func (refusingPush) Push(context.Context, wire.PushRequest) (wire.PushResponse, error) {
	return wire.PushResponse{}, &sync.HubError{Status: 409, Detail: wire.ErrorDetail{Code: core.ECONFLICT, Reason: "event_changed",
		Message: "The hub holds event number 1 with other content."}}
}

// TestPullDoesNotWaitOnARefusedPush: while the hub refuses the station's
// push, a new order and a cancellation still reach the station (before,
// the pull ran only after a successful push).
func TestPullDoesNotWaitOnARefusedPush(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 2)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.mustSync()
	if _, err := h.db.ImportOrders(ctx, hubtest.Orders("L1", 70, 1)); err != nil {
		t.Fatal(err)
	}
	cancel := hubtest.Order("L1", 1)
	cancel.Status = core.OrderCancelled
	if _, err := h.db.ImportOrders(ctx, []wire.IngestOrder{cancel}); err != nil {
		t.Fatal(err)
	}
	tm.note(1)
	if _, err := sync.Round(ctx, tm.db, refusingPush{tm.client}, sync.RoundOptions{}); core.ErrorReason(err) != "event_changed" {
		t.Fatalf("round with a refused push: %v", err)
	}
	if tm.status(hubtest.Order("L1", 70).ExternalID) != core.OrderOpen || tm.status(cancel.ExternalID) != core.OrderCancelled {
		t.Fatal("the pull waited on the push: a new order or a cancellation did not reach the station")
	}
}

// TestRestoredHubWithNothingToSendLearnsWhatItLacks: a station with
// nothing new to send still re-sends what a restored hub lacks, in the
// round that finds the hub's new epoch.
func TestRestoredHubWithNothingToSendLearnsWhatItLacks(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 2)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.mustSync()
	backup := filepath.Join(t.TempDir(), "backup.db")
	copyDBFiles(t, h.dsn, backup)
	tm.note(4)
	tm.mustSync()
	h.stop()
	if _, err := store.Restore(ctx, backup, h.dsn, false); err != nil {
		t.Fatal(err)
	}
	h.start()
	tm.connect(h.url)
	res, err := tm.sync()
	if err != nil || res.Resent != 4 || res.FullPull == "" {
		t.Fatalf("round: %+v, %v", res, err)
	}
	checkConverged(t, h.db, tm)
	if e, _ := tm.db.HubEpoch(ctx); e != h.db.Epoch() {
		t.Fatalf("station's epoch %q, hub's %q", e, h.db.Epoch())
	}
}

// failingPulls is a hub connection whose pulls fail after the first few:
// the network drops in the middle of a full re-pull.
type failingPulls struct {
	sync.Hub
	pulls *int
	after int
}

func (f failingPulls) Pull(ctx context.Context, cursor string, limit int) (wire.PullResponse, error) {
	if *f.pulls++; *f.pulls > f.after {
		return wire.PullResponse{}, core.Errorf(core.EUNAVAILABLE, "hub_unreachable", "cut")
	}
	return f.Hub.Pull(ctx, cursor, limit)
}

// TestFullRePullReplacesOnlyAtItsEnd: a full re-pull cut in the middle
// leaves the station working on its old copy (nothing removed yet); the
// next round finishes it and only then removes what the hub no longer has.
func TestFullRePullReplacesOnlyAtItsEnd(t *testing.T) {
	h := startHub(t, hubtest.SQLiteDSN(t))
	hubtest.Seed(t, h.db, "L1", 8)
	hubtest.Seed(t, h.db, "L2", 5)
	tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
	tm.mustSync()
	moved, token, err := h.db.Enroll(ctx, "L2", "Pack 1")
	if err != nil {
		t.Fatal(err)
	}
	tm.term, tm.token = moved, token
	if err := tm.db.SetTerminal(ctx, moved); err != nil {
		t.Fatal(err)
	}
	tm.connect(h.url)
	pulls := 0
	cut := failingPulls{Hub: tm.client, pulls: &pulls, after: 3} // the refusal, then two pages
	if _, err := sync.Round(ctx, tm.db, cut, sync.RoundOptions{PageLen: 10}); err == nil {
		t.Fatal("a round whose pull was cut succeeded")
	}
	if got := stationRows(t, tm, "SELECT external_id FROM orders WHERE external_id LIKE 'L1%'"); len(got) != 8 {
		t.Fatalf("in the middle of the re-pull the station has %d of its 8 L1 orders: it was not replaced at the end", len(got))
	}
	if why, _ := tm.db.FullPull(ctx); why == "" {
		t.Fatal("the station forgot that a full re-pull is under way")
	}
	res := tm.mustSync()
	if res.FullPull != "" {
		t.Fatalf("the re-pull started over instead of continuing: %+v", res)
	}
	if got := stationRows(t, tm, "SELECT external_id FROM orders WHERE external_id LIKE 'L1%'"); len(got) != 0 {
		t.Fatalf("after the re-pull the station still has L1 orders %v", got)
	}
	if got := stationRows(t, tm, "SELECT external_id FROM orders WHERE external_id LIKE 'L2%'"); len(got) != 5 {
		t.Fatalf("after the re-pull the station has L2 orders %v; want 5", got)
	}
}

// TestNewEpochOnEveryBackend: after `hub epoch --rotate` (a PostgreSQL
// hub restored by its administrator), stations pull everything again and
// check with the hub what it holds, on both backends.
func TestNewEpochOnEveryBackend(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			h := startHub(t, b.DSN(t))
			hubtest.Seed(t, h.db, "L1", 4)
			tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
			tm.note(3)
			tm.mustSync()
			if _, err := h.db.RotateEpoch(ctx, "restored by the administrator"); err != nil {
				t.Fatal(err)
			}
			tm.note(1)
			res := tm.mustSync()
			if res.FullPull == "" || res.Resent != 0 || res.Pushed != 1 {
				t.Fatalf("round in the new epoch: %+v", res)
			}
			if e, _ := tm.db.HubEpoch(ctx); e != h.db.Epoch() {
				t.Fatalf("station's epoch %q, hub's %q", e, h.db.Epoch())
			}
			checkConverged(t, h.db, tm)
		})
	}
}
