package demo

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"

	"github.com/boombuler/barcode/code128"
	"github.com/jung-kurt/gofpdf"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/tracking"
)

// CarrierLabelPDF makes a carrier label as a carrier's API returns one, for demo
// data and tests: an A6 page (105x148 mm, as many European carriers issue
// it, so printing must scale it to 4x6) with the carrier, service,
// address and the tracking number as a Code 128 barcode.
func CarrierLabelPDF(carrier, service, tracking string, to core.Address) ([]byte, error) {
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

// CarrierLabelZPL makes a 4x6 carrier label in ZPL at 203 dpi, as a carrier's
// API returns one for a thermal printer.
func CarrierLabelZPL(carrier, service, tracking string, to core.Address) []byte {
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

// WithCarrierLabels gives some shipping orders the carrier labels an
// order system bought in advance: the ship orders a UPS PDF label (1Z
// number with its check digit), most ship-from-store orders a Thailand
// Post EMS label (UPU S10 number with its check digit), half in ZPL, half
// in PDF. The others get their labels after packing.
func WithCarrierLabels(orders []core.Order) ([]core.Order, error) {
	for i := range orders {
		o := &orders[i]
		if o.Fulfillment == core.FulfillStorePickup {
			continue
		}
		var l core.CarrierLabel
		switch {
		case i%3 == 0:
			num, err := tracking.UPS("DEMO01", "03", 1000+i)
			if err != nil {
				return nil, err
			}
			doc, err := CarrierLabelPDF("UPS", "Ground", num, o.ShipTo)
			if err != nil {
				return nil, err
			}
			l = core.CarrierLabel{Carrier: "UPS", Service: "Ground", Tracking: num, Format: core.LabelFormatPDF, Document: doc}
		case i%3 == 2 && i%4 != 3:
			num, err := tracking.S10("EE", 4200000+i, "TH")
			if err != nil {
				return nil, err
			}
			l = core.CarrierLabel{Carrier: "THP", Service: "EMS", Tracking: num, Format: core.LabelFormatPDF}
			if i%2 == 0 {
				l.Format, l.Document = core.LabelFormatZPL, CarrierLabelZPL("THP", "EMS", num, o.ShipTo)
			} else if l.Document, err = CarrierLabelPDF("THP", "EMS", num, o.ShipTo); err != nil {
				return nil, err
			}
		default:
			continue
		}
		o.CarrierLabels = append(o.CarrierLabels, l)
	}
	return orders, nil
}
