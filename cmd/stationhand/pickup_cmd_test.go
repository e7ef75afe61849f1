package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestPickupCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pickup.db")
	if out, exit := run(t, "seed", "--db", db); exit != 0 {
		t.Fatalf("seed: exit %d\n%s", exit, out)
	}
	out, exit := run(t, "pickup", "--db", db)
	if exit != 0 || !strings.Contains(out, "collection window: 7 days") || !strings.Contains(out, "queue:             0 orders") {
		t.Fatalf("pickup: exit %d\n%s", exit, out)
	}
	out, exit = run(t, "pickup", "--db", db, "--expiry-days", "3")
	if exit != 0 || !strings.Contains(out, "collection window: 3 days") {
		t.Fatalf("pickup --expiry-days 3: exit %d\n%s", exit, out)
	}
	out, exit = run(t, "pickup", "--db", db, "--expiry-days", "-2")
	if exit != 1 || !strings.Contains(out, "1 to 365 days") {
		t.Fatalf("pickup --expiry-days -2: exit %d\n%s", exit, out)
	}
	if out, _ := run(t, "pickup", "--db", db); !strings.Contains(out, "collection window: 3 days") {
		t.Fatalf("the window did not stay set:\n%s", out)
	}
}
