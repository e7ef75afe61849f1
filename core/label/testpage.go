package label

import (
	"io"
	"time"
)

// testCode is the Code 128 data on the test print.
const testCode = "TEST-PRINT"

// testScripts is printed on the test page so a person can see at once that
// every script the labels need comes out.
const testScripts = "é ß ł Ж Ω 中文 かな"

// WriteTestPagePDF writes a 4x6 inch test print: the station name, the
// time, a line in every script labels use and a Code 128 barcode to try
// the scanner on.
func WriteTestPagePDF(w io.Writer, station string, at time.Time) error {
	return writePDF(w, []page{testPage(station, at)})
}

// TestPageZPL returns the test print as ZPL II for a 4x6 inch Zebra
// printer at dpi 203, 300 or 600 (8, 12 or 24 dots/mm).
func TestPageZPL(station string, at time.Time, dpi int) ([]byte, error) {
	return writeZPL(testPage(station, at), dpi)
}

func testPage(station string, at time.Time) page {
	p := page{W: labelW, H: labelH}
	width := labelW - 2*margin
	p.text(margin, 12, bold, 18, "Test print")
	p.rule(margin, 16, width)
	p.text(margin, 24, bold, 8, "STATION")
	s, size := p.fit(bold, clean(station), 16, 8, width)
	p.text(margin, 32, bold, size, s)
	p.text(margin, 40, bold, 8, "PRINTED")
	p.text(margin, 47, regular, 12, at.Format("2006-01-02 15:04:05 MST"))
	p.text(margin, 55, bold, 8, "SCRIPTS")
	p.text(margin, 63, regular, 14, testScripts)
	p.rule(margin, 70, width)
	bars, zpl, _ := code128Bars(testCode) // constant, known to encode
	b := centred1D(bars, zpl, 78, 25, 0.5)
	p.add(b)
	p.textCenter(labelW/2, b.Y+b.H+6, regular, 12, testCode)
	p.text(margin, 130, regular, 9, "If you can read every line and scan the barcode,")
	p.text(margin, 134.5, regular, 9, "this printer is ready for labels.")
	return p
}
