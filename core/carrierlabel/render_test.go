package carrierlabel

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/tracking"
)

var shipTo = core.Address{Name: "Somchai Jaidee", Line1: "99/1 Sukhumvit Road", City: "Bangkok", PostalCode: "10110", Country: "TH"}

// A PDF carrier label on A6 goes to the PDF printer as one 4x6 in page,
// scaled the same in both directions (the tracking number's printed text
// keeps its proportions), and its barcode still reads.
func TestPDFLabelScaledTo4x6(t *testing.T) {
	num, _ := tracking.UPS("999AA1", "01", 2345678)
	doc, err := demo.CarrierLabelPDF("UPS", "Ground", num, shipTo)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render(core.CarrierLabel{Carrier: "UPS", Tracking: num, Format: core.LabelFormatPDF, Document: doc}, FormatPDF, 0)
	if err != nil {
		t.Fatal(err)
	}
	sizes := pageSizes(t, out)
	if len(sizes) != 1 || math.Abs(sizes[0][0]-288) > 0.5 || math.Abs(sizes[0][1]-432) > 0.5 {
		t.Fatalf("pages %v, want one of 288 x 432 pt (4x6 in)", sizes)
	}
	w0, h0 := wordBox(t, doc, num)
	w1, h1 := wordBox(t, out, num)
	if sx, sy := w1/w0, h1/h0; math.Abs(sx-sy)/sx > 0.02 || sx < 0.9 {
		t.Errorf("the label was scaled %.3f across and %.3f down: distorted or not fitted", sx, sy)
	}
	if got := decodePDF(t, out); !slices.Contains(got, "CODE-128:"+num) {
		t.Errorf("the 4x6 page reads %v, want the tracking number %s", got, num)
	}
}

// A ZPL carrier label goes to a ZPL printer byte for byte, and zebrash
// renders a barcode zbarimg reads as its tracking number.
func TestZPLLabelRaw(t *testing.T) {
	num, _ := tracking.S10("EE", 12345678, "TH")
	doc := demo.CarrierLabelZPL("THP", "EMS", num, shipTo)
	out, err := Render(core.CarrierLabel{Carrier: "THP", Tracking: num, Format: core.LabelFormatZPL, Document: doc}, FormatZPL, 203)
	if err != nil || string(out) != string(doc) {
		t.Fatalf("Render = %d bytes, %v; want the document unchanged", len(out), err)
	}
	if got := renderZPL(t, out, 8); !slices.Contains(got, "CODE-128:"+num) {
		t.Errorf("the rendered ZPL reads %v, want %s", got, num)
	}
}

// renderZPL renders a 4x6 ZPL label with zebrash at dpmm dots per mm and
// returns what zbarimg reads on the picture.
func renderZPL(t *testing.T, zpl []byte, dpmm int) []string {
	t.Helper()
	requireTool(t, "node", "npm", "zbarimg")
	dir, _ := filepath.Abs("../../scripts/zpl-render")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "zpl-renderer-js")); err != nil {
		cmd := exec.Command("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if o, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, o)
		}
	}
	path := filepath.Join(t.TempDir(), "label.zpl")
	if err := os.WriteFile(path, zpl, 0o644); err != nil {
		t.Fatal(err)
	}
	if o, err := exec.Command("node", filepath.Join(dir, "render.js"), "101.6", "152.4", fmt.Sprintf("%d=%s", dpmm, path)).CombinedOutput(); err != nil {
		t.Fatalf("render.js: %v\n%s", err, o)
	}
	return zbar(t, path+".png")
}

// A PDF label for a ZPL printer is rasterised to a ^GF field at the
// printer's dpi, the size of the 4x6 stock, and the barcode in the
// picture still reads after an independent ZPL renderer printed it.
func TestPDFLabelRasterisedForZPL(t *testing.T) {
	num, _ := tracking.UPS("999AA1", "01", 2345678)
	doc, err := demo.CarrierLabelPDF("UPS", "Ground", num, shipTo)
	if err != nil {
		t.Fatal(err)
	}
	l := core.CarrierLabel{Carrier: "UPS", Tracking: num, Format: core.LabelFormatPDF, Document: doc}
	for _, head := range []struct{ dpi, dpmm int }{{203, 8}, {300, 12}} {
		zpl, err := Render(l, FormatZPL, head.dpi)
		if err != nil {
			t.Fatalf("%d dpi: %v", head.dpi, err)
		}
		if !bytes.HasPrefix(zpl, []byte(fmt.Sprintf("^XA^PW%d^LL%d", 4*head.dpi, 6*head.dpi))) || !bytes.Contains(zpl, []byte("^GFA,")) {
			t.Fatalf("%d dpi: the ZPL starts %q, want a 4x6 in ^GF label", head.dpi, zpl[:min(len(zpl), 60)])
		}
		if got := renderZPL(t, zpl, head.dpmm); !slices.Contains(got, "CODE-128:"+num) {
			t.Errorf("%d dpi: the rasterised label reads %v, want %s", head.dpi, got, num)
		}
	}
}

// A ZPL label cannot go to a PDF printer, and a bad document is refused
// before anything is queued.
func TestRenderRefuses(t *testing.T) {
	zpl := core.CarrierLabel{Carrier: "THP", Tracking: "EE123456785TH", Format: core.LabelFormatZPL, Document: []byte("^XA^XZ")}
	if _, err := Render(zpl, FormatPDF, 0); core.ErrorReason(err) != "carrier_label_needs_zpl" {
		t.Errorf("ZPL to a PDF printer: %v", err)
	}
	bad := core.CarrierLabel{Carrier: "UPS", Tracking: "1Z999AA10123456784", Format: core.LabelFormatPDF, Document: []byte("^XA^XZ")}
	if _, err := Render(bad, FormatPDF, 0); core.ErrorReason(err) != "bad_carrier_label" {
		t.Errorf("a ZPL document called PDF: %v", err)
	}
}
