package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sqlite/sqlitetest"
)

// setUpStore is a store that was opened (so it has its identity file), was
// enrolled, and holds the fixture and two events not sent yet; it is
// closed when returned.
func setUpStore(t *testing.T) (path string, unsent []core.Event) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), storePath)
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyChanges(ctx, fixture(t)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetTerminal(ctx, core.Terminal{ID: "t-7", Name: "Pack 7", Location: "L1"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, sqlite.SettingHubURL, "https://hub.example.com"); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		ev, err := db.RecordEvent(ctx, "note.added", "", 1, map[string]int{"n": i})
		if err != nil {
			t.Fatal(err)
		}
		unsent = append(unsent, ev)
	}
	if err := db.MarkPushed(ctx, unsent[0].Seq); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, unsent[1:]
}

func TestIdentityFileFollowsEnrolment(t *testing.T) {
	path, _ := setUpStore(t)
	id, ok, err := sqlite.ReadIdentity(path)
	if err != nil || !ok {
		t.Fatalf("no identity file: %v", err)
	}
	if id.TerminalID != "t-7" || id.TerminalName != "Pack 7" || id.Location != "L1" || id.HubURL != "https://hub.example.com" {
		t.Fatalf("identity %+v", id)
	}
	data, _ := os.ReadFile(sqlite.IdentityPath(path))
	if len(data) == 0 || contains(string(data), "token") {
		t.Fatalf("the identity file must hold no token: %s", data)
	}
}

func TestOpenRefusesALostDatabase(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		lose func(path string) error
	}{
		{"truncated to 0 bytes", func(p string) error { return os.Truncate(p, 0) }},
		{"missing", os.Remove},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, _ := setUpStore(t)
			if err := tc.lose(path); err != nil {
				t.Fatal(err)
			}
			before, statErr := os.Stat(path)
			db, err := sqlite.Open(ctx, path)
			if err == nil {
				term, _ := db.Terminal(ctx)
				db.Close()
				t.Fatalf("a lost database opened as a fresh store with terminal %s", term.ID)
			}
			if !errors.Is(err, sqlite.ErrStoreMissing) {
				t.Fatalf("got %v, want ErrStoreMissing", err)
			}
			after, err := os.Stat(path)
			if (statErr == nil) != (err == nil) || (err == nil && after.Size() != before.Size()) {
				t.Fatal("the refused open changed the file")
			}
		})
	}
	// Without an identity file (a store never opened) a new path is a new
	// store, as before.
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "new.db"))
	if err != nil {
		t.Fatalf("a new store: %v", err)
	}
	db.Close()
}

func TestCheckIntegrityFindsFlippedBytes(t *testing.T) {
	ctx := context.Background()
	path, _ := setUpStore(t)
	db := mustOpenPath(t, path)
	if err := db.CheckIntegrity(ctx); err != nil {
		t.Fatalf("a sound store: %v", err)
	}
	db.Close()

	sqlitetest.FlipTablePage(t, path, "orders")
	db = mustOpenPath(t, path)
	problems, err := db.QuickCheck(ctx)
	if err != nil || len(problems) == 0 {
		t.Fatalf("quick check on flipped bytes: %v %v", problems, err)
	}
	if err := db.CheckIntegrity(ctx); !sqlite.IsDamaged(err) || !errors.Is(err, sqlite.ErrDamaged) {
		t.Fatalf("CheckIntegrity: %v, want ErrDamaged", err)
	}
}

func TestOpenRefusesAFileThatIsNoDatabase(t *testing.T) {
	path, _ := setUpStore(t)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte("this is not SQLite"), 0) // the header
	f.Close()
	if _, err := sqlite.Open(context.Background(), path); !errors.Is(err, sqlite.ErrDamaged) {
		t.Fatalf("open: %v, want ErrDamaged", err)
	}
}

// Salvage reads from a damaged file what only the station knows, and
// Restore puts it into a fresh store: the settings, the SSCC counter, the
// unsent events under their own sequences, with the outbox going on above.
func TestSalvageKeepsUnsentEventsWithTheirSequences(t *testing.T) {
	ctx := context.Background()
	path, unsent := setUpStore(t)
	db := mustOpenPath(t, path)
	packSetup(t, db, 3)
	_, next, _, _ := db.SSCCRange(ctx)
	db.Close()
	sqlitetest.FlipTablePage(t, path, "orders")

	s, err := sqlite.Salvage(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) != 0 || len(s.Unsent) != len(unsent) || s.MaxSeq != unsent[len(unsent)-1].Seq {
		t.Fatalf("salvaged %d events up to %d, problems %v; want %d up to %d", len(s.Unsent), s.MaxSeq, s.Problems, len(unsent), unsent[len(unsent)-1].Seq)
	}
	fresh := mustOpenPath(t, filepath.Join(t.TempDir(), "fresh.db"))
	if err := fresh.Restore(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := fresh.PendingEvents(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(unsent) {
		t.Fatalf("restored %d unsent events, want %d", len(got), len(unsent))
	}
	for i, ev := range got {
		if ev.Seq != unsent[i].Seq || ev.ID != unsent[i].ID || string(ev.Payload) != string(unsent[i].Payload) || ev.Terminal != "t-7" {
			t.Fatalf("event %d restored as %+v, want %+v", i, ev, unsent[i])
		}
	}
	term, _ := fresh.Terminal(ctx)
	_, freshNext, ok, _ := fresh.SSCCRange(ctx)
	if term.ID != "t-7" || term.Location != "L1" || !ok || freshNext != next {
		t.Fatalf("restored terminal %+v, SSCC next %d (set %v); want t-7 and %d", term, freshNext, ok, next)
	}
	ev, err := fresh.RecordEvent(ctx, "note.added", "", 1, map[string]int{"n": 9})
	if err != nil || ev.Seq != s.MaxSeq+1 {
		t.Fatalf("next event %d (%v), want %d", ev.Seq, err, s.MaxSeq+1)
	}

	// Setting the damaged file aside renames, never deletes.
	aside, err := sqlite.SetAside(path, now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(aside); err != nil {
		t.Fatalf("the damaged file is not at %s: %v", aside, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the damaged file is still at %s", path)
	}
}
