package label

import (
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// printedDoc is one document the geometry tests render, with what its
// barcode must be.
type printedDoc struct {
	name string
	pdf  func() ([]byte, error)
	zpl  func(dpi int) ([]byte, error)

	code    string  // what zbarimg must read from the one 1D symbol
	gs1     bool    // the symbol is GS1-128 (FNC1 first)
	minBars float64 // mm: the least bar height the document promises
	dm      string  // DataMatrix data on the page, "" if none
}

// printedDocs are the documents a station prints with a 1D barcode: the
// shipping label (SSCC), bag tags with short, mixed, long-digit and ">"
// codes, and the test page.
func printedDocs() []printedDoc {
	var docs []printedDoc
	l := sampleLabel()
	docs = append(docs, printedDoc{
		name: "shipping label",
		pdf: func() ([]byte, error) {
			return pdfBytes(func(w io.Writer) error { return WriteShippingLabelPDF(w, l) })
		},
		zpl:  func(dpi int) ([]byte, error) { return ShippingLabelZPL(l, dpi) },
		code: "00" + l.SSCC, gs1: true,
		// The GS1 Logistic Label Guideline's 32 mm (the General
		// Specifications' minimum is 31.75 mm).
		minBars: 32,
		dm:      l.ShipmentRef,
	})
	for _, code := range []string{"BAG-WEB-100234-2", "0123456789012345678901234567890123456789", "P>77", "12345678901234567890ABCDEFGH"} {
		b := BagTag{OrderRef: "WEB-100234", CustomerName: "Zoë Großmann", Bag: 2, Bags: 3, BagCode: code}
		docs = append(docs, printedDoc{
			name:    "bag tag " + code,
			pdf:     func() ([]byte, error) { return pdfBytes(func(w io.Writer) error { return WriteBagTagPDF(w, b) }) },
			zpl:     func(dpi int) ([]byte, error) { return BagTagZPL(b, dpi) },
			code:    code,
			minBars: bagBarHeight,
		})
	}
	at := time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)
	docs = append(docs, printedDoc{
		name: "test page",
		pdf: func() ([]byte, error) {
			return pdfBytes(func(w io.Writer) error { return WriteTestPagePDF(w, "Pack 3", at) })
		},
		zpl:     func(dpi int) ([]byte, error) { return TestPageZPL("Pack 3", at, dpi) },
		code:    testCode,
		minBars: 25,
	})
	return docs
}

func pdfBytes(write func(io.Writer) error) ([]byte, error) {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// checkPrinted decodes the picture of a document with zbarimg and
// measures its 1D symbol: the data, quiet zones of at least 10 X on both
// sides, bars at least as tall as promised (and the GS1 minimum for an
// SSCC), X at least GS1's 0.495 mm for an SSCC, and the human-readable
// line under the bars centred on them. slackPx allows for a rasteriser
// rounding a vector edge to the next pixel; ZPL dots are exact.
func checkPrinted(t *testing.T, png string, d printedDoc, pxPerMM float64, slackPx int) {
	t.Helper()
	syms := zbar(t, png)
	if len(syms) != 1 || syms[0].Type != "CODE-128" || syms[0].Data != d.code {
		t.Errorf("%s: zbarimg read %+v, want one CODE-128 with %q", png, syms, d.code)
	} else if gs1 := strings.Contains(syms[0].Modifiers, "GS1"); gs1 != d.gs1 {
		t.Errorf("%s: GS1 (FNC1 first) is %v, want %v", png, gs1, d.gs1)
	}
	b := loadBitmap(t, png)
	found := findLinear(b, int(5*pxPerMM))
	if len(found) != 1 {
		t.Fatalf("%s: found %d bar code bands, want 1: %+v", png, len(found), found)
	}
	sym := found[0]
	if sym.modules() == 0 {
		t.Fatalf("%s: %d bars is no Code 128 symbol", png, sym.bars)
	}
	x := sym.moduleWidth()
	mm := func(px float64) float64 { return px / pxPerMM }
	slack := float64(slackPx)
	if float64(sym.quietL)+slack < 10*x || float64(sym.quietR)+slack < 10*x {
		t.Errorf("%s: quiet zones %.1f X left and %.1f X right (X = %.3f mm), want at least 10 X",
			png, float64(sym.quietL)/x, float64(sym.quietR)/x, mm(x))
	}
	height := float64(sym.bottom - sym.top)
	want := d.minBars
	if !d.gs1 {
		// ISO/IEC 15417: at least 15 % of the symbol's width.
		want = max(want, 0.15*mm(float64(sym.x1-sym.x0)))
	}
	if mm(height+slack) < want || (d.gs1 && mm(height) < ssccMinHeight) {
		t.Errorf("%s: bars %.2f mm tall, want at least %.2f mm", png, mm(height), want)
	}
	if d.gs1 && mm(x) < 0.495 {
		t.Errorf("%s: X = %.3f mm, want at least 0.495 mm for an SSCC", png, mm(x))
	}
	left, right, ok := b.darkSpan(sym.bottom+1, sym.bottom+int(8*pxPerMM))
	if !ok {
		t.Fatalf("%s: no human-readable line under the bars", png)
	}
	off := mm(float64(left+right+1)/2 - float64(sym.x0+sym.x1)/2)
	if math.Abs(off) > 1 {
		t.Errorf("%s: the human-readable line is %.1f mm off the bars' centre (text %d-%d px, bars %d-%d px)",
			png, off, left, right, sym.x0, sym.x1)
	}
	t.Logf("%s: X %.3f mm, bars %.2f mm, quiet zones %.1f X / %.1f X, text %+.2f mm off centre",
		d.name, mm(x), mm(height), float64(sym.quietL)/x, float64(sym.quietR)/x, off)
}

func docFile(d printedDoc, suffix string) string {
	return strings.NewReplacer(" ", "-", ">", "gt").Replace(d.name) + suffix
}

// TestPDFRastered rasterises every document with a barcode with pdftoppm
// at 150, 203 and 300 dpi, in grey and after a 1-bit threshold, and checks
// each picture as TestZPLRendered does: zbarimg reads the barcode, quiet
// zones of 10 X, bar heights, the human-readable line centred.
func TestPDFRastered(t *testing.T) {
	requireTool(t, "pdftoppm", "zbarimg")
	for _, d := range printedDocs() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			pdf, err := d.pdf()
			if err != nil {
				t.Fatal(err)
			}
			path := writeTemp(t, docFile(d, ".pdf"), pdf)
			for _, dpi := range []int{150, 203, 300} {
				prefix := strings.TrimSuffix(path, ".pdf") + "-" + strconv.Itoa(dpi)
				runTool(t, "pdftoppm", "-r", strconv.Itoa(dpi), "-gray", "-png", "-singlefile", path, prefix)
				grey := prefix + ".png"
				bitonal := prefix + "-1bit.png"
				writeBitmap(t, loadBitmap(t, grey), bitonal)
				for _, png := range []string{grey, bitonal} {
					checkPrinted(t, png, d, float64(dpi)/25.4, 1)
				}
			}
		})
	}
}
