package carrierlabel

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"

	"github.com/boombuler/barcode/code128"
	"github.com/jung-kurt/gofpdf"

	"github.com/stationhand/stationhand/core"
)

// SamplePDF makes a carrier label as a carrier's API returns one, for demo
// data and tests: an A6 page (105x148 mm, as many European carriers issue
// it, so printing must scale it to 4x6) with the carrier, service,
// address and the tracking number as a Code 128 barcode.
func SamplePDF(carrier, service, tracking string, to core.Address) ([]byte, error) {
	bc, err := code128.Encode(tracking)
	if err != nil {
		return nil, fmt.Errorf("carrier label barcode %s: %w", tracking, err)
	}
	pdf := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: 105, Ht: 148}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetFont("Helvetica", "B", 22)
	pdf.Text(6, 14, tr(carrier))
	pdf.SetFont("Helvetica", "", 12)
	pdf.Text(6, 21, tr(service))
	pdf.Line(4, 25, 101, 25)
	pdf.SetFont("Helvetica", "", 10)
	pdf.Text(6, 31, "SHIP TO:")
	pdf.SetFont("Helvetica", "B", 12)
	y := 37.0
	for _, line := range []string{to.Name, to.Line1, to.Line2, strings.TrimSpace(to.PostalCode + " " + to.City), to.Country} {
		if strings.TrimSpace(line) == "" {
			continue
		}
		pdf.Text(6, y, tr(line))
		y += 5.5
	}
	pdf.Line(4, 70, 101, 70)
	// The barcode: 0.33 mm modules, 30 mm tall, 10 modules of quiet zone.
	const module, barH, top = 0.33, 30.0, 78.0
	w := bc.Bounds().Dx()
	x0 := (105 - float64(w)*module) / 2
	pdf.SetFillColor(0, 0, 0)
	for x := 0; x < w; x++ {
		if bc.At(x, 0) == color.Black || isDark(bc.At(x, 0)) {
			pdf.Rect(x0+float64(x)*module, top, module, barH, "F")
		}
	}
	pdf.SetFont("Courier", "B", 12)
	tw := pdf.GetStringWidth(tracking)
	pdf.Text((105-tw)/2, top+barH+6, tracking)
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("carrier label %s: %w", tracking, err)
	}
	return out.Bytes(), nil
}

func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r+g+b < 3*0x8000
}

// SampleZPL makes a 4x6 carrier label in ZPL at 203 dpi, as a carrier's
// API returns one for a thermal printer.
func SampleZPL(carrier, service, tracking string, to core.Address) []byte {
	clean := func(s string) string { return strings.NewReplacer("^", " ", "~", " ").Replace(s) }
	var b strings.Builder
	b.WriteString("^XA^CI28^PW812^LL1218\n")
	fmt.Fprintf(&b, "^FO40,40^A0N,60,60^FD%s^FS\n", clean(carrier))
	fmt.Fprintf(&b, "^FO40,110^A0N,34,34^FD%s^FS\n", clean(service))
	b.WriteString("^FO30,160^GB752,3,3^FS\n^FO40,180^A0N,26,26^FDSHIP TO:^FS\n")
	y := 220
	for _, line := range []string{to.Name, to.Line1, to.Line2, strings.TrimSpace(to.PostalCode + " " + to.City), to.Country} {
		if strings.TrimSpace(line) == "" {
			continue
		}
		fmt.Fprintf(&b, "^FO40,%d^A0N,32,32^FD%s^FS\n", y, clean(line))
		y += 42
	}
	b.WriteString("^FO30,480^GB752,3,3^FS\n")
	fmt.Fprintf(&b, "^FO60,540^BY3^BCN,260,N,N,N^FD%s^FS\n", clean(tracking))
	fmt.Fprintf(&b, "^FO60,830^A0N,40,40^FD%s^FS\n", clean(tracking))
	b.WriteString("^XZ\n")
	return []byte(b.String())
}
