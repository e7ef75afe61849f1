package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinuxPackage unpacks the Linux package `make dist` makes and runs
// `stationhand --version` from it: the version must be the one the package
// was built as (git describe), and the package must install a .desktop
// file and the icon. CI (scripts/test.sh) builds the package first and
// names its folder in STATIONHAND_DIST; without it the test builds the
// package itself.
func TestLinuxPackage(t *testing.T) {
	dist := os.Getenv("STATIONHAND_DIST")
	if dist == "" {
		if testing.Short() {
			t.Skip("-short: builds the Linux package (scripts/dist.sh linux)")
		}
		dist = t.TempDir()
		build := exec.Command("../../scripts/dist.sh", "linux")
		build.Env = append(os.Environ(), "DIST_DIR="+dist)
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("scripts/dist.sh linux: %v\n%s", err, out)
		}
	}
	want, err := os.ReadFile(filepath.Join(dist, "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if out, err := exec.Command("tar", "-xJf", filepath.Join(dist, "stationhand-linux-amd64.tar.xz"), "-C", root).CombinedOutput(); err != nil {
		t.Fatalf("unpack: %v\n%s", err, out)
	}
	// fyne package puts everything under one folder (stationhand/) with
	// its Makefile for `sudo make install`.
	bins, _ := filepath.Glob(filepath.Join(root, "*", "usr", "local", "bin", "stationhand"))
	if len(bins) != 1 {
		t.Fatalf("no usr/local/bin/stationhand in the package: %v", bins)
	}
	pkg := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(bins[0]))))
	if _, err := os.Stat(filepath.Join(pkg, "Makefile")); err != nil {
		t.Fatalf("no Makefile to install with: %v", err)
	}
	bin := bins[0]
	// The packaged binary runs with a home of its own: no database of the
	// machine's user is touched.
	env := append(os.Environ(), "XDG_DATA_HOME="+t.TempDir(), "STATIONHAND_DB=")
	version := exec.Command(bin, "--version")
	version.Env = env
	out, err := version.Output() // stdout: Fyne may complain about the locale on stderr
	if err != nil || strings.TrimSpace(string(out)) != "stationhand "+strings.TrimSpace(string(want)) {
		t.Fatalf("%s --version: %q %v, want version %q", bin, out, err, want)
	}
	files, _ := filepath.Glob(filepath.Join(pkg, "usr", "local", "share", "applications", "*.desktop"))
	if len(files) != 1 {
		t.Fatalf("desktop files %v", files)
	}
	desktop, err := os.ReadFile(files[0])
	if err != nil || !strings.Contains(string(desktop), "Exec=stationhand") || !strings.Contains(string(desktop), "Icon=") {
		t.Fatalf("desktop file: %q %v", desktop, err)
	}
	icons, _ := filepath.Glob(filepath.Join(pkg, "usr", "local", "share", "pixmaps", "*.png"))
	if len(icons) == 0 {
		t.Fatal("no icon in the package")
	}
	// The binary runs a real command from the package too.
	parse := exec.Command(bin, "parse", "(00)106141411234567897")
	parse.Env = env
	if out, err := parse.CombinedOutput(); err != nil || !strings.Contains(string(out), "SSCC") {
		t.Fatalf("parse from the package: %q %v", out, err)
	}
}
