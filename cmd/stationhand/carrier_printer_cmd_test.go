package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLabelSetupCarrierPrinter: the demo station has a ZPL folder printer
// for carrier labels; label-setup shows it and sets another (ZPL unless
// told, at the --printer-dpi given), and refuses a printer it cannot name.
func TestLabelSetupCarrierPrinter(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "station.db")
	if out, code := run(t, "seed", "--db", dbPath); code != 0 {
		t.Fatalf("seed: %s", out)
	}
	out, code := run(t, "label-setup", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "carrier labels: folder "+filepath.Join(dir, "printed")+", ZPL at 203 dpi") {
		t.Fatalf("label-setup: %d\n%s", code, out)
	}
	zebra := filepath.Join(dir, "zebra")
	out, code = run(t, "label-setup", "--db", dbPath, "--carrier-printer", "folder:"+zebra, "--printer-dpi", "300")
	if code != 0 || !strings.Contains(out, "carrier labels: folder "+zebra+", ZPL at 300 dpi") ||
		!strings.Contains(out, "printer:    folder "+filepath.Join(dir, "printed")+", PDF") {
		t.Fatalf("label-setup --carrier-printer: %d\n%s", code, out)
	}
	if out, code = run(t, "label-setup", "--db", dbPath, "--carrier-printer", "usb:lp0"); code != 1 || !strings.Contains(out, "not known") {
		t.Fatalf("label-setup --carrier-printer usb:lp0: %d\n%s", code, out)
	}
}
