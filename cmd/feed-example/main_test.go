package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// TestExampleConsumerReadsTheFeed runs the example's polling loop against a
// real hub: it handles every event and keeps the last position as its
// cursor, and a second run from that cursor handles nothing again.
func TestExampleConsumerReadsTheFeed(t *testing.T) {
	ctx := context.Background()
	db := hubtest.Backend{Name: "sqlite", DSN: hubtest.SQLiteDSN}.Open(t)
	hubtest.Seed(t, db, "L1", 0)
	staff, _ := db.Staff(ctx, "L1")
	term, _, err := db.Enroll(ctx, "L1", "A")
	if err != nil {
		t.Fatal(err)
	}
	var evs []core.Event
	for i := range 5 {
		p, _ := json.Marshal(core.StaffSignedIn{Method: "pin"})
		evs = append(evs, core.Event{Seq: int64(i + 1), ID: uuid.NewString(), Type: core.EventStaffSignedIn, StaffID: staff[0].ID,
			At: time.Now().UTC().Truncate(time.Millisecond), Payload: p})
	}
	if _, err := db.Push(ctx, term, evs); err != nil {
		t.Fatal(err)
	}
	_, token, err := db.CreateIntegration(ctx, "oms", "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hub.NewServer(db, nil))
	defer srv.Close()
	cursorFile := filepath.Join(t.TempDir(), "oms.cursor")
	var buf bytes.Buffer
	out = &buf
	for run := range 2 {
		buf.Reset()
		runCtx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		poll(runCtx, srv.URL, token, "", cursorFile)
		cancel()
		lines := strings.Count(buf.String(), "staff.signed_in")
		if want := []int{5, 0}[run]; lines != want {
			t.Fatalf("run %d handled %d events, want %d:\n%s", run+1, lines, want, buf.String())
		}
		if c := readCursor(cursorFile); c != db.Epoch()+".5" {
			t.Fatalf("run %d left cursor %q, want 5", run+1, c)
		}
	}
}
