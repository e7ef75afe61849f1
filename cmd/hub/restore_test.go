package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRestoreAndEpoch: hub restore puts a backup in place with a new
// epoch; hub epoch shows it and --rotate starts another.
func TestRestoreAndEpoch(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hub.db")
	must := func(args ...string) string {
		t.Helper()
		code, out, errOut := runHub(t, args...)
		if code != 0 {
			t.Fatalf("hub %v: %d %s %s", args, code, out, errOut)
		}
		return out
	}
	must("locations", "--db", path, "add", "L1", "--name", "High Street")
	first := must("epoch", "--db", path)
	backup := filepath.Join(dir, "backup.db")
	must("locations", "--db", backup, "add", "L9", "--name", "Backup")
	before, _ := os.ReadFile(backup)
	out := must("restore", "--db", path, "--from", backup)
	if after, _ := os.ReadFile(backup); !bytes.Equal(before, after) {
		t.Fatal("restore changed the backup file")
	}
	if !strings.Contains(out, "new epoch") {
		t.Fatalf("restore: %q", out)
	}
	second := must("epoch", "--db", path)
	if second == first || !strings.Contains(second, "restored from the backup backup.db") {
		t.Fatalf("epoch after restore: %q (before: %q)", second, first)
	}
	if out := must("locations", "--db", path, "list"); !strings.Contains(out, "L9") || strings.Contains(out, "High Street") {
		t.Fatalf("locations after restore: %q", out)
	}
	if third := must("epoch", "--db", path, "--rotate"); third == second || !strings.Contains(third, "--rotate") {
		t.Fatalf("epoch --rotate: %q", third)
	}
	if code, _, errOut := runHub(t, "restore", "--db", "postgres://x@localhost/db", "--from", backup); code == 0 || !strings.Contains(errOut, "epoch --rotate") {
		t.Fatalf("restore of a PostgreSQL hub: %d %s", code, errOut)
	}
}
