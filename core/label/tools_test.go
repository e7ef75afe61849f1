package label

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The rendering tests check our output with independent programs:
// pdftoppm, pdftotext and pdfinfo (poppler-utils), zbarimg (zbar-tools) and
// dmtxread (dmtx-utils). Missing tools fail the test under CI=true and
// skip it otherwise.
func requireTool(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (apt-get install poppler-utils zbar-tools dmtx-utils): %v", name, err)
			}
			t.Skipf("%s is not installed; install poppler-utils, zbar-tools and dmtx-utils to run this test", name)
		}
	}
}

func runTool(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// writeTemp stores a document in the test's temp dir and returns its path.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// rasterize renders every page of a PDF to a 300 dpi grey PNG and returns
// the files in page order.
func rasterize(t *testing.T, pdf []byte) []string {
	t.Helper()
	requireTool(t, "pdftoppm")
	path := writeTemp(t, "doc.pdf", pdf)
	prefix := filepath.Join(filepath.Dir(path), "page")
	runTool(t, "pdftoppm", "-r", "300", "-gray", "-png", path, prefix)
	pngs, err := filepath.Glob(prefix + "*.png")
	if err != nil || len(pngs) == 0 {
		t.Fatalf("pdftoppm made no pages (%v)", err)
	}
	sort.Strings(pngs) // page-1, page-2, … (zero-padded by pdftoppm)
	return pngs
}

// symbol is one barcode zbarimg found.
type symbol struct {
	Type      string `xml:"type,attr"`
	Modifiers string `xml:"modifiers,attr"`
	Data      string `xml:"data"`
}

// zbar decodes the barcodes in a PNG with zbarimg. zbarimg exits 4 when it
// finds nothing, which is reported as no symbols.
func zbar(t *testing.T, png string) []symbol {
	t.Helper()
	requireTool(t, "zbarimg")
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("zbarimg", "--xml", "-q", "--nodbus", png)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 4 {
			t.Fatalf("zbarimg %s: %v\n%s", png, err, stderr.String())
		}
	}
	var doc struct {
		Symbols []symbol `xml:"source>index>symbol"`
	}
	if err := xml.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("zbarimg output: %v\n%s", err, stdout.String())
	}
	return doc.Symbols
}

// dmtx decodes the first DataMatrix symbol in a PNG with dmtxread. It
// scans at half resolution (labels use 0.75 mm modules, 4 pixels even so)
// and gives up after 15 s: dmtxread searches a page without a symbol for
// minutes.
func dmtx(t *testing.T, png string) []string {
	t.Helper()
	requireTool(t, "dmtxread")
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("dmtxread", "-n", "-N1", "-S2", "-m", "15000", png)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run() // exits non-zero when nothing is found: checked by the caller
	return strings.Fields(stdout.String())
}

// pdfText extracts the text of a PDF with pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	requireTool(t, "pdftotext")
	return string(runTool(t, "pdftotext", "-enc", "UTF-8", writeTemp(t, "text.pdf", pdf), "-"))
}

// pdfInfo returns pdfinfo's fields ("Pages", "Page size", …).
func pdfInfo(t *testing.T, pdf []byte) map[string]string {
	t.Helper()
	requireTool(t, "pdfinfo")
	info := map[string]string{}
	for _, line := range strings.Split(string(runTool(t, "pdfinfo", writeTemp(t, "info.pdf", pdf))), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

func assertContains(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q; it is:\n%s", w, text)
		}
	}
}
