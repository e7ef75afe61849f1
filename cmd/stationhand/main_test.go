package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary is the stationhand command built for these tests: the tests run it
// as a script or a support person would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "stationhand-cmd")
	if err != nil {
		panic(err)
	}
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
