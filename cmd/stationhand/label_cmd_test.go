package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sscc"
)

// needTools fails under CI=true, and skips otherwise, when a program the
// test checks the output with is missing.
func needTools(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (apt-get install poppler-utils zbar-tools): %v", name, err)
			}
			t.Skipf("%s is not installed: install poppler-utils and zbar-tools to run this test", name)
		}
	}
}

// packDemoOrder picks and packs a demo order through the store as the
// stations would, in two packages (its first line alone in the first),
// and returns the SSCCs of its packages.
func packDemoOrder(t *testing.T, dbPath, ref string) []string {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The labels are what this test is about, not the weights it types.
	if err := db.SetSetting(ctx, sqlite.SettingWeightTolerance, "off"); err != nil {
		t.Fatal(err)
	}
	batch, err := db.ClaimOrders(ctx, 1, ref)
	if err != nil {
		t.Fatal(err)
	}
	scanned := func(code string) scan.Code {
		c, err := scan.Parse(code)
		if err != nil {
			t.Fatalf("parse %s: %v", code, err)
		}
		return c
	}
	for n := 0; n < 200; n++ {
		b, err := db.Batch(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		s := b.Next()
		var code string
		switch s.Kind {
		case pick.StepTote:
			code = "TOTE-L" + ref
		case pick.StepBin:
			code = s.Expect[0]
		case pick.StepItem:
			code = gs1Unit(s.Task.GTIN, s.Task.CaptureLot || s.Task.CaptureExpiry, s.Task.CaptureSerial, fmt.Sprintf("S%d%d", s.Task.ID, s.Task.Picked))
		}
		if s.Kind == pick.StepDone {
			break
		}
		if _, err := db.PickScan(ctx, batch, scanned(code)); err != nil {
			t.Fatalf("pick scan %s: %v", code, err)
		}
	}
	o, err := db.PackOpen(ctx, 2, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Lines) < 2 {
		t.Fatalf("order %s has %d line(s): choose one with two or more", ref, len(o.Lines))
	}
	if _, err := db.PackPlan(ctx, ref, 2); err != nil {
		t.Fatal(err)
	}
	var ssccs []string
	for i, l := range o.Lines {
		for u := 0; u < l.Picked; u++ {
			serial := ""
			if u < len(l.Serials) {
				serial = l.Serials[u]
			}
			if _, err := db.PackScan(ctx, ref, scanned(gs1Unit(l.GTIN, false, l.CaptureSerial, serial))); err != nil {
				t.Fatalf("pack scan: %v", err)
			}
		}
		if i == 0 || i == len(o.Lines)-1 {
			res, err := db.PackClose(ctx, ref, "L", 900+100*i)
			if err != nil {
				t.Fatalf("close: %v", err)
			}
			ssccs = append(ssccs, res.Labels[0].SSCC)
		}
	}
	return ssccs
}

func gs1Unit(gtin string, lotExpiry, serialised bool, serial string) string {
	if !lotExpiry && !serialised {
		return gtin
	}
	code := fmt.Sprintf("(01)%014s", gtin)
	if lotExpiry {
		code += "(17)301231(10)L1"
	}
	if serialised {
		code += "(21)" + serial
	}
	return code
}

// zbarSymbol is one barcode zbarimg found.
type zbarSymbol struct {
	Type      string `xml:"type,attr"`
	Modifiers string `xml:"modifiers,attr"`
	Data      string `xml:"data"`
}

func zbarPage(t *testing.T, png string) []zbarSymbol {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command("zbarimg", "--xml", "-q", "--nodbus", png)
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 4 { // 4: nothing found
			t.Fatalf("zbarimg: %v", err)
		}
	}
	var doc struct {
		Symbols []zbarSymbol `xml:"source>index>symbol"`
	}
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("zbarimg output: %v", err)
	}
	return doc.Symbols
}

