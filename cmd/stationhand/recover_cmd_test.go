package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sqlite/sqlitetest"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// enrolledStation is a station enrolled with the hub, synced once (12
// orders), with two events recorded since: sent to the hub when pushed,
// else waiting in the outbox.
type enrolledStation struct {
	path     string
	terminal core.Terminal
	token    string
	unsent   []core.Event
}

func setUpStation(t *testing.T, hubDB *store.DB, hubURL, name string, pushed bool) enrolledStation {
	t.Helper()
	ctx := context.Background()
	term, token, err := hubDB.Enroll(ctx, "L1", name)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "station.db")
	if out, code := run(t, "sync", "--db", path, "--hub", hubURL, "--token-file", tokenFile(t, token), "--once"); code != 0 {
		t.Fatalf("first sync: %d %s", code, out)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s := enrolledStation{path: path, terminal: term, token: token}
	for i := range 2 {
		ev, err := db.RecordEvent(ctx, "note.added", "", 1, map[string]int{"n": i})
		if err != nil {
			t.Fatal(err)
		}
		s.unsent = append(s.unsent, ev)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if pushed {
		if out, code := run(t, "sync", "--db", path, "--once"); code != 0 || !strings.Contains(out, "pushed 2 events") {
			t.Fatalf("second sync: %d %s", code, out)
		}
	}
	if id, ok, err := sqlite.ReadIdentity(path); err != nil || !ok || id.TerminalID != term.ID || id.HubURL != hubURL || id.Location != "L1" {
		t.Fatalf("identity file after enrolment: %+v %v %v", id, ok, err)
	}
	return s
}

// refused checks that a command that opens the store refuses to run and
// names the way out.
func refused(t *testing.T, path, says string, args ...string) {
	t.Helper()
	out, code := run(t, append(args, "--db", path)...)
	if code != 1 || !strings.Contains(out, says) || !strings.Contains(out, "stationhand recover --db "+path) {
		t.Fatalf("%v on a damaged or lost database: exit %d, want 1 saying %q and the way out:\n%s", args, code, says, out)
	}
}

// recovered checks the rebuilt station: the same terminal, its orders
// pulled again, a sound file, and the outbox going on above the old
// sequences.
func recovered(t *testing.T, s enrolledStation) {
	t.Helper()
	ctx := context.Background()
	if out, code := run(t, "doctor", "--db", s.path); code != 0 || !strings.Contains(out, "integrity:      ok") {
		t.Fatalf("doctor after recover: exit %d\n%s", code, out)
	}
	db, err := sqlite.Open(ctx, s.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	term, _ := db.Terminal(ctx)
	counts, _ := db.Counts(ctx)
	if term != s.terminal || counts["orders"] != 12 {
		t.Fatalf("recovered station is %+v with %d orders, want %+v with 12", term, counts["orders"], s.terminal)
	}
	ev, err := db.RecordEvent(ctx, "note.added", "", 1, map[string]int{"n": 9})
	if err != nil {
		t.Fatal(err)
	}
	if last := s.unsent[len(s.unsent)-1].Seq; ev.Seq <= last {
		t.Fatalf("a new event got sequence %d, not above the old %d: the hub would take it for a replay", ev.Seq, last)
	}
	if out, code := run(t, "sync", "--db", s.path, "--once"); code != 0 {
		t.Fatalf("sync after recover: exit %d\n%s", code, out)
	}
	aside, _ := filepath.Glob(s.path + ".damaged-*")
	if len(aside) == 0 {
		t.Fatal("the damaged database was not kept")
	}
}

func TestRecoverFromDamagedOrLostDatabase(t *testing.T) {
	ctx := context.Background()
	hubDB := hubtest.Backends()[0].Open(t)
	hubtest.Seed(t, hubDB, "L1", 12)
	srv := httptest.NewServer(hub.NewServer(hubDB, nil))
	defer srv.Close()

	t.Run("flipped bytes in a table page", func(t *testing.T) {
		s := setUpStation(t, hubDB, srv.URL, "Pack 1", false)
		if out, code := run(t, "recover", "--db", s.path); code != 1 || !strings.Contains(out, "nothing to recover") {
			t.Fatalf("recover on a sound database: exit %d\n%s", code, out)
		}
		sqlitetest.FlipTablePage(t, s.path, "order_lines")
		out, code := run(t, "doctor", "--db", s.path)
		if code != 1 || !strings.Contains(out, "DAMAGED") || !strings.Contains(out, "quick_check") {
			t.Fatalf("doctor on a damaged database: exit %d\n%s", code, out)
		}
		refused(t, s.path, "damaged", "sync", "--once")
		refused(t, s.path, "damaged", "pickup")
		refused(t, s.path, "damaged") // the window

		out, code = run(t, "recover", "--db", s.path)
		if code != 0 || !strings.Contains(out, "2 unsent events kept (2 sent now, 0 still waiting)") {
			t.Fatalf("recover: exit %d\n%s", code, out)
		}
		// The unsent events reached the hub under their own sequences.
		held, err := hubDB.Events(ctx, s.terminal.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]string{}
		for _, e := range held {
			got[e.Seq] = e.ID
		}
		for _, e := range s.unsent {
			if got[e.Seq] != e.ID {
				t.Fatalf("the hub holds %q under sequence %d, want the kept event %s", got[e.Seq], e.Seq, e.ID)
			}
		}
		recovered(t, s)
	})

	t.Run("truncated to 0 bytes", func(t *testing.T) {
		s := setUpStation(t, hubDB, srv.URL, "Pack 2", true)
		if err := os.Truncate(s.path, 0); err != nil {
			t.Fatal(err)
		}
		refused(t, s.path, "empty", "sync", "--once")
		refused(t, s.path, "empty") // the window
		if fi, err := os.Stat(s.path); err != nil || fi.Size() != 0 {
			t.Fatalf("the refused start changed the file: %v %v", fi, err)
		}
		if out, code := run(t, "doctor", "--db", s.path); code != 1 || !strings.Contains(out, "empty") {
			t.Fatalf("doctor on an empty database: exit %d\n%s", code, out)
		}
		// Nothing can be read from it; the token lives beside it, and when
		// that file is lost too it must be given.
		if err := os.Remove(s.path + ".token"); err != nil {
			t.Fatal(err)
		}
		if out, code := run(t, "recover", "--db", s.path); code != 1 || !strings.Contains(out, "--token-file") {
			t.Fatalf("recover without a token: exit %d\n%s", code, out)
		}
		if out, code := run(t, "recover", "--db", s.path, "--token-file", tokenFile(t, s.token)); code != 0 || !strings.Contains(out, "nothing to salvage") {
			t.Fatalf("recover: exit %d\n%s", code, out)
		}
		recovered(t, s)
	})

	t.Run("missing with the identity file present", func(t *testing.T) {
		s := setUpStation(t, hubDB, srv.URL, "Pack 3", true)
		if err := os.Remove(s.path); err != nil {
			t.Fatal(err)
		}
		refused(t, s.path, "missing", "sync", "--once")
		refused(t, s.path, "missing", "label-setup")
		if _, err := os.Stat(s.path); !os.IsNotExist(err) {
			t.Fatalf("the refused start created a database: %v", err)
		}
		if out, code := run(t, "doctor", "--db", s.path); code != 1 || !strings.Contains(out, "missing") {
			t.Fatalf("doctor on a missing database: exit %d\n%s", code, out)
		}
		// The token file beside the lost database is still there.
		if out, code := run(t, "recover", "--db", s.path); code != 0 {
			t.Fatalf("recover: exit %d\n%s", code, out)
		}
		// Nothing to set aside: recovered() looks for the damaged copy, so
		// check the rest by hand.
		db, err := sqlite.Open(ctx, s.path)
		if err != nil {
			t.Fatal(err)
		}
		term, _ := db.Terminal(ctx)
		counts, _ := db.Counts(ctx)
		ev, err := db.RecordEvent(ctx, "note.added", "", 1, map[string]int{"n": 9})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if term != s.terminal || counts["orders"] != 12 || ev.Seq != 3 {
			t.Fatalf("recovered station is %+v with %d orders, next event %d; want %+v, 12, 3", term, counts["orders"], ev.Seq, s.terminal)
		}
	})
}

// TestRecoverMovesTheSSCCCounterPastWhatTheHubHolds: the counter read from
// a damaged database is behind the SSCCs this terminal labelled and sent
// (the file had lost its last commits). recover asks the hub and numbers on
// after the highest SSCC it holds from the terminal. Before, it kept the
// counter it read and printed those SSCCs again.
func TestRecoverMovesTheSSCCCounterPastWhatTheHubHolds(t *testing.T) {
	ctx := context.Background()
	hubDB := hubtest.Backends()[0].Open(t)
	hubtest.Seed(t, hubDB, "L1", 12)
	srv := httptest.NewServer(hub.NewServer(hubDB, nil))
	defer srv.Close()

	s := setUpStation(t, hubDB, srv.URL, "Pack 4", true)
	r, err := sscc.ForTerminal("0614141", 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	used, err := r.SSCC(r.First + 5)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, s.path)
	if err != nil {
		t.Fatal(err)
	}
	// A package labelled with the sixth SSCC of the range and sent to the
	// hub, whose counter the file then lost: the counter says the first.
	if _, err := db.RecordEvent(ctx, core.EventPackPackageClosed, "", 1, map[string]any{"package": 1, "packages": 1, "sscc": used}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if out, code := run(t, "sync", "--db", s.path, "--once"); code != 0 {
		t.Fatalf("sync: exit %d\n%s", code, out)
	}
	if db, err = sqlite.Open(ctx, s.path); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSSCCRange(ctx, r); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if mark, err := hubDB.LastSSCC(ctx, s.terminal.ID); err != nil || mark != used {
		t.Fatalf("the hub's SSCC mark for the terminal: %q, %v; want %s", mark, err, used)
	}
	sqlitetest.FlipTablePage(t, s.path, "order_lines")

	out, code := run(t, "recover", "--db", s.path)
	if code != 0 || !strings.Contains(out, "continues after "+used) {
		t.Fatalf("recover: exit %d, want it to say the counter continues after %s:\n%s", code, used, out)
	}
	db, err = sqlite.Open(ctx, s.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, next, ok, err := db.SSCCRange(ctx); err != nil || !ok || next != r.First+6 {
		t.Fatalf("SSCC counter after recover: next %d (%v, %v), want %d: past %s", next, ok, err, r.First+6, used)
	}
}

// tokenFile writes a token into a private file, as a supervisor hands it
// over (never on a command line).
func tokenFile(t *testing.T, token string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(f, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}
