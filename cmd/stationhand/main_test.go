package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

// binary is the stationhand command built for these tests: the tests run it
// as a script or a support person would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "stationhand-cmd")
	if err != nil {
		panic(err)
	}
	// Commands run without --db open the per-user database: keep the
	// tests off this machine's own (another build may have migrated it).
	os.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	os.Unsetenv("STATIONHAND_DB")
	binary = filepath.Join(dir, "stationhand")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build stationhand: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), code
}

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		code string
		exit int
		want []string
	}{
		{"(01)09506000134352(10)ABC123", 0, []string{"(01)", "09506000134352", "(10)", "ABC123"}},
		{"]C1011231231231233310ABC123~99TESTING", 0, []string{"GS1-128", "(99)", "TESTING"}},
		{"(00)123456789012345675", 0, []string{"SSCC", "123456789012345675"}},
		{"(00)123456789012345670", 1, []string{"rejected", "check digit"}},
		{"(21)ABC123", 1, []string{"rejected"}},
		{"4006381333931", 0, []string{"EAN-13"}},
		{"BIN-A-01-1", 0, []string{"A-01-1"}},
	} {
		out, exit := run(t, "parse", tc.code)
		if exit != tc.exit {
			t.Errorf("parse %s: exit %d, want %d\n%s", tc.code, exit, tc.exit, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("parse %s: output lacks %q:\n%s", tc.code, w, out)
			}
		}
	}
	if _, exit := run(t, "parse"); exit != 2 {
		t.Errorf("parse without a code: exit %d, want 2", exit)
	}
}

// TestParseSaysWhichReading: `stationhand parse` says how it read a code
// that could be read more than one way, and consults a station database's
// catalogue for 8 digits that are both an EAN-8 and a UPC-E.
func TestParseSaysWhichReading(t *testing.T) {
	db := filepath.Join(t.TempDir(), "catalogue.db")
	for _, tc := range []struct {
		args []string
		exit int
		want []string
	}{
		{[]string{"parse", "--db", db, "01095060001343521726123110ABC123"}, 0, []string{"(10) BATCH/LOT: ABC123",
			"Read as: GS1 element string without symbology identifier: it parses as one, starting with AI (01)."}},
		{[]string{"parse", "--db", db, "4006381333931"}, 0, []string{"Read as: 13 digits without symbology identifier: EAN-13."}},
		{[]string{"parse", "--db", db, "TOTE-17"}, 0, []string{"Read as: own label: starts with TOTE-."}},
		{[]string{"parse", "--db", db, "]E3978030640615751295"}, 0, []string{"GTIN: 09780306406157", "Add-on: 51295"}},
		{[]string{"parse", "--db", db, "]C0123456789012345675"}, 1, []string{"rejected", "an SSCC as GS1-128 (]C1)"}},
		{[]string{"parse", "--db", db, "04250050"}, 1, []string{"rejected", "EAN-8 (GTIN 00000004250050) or a UPC-E (GTIN 00042500000050)", "the catalogue knows neither"}},
	} {
		out, exit := run(t, tc.args...)
		if exit != tc.exit {
			t.Errorf("%v: exit %d, want %d\n%s", tc.args, exit, tc.exit, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tc.args, w, out)
			}
		}
	}

	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	err = store.ApplyChanges(context.Background(), core.ChangeSet{Products: []core.Product{{SKU: "GUM", Name: "Gum", Codes: []string{"00042500000050"}}}})
	store.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, exit := run(t, "parse", "04250050", "--db", db)
	if exit != 0 || !strings.Contains(out, "UPC-E product code") || !strings.Contains(out, "GTIN: 00042500000050") ||
		!strings.Contains(out, "the catalogue knows the UPC-E product, not the EAN-8 one") {
		t.Errorf("parse with the UPC-E in the catalogue: exit %d\n%s", exit, out)
	}
}

func TestDoctorCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "doctor.db")
	out, exit := run(t, "doctor", "--db", db)
	if exit != 1 || !strings.Contains(out, "problem") {
		t.Fatalf("doctor on a missing database: exit %d\n%s", exit, out)
	}
	out, exit = run(t, "seed", "--db", db)
	if exit != 0 {
		t.Fatalf("seed: exit %d\n%s", exit, out)
	}
	out, exit = run(t, "doctor", "--db", db)
	if exit != 0 {
		t.Fatalf("doctor: exit %d\n%s", exit, out)
	}
	for _, w := range []string{db, "schema version:", "orders:         60", "products:       520", "bins:           212", "free disk:"} {
		if !strings.Contains(out, w) {
			t.Fatalf("doctor output lacks %q:\n%s", w, out)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	out, exit := run(t, "frobnicate")
	if exit != 2 || !strings.Contains(out, "unknown command") || !strings.Contains(out, "parse") {
		t.Fatalf("unknown command: exit %d\n%s", exit, out)
	}
}

// A station started in the C locale, or one Fyne has never heard of, says
// nothing about it: English, silently (issue 11).
func TestNoLocaleNoiseOnStartUp(t *testing.T) {
	for _, env := range [][]string{
		{"LANG=C"}, {"LANG=C.UTF-8"}, {"LC_ALL=C.UTF-8"}, {"LANG=POSIX"},
		{"LANG=xx_YY.UTF-8"}, {"LANG=en_US@euro"}, {"LANG=de_DE.UTF-8", "LANGUAGE=zz:qq"},
	} {
		cmd := exec.Command(binary, "parse", "ORD-1")
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Errorf("%v: parse: %v\n%s", env, err, stderr.String())
		}
		if stderr.Len() != 0 {
			t.Errorf("%v: stderr not empty:\n%s", env, stderr.String())
		}
		if !strings.Contains(stdout.String(), "Order code") {
			t.Errorf("%v: stdout %q lacks the parse result", env, stdout.String())
		}
	}
}
