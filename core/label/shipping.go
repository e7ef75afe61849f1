package label

import (
	"fmt"
	"io"
	"strconv"
)

// A 4x6 inch label, in millimetres.
const (
	labelW = 101.6
	labelH = 152.4
	margin = 4.0
)

// Sizes on the shipping label.
const (
	ssccModule = 0.5 // GS1 logistics labels: X from 0.495 mm
	// ssccHeight is the GS1 Logistic Label Guideline's 32 mm, a margin over
	// the General Specifications' minimum of 31.75 mm (ssccMinHeight) so
	// that rounding to printer dots or pixels never lands below it.
	ssccHeight    = 32.0
	ssccMinHeight = 31.75
	dmModule      = 0.75
	dmMaxSize     = 24.0
)

// WriteShippingLabelPDF writes l as a one-page 4x6 inch PDF.
func WriteShippingLabelPDF(w io.Writer, l ShippingLabel) error {
	return WriteShippingLabelsPDF(w, []ShippingLabel{l})
}

// WriteShippingLabelsPDF writes one PDF with a 4x6 inch page per label, in
// order: a batch for one print job. It writes nothing if any label is
// invalid.
func WriteShippingLabelsPDF(w io.Writer, ls []ShippingLabel) error {
	if len(ls) == 0 {
		return invalid("no_labels", "There are no labels to print.")
	}
	pages := make([]page, len(ls))
	for i, l := range ls {
		p, err := shippingLabelPage(l)
		if err != nil {
			return err
		}
		pages[i] = p
	}
	return writePDF(w, pages)
}

// ShippingLabelZPL returns l as a ZPL II label format (^XA … ^XZ) for a
// Zebra printer with 4x6 inch media at dpi 203, 300 or 600 (8, 12 or 24 dots/mm).
func ShippingLabelZPL(l ShippingLabel, dpi int) ([]byte, error) {
	p, err := shippingLabelPage(l)
	if err != nil {
		return nil, err
	}
	return writeZPL(p, dpi)
}

// shippingLabelPage lays out a shipping label: ship-from and service at
// the top, ship-to, order and shipment reference with its DataMatrix, and
// the SSCC as GS1-128 at the bottom.
func shippingLabelPage(l ShippingLabel) (page, error) {
	if err := l.Validate(); err != nil {
		return page{}, err
	}
	p := page{W: labelW, H: labelH}
	right := labelW - margin
	colX := 64.0

	// Ship-from, top left.
	p.text(margin, 7, bold, 7, "FROM")
	name, rest, city, country := addressLines(l.From)
	var from []blockLine
	for _, s := range append(append([]string{name}, rest...), city, country) {
		from = append(from, blockLine{s, regular, 8})
	}
	if !p.block(from, margin, 7.1, 29, colX-margin-2, 6) {
		return page{}, invalid("address_too_long", "The sender's address is too long to print on the label, even in the smallest type; shorten it.")
	}
	p.add(&boxElem{X: colX - 1.5, Y: margin, W: 0.3, H: 30 - margin})

	// Carrier, service, weight, package n of m, top right.
	colW := right - colX
	if l.Carrier != "" {
		s, size := p.fit(bold, clean(l.Carrier), 10, 7, colW)
		p.text(colX, 8, bold, size, s)
	}
	if l.Service != "" {
		s, size := p.fit(bold, clean(l.Service), 14, 8, colW)
		p.text(colX, 14.5, bold, size, s)
	}
	if l.WeightG > 0 {
		p.text(colX, 20.5, regular, 10, weightText(l.WeightG))
	}
	p.text(colX, 27, bold, 12, fmt.Sprintf("PKG %d of %d", l.Package, l.Packages))
	p.rule(margin, 30, labelW-2*margin)

	// Ship-to.
	p.text(margin, 34.5, bold, 7, "SHIP TO")
	width := labelW - 2*margin
	name, rest, city, country = addressLines(l.To)
	to := []blockLine{{name, bold, 16}}
	for _, s := range rest {
		to = append(to, blockLine{s, regular, 12})
	}
	to = append(to, blockLine{city, bold, 14}, blockLine{country, bold, 12})
	if !p.block(to, margin, 34.5, 74, width, 7) {
		return page{}, invalid("address_too_long", "The ship-to address is too long to print on the label, even in the smallest type; shorten it.")
	}
	p.rule(margin, 75, width)

	// Order and shipment reference, with the reference as DataMatrix.
	rows, err := dmMatrix(l.ShipmentRef)
	if err != nil {
		return page{}, err
	}
	module := min(dmModule, dmMaxSize/float64(len(rows)))
	dm := &matrixElem{Module: module, Rows: rows, Sym: symDataMatrix, Data: l.ShipmentRef}
	dm.X, dm.Y = right-dm.size()-2*module, 90.5-dm.size()/2
	p.add(dm)
	textW := dm.X - 2*module - margin - 2
	p.text(margin, 79.5, bold, 7, "ORDER")
	s, size := p.fit(bold, clean(l.OrderRef), 16, 8, textW)
	p.text(margin, 86.5, bold, size, s)
	p.text(margin, 92.5, bold, 7, "SHIPMENT")
	s, size = p.fit(regular, l.ShipmentRef, 10, 6, textW)
	p.text(margin, 98, regular, size, s)
	p.rule(margin, 105, width)

	// SSCC as GS1-128, centred, with its human-readable line.
	bars, zpl, err := gs1SSCC(l.SSCC)
	if err != nil {
		return page{}, err
	}
	b := &barsElem{Y: 111, H: ssccHeight, Module: ssccModule, Bars: bars, ZPL: zpl}
	b.X = (labelW - b.width()) / 2
	p.add(b)
	p.text(margin, 109.5, bold, 7, "SSCC")
	p.textCenter(labelW/2, b.Y+b.H+5, bold, 11, SSCCText(l.SSCC, l.CompanyPrefixLen))
	return p, nil
}

// weightText is a package weight for the label: grams below 1 kg, else
// kilograms ("1.25 kg").
func weightText(g int) string {
	if g < 1000 {
		return strconv.Itoa(g) + " g"
	}
	return strconv.FormatFloat(float64(g)/1000, 'f', -1, 64) + " kg"
}
