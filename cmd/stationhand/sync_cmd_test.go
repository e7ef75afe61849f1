package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

func TestSyncOnce(t *testing.T) {
	ctx := context.Background()
	db := hubtest.Backends()[0].Open(t)
	hubtest.Seed(t, db, "L1", 12)
	term, token, err := db.Enroll(ctx, "L1", "Pack 1")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hub.NewServer(db, nil))
	defer srv.Close()
	station := filepath.Join(t.TempDir(), "station.db")

	if out, code := run(t, "sync", "--db", station, "--once"); code != 1 || !strings.Contains(out, "not connected to a hub") {
		t.Fatalf("sync before setup: %d %q", code, out)
	}
	if out, code := run(t, "sync", "--db", station, "--hub", srv.URL, "--token", token, "--once"); code != 2 || !strings.Contains(out, "--token-file") {
		t.Fatalf("a token on the command line: %d %q", code, out)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := run(t, "sync", "--db", station, "--hub", srv.URL, "--token-file", tokenFile, "--once")
	if code != 0 || !strings.Contains(out, "synced with") || strings.Contains(out, token) {
		t.Fatalf("first sync: %d %q", code, out)
	}
	// The token is kept beside the database, for this user only, not in it.
	fi, err := os.Stat(station + ".token")
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", fi, err)
	}
	if raw, _ := os.ReadFile(station); bytes.Contains(raw, []byte(token)) {
		t.Fatal("the token is in the database file")
	}
	// The connection is remembered, and the station took the hub's identity.
	if out, code := run(t, "sync", "--db", station, "--once", "-q"); code != 0 || strings.Contains(out, "synced") {
		t.Fatalf("second sync: %d %q", code, out)
	}
	local, err := sqlite.Open(ctx, station)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := local.Terminal(ctx)
	counts, _ := local.Counts(ctx)
	if _, err := local.RecordEvent(ctx, core.EventStaffSignedIn, "", 1, map[string]int{"n": 1}); err != nil {
		t.Fatal(err)
	}
	local.Close()
	if got != term || counts["orders"] != 12 {
		t.Fatalf("station is %+v with %v, want %+v with 12 orders", got, counts, term)
	}

	srv.Close()
	out, code = run(t, "sync", "--db", station, "--once")
	if code != 1 || !strings.Contains(out, "cannot be reached") || !strings.Contains(out, "events waiting: 1") {
		t.Fatalf("sync with the hub down: %d %q", code, out)
	}
	if err := db.Revoke(ctx, term.ID); err != nil {
		t.Fatal(err)
	}
	srv2 := httptest.NewServer(hub.NewServer(db, nil))
	defer srv2.Close()
	out, code = run(t, "sync", "--db", station, "--hub", srv2.URL, "--once")
	if code != 1 || !strings.Contains(out, "revoked") {
		t.Fatalf("sync when revoked: %d %q", code, out)
	}
}