func TestLabelCommand(t *testing.T) {
	needTools(t, "pdftotext", "pdftoppm", "zbarimg")
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "station.db")
	if out, code := run(t, "seed", "--db", dbPath); code != 0 {
		t.Fatalf("seed: %s", out)
	}
	// The demo store numbers SSCCs from GS1's example prefix, terminal 1.
	out, code := run(t, "label-setup", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "prefix 0614141") || !strings.Contains(out, "Stationhand Demo Store") ||
		!strings.Contains(out, "printer:    folder "+filepath.Join(dir, "printed")+", PDF") {
		t.Fatalf("label-setup: %d\n%s", code, out)
	}
	// A Zebra on a folder stands in for the real thing: its test page is ZPL.
	zebraDir := filepath.Join(dir, "zebra")
	out, code = run(t, "label-setup", "--db", dbPath, "--printer", "folder:"+zebraDir, "--printer-format", "zpl", "--printer-dpi", "300", "--test-print")
	if code != 0 || !strings.Contains(out, "ZPL at 300 dpi") || !strings.Contains(out, "test page:  printed") {
		t.Fatalf("label-setup --test-print: %d\n%s", code, out)
	}
	if pages, _ := filepath.Glob(filepath.Join(zebraDir, "*.zpl")); len(pages) != 1 {
		t.Fatalf("test pages in the folder: %v", pages)
	}
	if out, code = run(t, "label-setup", "--db", dbPath, "--printer", "usb:lp0"); code != 1 || !strings.Contains(out, "not known") {
		t.Fatalf("a bad printer: %d\n%s", code, out)
	}

	const ref = "W100004" // to ship, several lines
	// Not packed yet: a clear error and no file.
	pdfPath := filepath.Join(dir, "labels.pdf")
	out, code = run(t, "label", ref, "--format", "pdf", "--out", pdfPath, "--db", dbPath)
	if code != 1 || !strings.Contains(out, "Order "+ref+" is not packed yet") {
		t.Fatalf("label for an unpacked order: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(pdfPath); !os.IsNotExist(err) {
		t.Fatalf("a file was written for an unpacked order: %v", err)
	}
	if out, code = run(t, "label", "W999999", "--out", pdfPath, "--db", dbPath); code != 1 || !strings.Contains(out, "not known here") {
		t.Fatalf("label for an unknown order: exit %d\n%s", code, out)
	}

	ssccs := packDemoOrder(t, dbPath, ref)
	if len(ssccs) != 2 || !sscc.Valid(ssccs[0]) || !sscc.Valid(ssccs[1]) {
		t.Fatalf("packed with SSCCs %v", ssccs)
	}

	// PDF: a page per package, each with its own SSCC as GS1-128.
	out, code = run(t, "label", "ORD-"+ref, "--format", "pdf", "--out", pdfPath, "--db", dbPath)
	if code != 0 {
		t.Fatalf("label pdf: exit %d\n%s", code, out)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", pdfPath, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PKG 1 of 2", "PKG 2 of 2", ref, "Stationhand Demo Store", "(00) 0 0614141 "} {
		if !strings.Contains(string(text), want) {
			t.Fatalf("the labels do not say %q:\n%s", want, text)
		}
	}
	prefix := filepath.Join(dir, "page")
	if err := exec.Command("pdftoppm", "-r", "300", "-gray", "-png", pdfPath, prefix).Run(); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(prefix + "*.png")
	sort.Strings(pages)
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	for i, png := range pages {
		var found []string
		for _, s := range zbarPage(t, png) {
			if s.Type == "CODE-128" && strings.Contains(s.Modifiers, "GS1") {
				found = append(found, s.Data)
			}
		}
		if len(found) != 1 || found[0] != "00"+ssccs[i] {
			t.Fatalf("page %d: GS1-128 %v, want (00)%s", i+1, found, ssccs[i])
		}
	}

	// ZPL at 300 dpi (12 dots/mm: 1219 dots across 4 inches): a label
	// format per package, with its SSCC.
	zplPath := filepath.Join(dir, "labels.zpl")
	if out, code = run(t, "label", ref, "--format", "zpl", "--dpi", "300", "--out", zplPath, "--db", dbPath); code != 0 {
		t.Fatalf("label zpl: exit %d\n%s", code, out)
	}
	zpl, err := os.ReadFile(zplPath)
	if err != nil {
		t.Fatal(err)
	}
	z := string(zpl)
	if strings.Count(z, "^XA") != 2 || strings.Count(z, "^XZ") != 2 || !strings.Contains(z, "^PW1219") {
		t.Fatalf("ZPL structure:\n%s", z)
	}
	for _, s := range ssccs {
		if !strings.Contains(z, s) {
			t.Fatalf("ZPL lacks SSCC %s", s)
		}
	}
	if out, code = run(t, "label", ref, "--format", "png", "--out", zplPath, "--db", dbPath); code != 1 || !strings.Contains(out, "pdf or zpl") {
		t.Fatalf("unknown format: exit %d\n%s", code, out)
	}
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	o, err := db.Order(context.Background(), ref)
	if err != nil || o.Status != core.OrderPacked {
		t.Fatalf("order %s: %s, %v", ref, o.Status, err)
	}
}
