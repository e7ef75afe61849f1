package carrierlabel

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The tests check printed labels with independent tools: pdfinfo and
// pdftoppm (poppler-utils), zbarimg (zbar-tools), and the zebrash ZPL
// renderer under Node.js (scripts/zpl-render, installed by
// scripts/deps.sh test). Without them the tests skip, except under
// CI=true, where they fail.

func requireTool(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (scripts/deps.sh test installs it)", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

// decodePDF renders each page of a PDF at 300 dpi and returns the Code
// 128 barcodes zbarimg reads on it.
func decodePDF(t testing.TB, pdf []byte) []string {
	t.Helper()
	requireTool(t, "pdftoppm", "zbarimg")
	dir := t.TempDir()
	in := filepath.Join(dir, "label.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "300", "-gray", "-png", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	var found []string
	for _, p := range pngs {
		found = append(found, zbar(t, p)...)
	}
	return found
}

// zbar returns what zbarimg reads in a PNG ("CODE-128:data" per symbol).
func zbar(t testing.TB, png string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("zbarimg", "--xml", "-q", "--nodbus", png)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 4 {
			t.Fatalf("zbarimg %s: %v\n%s", png, err, stderr.String())
		}
	}
	var doc struct {
		Symbols []struct {
			Type string `xml:"type,attr"`
			Data string `xml:"data"`
		} `xml:"source>index>symbol"`
	}
	if err := xml.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("zbarimg output: %v\n%s", err, stdout.String())
	}
	var out []string
	for _, s := range doc.Symbols {
		out = append(out, s.Type+":"+s.Data)
	}
	return out
}

// pageSizes returns the size of each page of a PDF in points, by pdfinfo.
func pageSizes(t testing.TB, pdf []byte) [][2]float64 {
	t.Helper()
	requireTool(t, "pdfinfo")
	in := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", "-f", "1", "-l", "99", in).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	var sizes [][2]float64
	for _, line := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(line, "Page") || !strings.Contains(line, "size:") {
			continue
		}
		f := strings.Fields(line[strings.Index(line, "size:")+5:])
		w, _ := strconv.ParseFloat(f[0], 64)
		h, _ := strconv.ParseFloat(f[2], 64)
		sizes = append(sizes, [2]float64{w, h})
	}
	return sizes
}

// wordBox returns the bounding box (width, height in points) of the first
// word of a PDF's text that equals word, by pdftotext -bbox.
func wordBox(t testing.TB, pdf []byte, word string) (w, h float64) {
	t.Helper()
	requireTool(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", in, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	var doc struct {
		Words []struct {
			XMin float64 `xml:"xMin,attr"`
			YMin float64 `xml:"yMin,attr"`
			XMax float64 `xml:"xMax,attr"`
			YMax float64 `xml:"yMax,attr"`
			Text string  `xml:",chardata"`
		} `xml:"body>doc>page>word"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	for _, wd := range doc.Words {
		if wd.Text == word {
			return wd.XMax - wd.XMin, wd.YMax - wd.YMin
		}
	}
	t.Fatalf("the PDF has no word %q", word)
	return 0, 0
}
