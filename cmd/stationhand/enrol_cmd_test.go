package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestEnrolCommand enrols a station from the command line with the text of
// an enrolment code against a hub over TLS with its own CA, then syncs
// through the pinned CA. The token is never printed in full.
func TestEnrolCommand(t *testing.T) {
	ctx := context.Background()
	db := hubtest.Backends()[0].Open(t)
	hubtest.Seed(t, db, "L1", 4)
	cfg, ca, err := hub.AutoTLS(filepath.Join(t.TempDir(), "tls"), []string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(hub.NewServer(db, nil))
	srv.TLS = cfg
	srv.StartTLS()
	defer srv.Close()
	oneTime, _, err := db.CreateEnrolmentCode(ctx, "L1", "")
	if err != nil {
		t.Fatal(err)
	}
	code := enrol.Code{HubURL: srv.URL, Location: "L1", OneTime: oneTime, CAFingerprint: enrol.Fingerprint(ca)}.String()
	station := filepath.Join(t.TempDir(), "station.db")

	out, exit := run(t, "enrol", "--db", station, "--name", "Pack 9", code)
	if exit != 0 || !strings.Contains(out, "enrolled: Pack 9") || !strings.Contains(out, "characters") {
		t.Fatalf("enrol: %d %q", exit, out)
	}
	token, _ := os.ReadFile(station + ".token")
	if len(token) < 20 || strings.Contains(out, strings.TrimSpace(string(token))) {
		t.Fatalf("the token was printed in full: %q", out)
	}
	if out, exit := run(t, "sync", "--db", station, "--once"); exit != 0 || !strings.Contains(out, "synced with https://") {
		t.Fatalf("sync after enrolment: %d %q", exit, out)
	}
	ts, _ := db.Terminals(ctx, "L1")
	if len(ts) != 1 || ts[0].Version != "dev" {
		t.Fatalf("the hub's terminals: %+v", ts)
	}
	if out, exit := run(t, "enrol", "--db", station, code); exit != 1 || !strings.Contains(out, "already used") {
		t.Fatalf("enrol again with the same code: %d %q", exit, out)
	}
	// A plain-http hub on another machine is refused before anything is sent.
	if out, exit := run(t, "enrol", "--db", station, "--hub", "http://192.0.2.1:8080", "--code", "ABCD-EFGH-JKMN"); exit != 1 || !strings.Contains(out, "--insecure-http") {
		t.Fatalf("plain http hub: %d %q", exit, out)
	}
}
