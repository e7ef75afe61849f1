package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// TestClaims: `hub claims` lists who holds which order, `--release ORDER`
// gives an order back to the queue.
func TestClaims(t *testing.T) {
	ctx := context.Background()
	dsn := hubtest.SQLiteDSN(t)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	hubtest.Seed(t, db, "L1", 2)
	term, _, err := db.Enroll(ctx, "L1", "Pick 7")
	if err != nil {
		t.Fatal(err)
	}
	ref := hubtest.Order("L1", 1).ExternalID
	ev := core.Event{Seq: 1, ID: "claim-1", Type: core.EventPickClaimed, OrderID: ref, StaffID: 1, At: time.Now().UTC().Truncate(time.Millisecond)}
	if res, err := db.Push(ctx, term, []core.Event{ev}); err != nil || len(res.Rejections) != 0 {
		t.Fatalf("claim: %+v, %v", res, err)
	}
	db.Close()

	code, out, errOut := runHub(t, "claims", "--db", dsn)
	if code != 0 || !strings.Contains(out, ref) || !strings.Contains(out, "Pick 7") || !strings.Contains(out, "picking") {
		t.Fatalf("claims: %d %q %q", code, out, errOut)
	}
	if code, out, errOut = runHub(t, "claims", "--db", dsn, "--release", ref); code != 0 || !strings.Contains(out, "released "+ref) {
		t.Fatalf("claims --release: %d %q %q", code, out, errOut)
	}
	if code, out, _ = runHub(t, "claims", "--db", dsn); code != 0 || strings.Contains(out, ref) {
		t.Fatalf("claims after the release: %d %q", code, out)
	}
	if code, _, errOut = runHub(t, "claims", "--db", dsn, "--release", ref); code != 1 || !strings.Contains(errOut, "not claimed") {
		t.Fatalf("releasing it again: %d %q", code, errOut)
	}
}
