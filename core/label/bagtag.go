package label

import (
	"fmt"
	"io"
)

// Sizes on the bag tag.
const (
	bagModule    = 0.5 // Code 128 X, shrunk for long codes
	bagBarHeight = 25.0
)

// minModule is the narrowest bar we print: 2 dots at 8 dots/mm (203 dpi).
const minModule = 0.25

// edge1D is the space kept between a 1D symbol's quiet zones and the
// label's edges, so that rounding to pixels or dots never eats into them.
const edge1D = 1.0

// centred1D places a 1D symbol centred across a label, with the module
// shrunk from module as far as minModule so bars and quiet zones fit; nil
// when even that is too wide.
func centred1D(bars []bool, zpl string, y, h, module float64) *barsElem {
	module = min(module, (labelW-2*edge1D)/float64(len(bars)+2*quiet1D))
	if module < minModule {
		return nil
	}
	b := &barsElem{Y: y, H: h, Module: module, Bars: bars, ZPL: zpl}
	b.X = (labelW - b.width()) / 2
	return b
}

// WriteBagTagPDF writes b as a one-page 4x6 inch PDF.
func WriteBagTagPDF(w io.Writer, b BagTag) error {
	p, err := bagTagPage(b)
	if err != nil {
		return err
	}
	return writePDF(w, []page{p})
}

// BagTagZPL returns b as a ZPL II label format for a Zebra printer with
// 4x6 inch media at dpi 203, 300 or 600 (8, 12 or 24 dots/mm).
func BagTagZPL(b BagTag, dpi int) ([]byte, error) {
	p, err := bagTagPage(b)
	if err != nil {
		return nil, err
	}
	return writeZPL(p, dpi)
}

// bagTagPage lays out a bag tag so it reads from across the hold shelf:
// customer name, order and bag n of m large, the bag code as Code 128.
func bagTagPage(b BagTag) (page, error) {
	if err := b.Validate(); err != nil {
		return page{}, err
	}
	p := page{W: labelW, H: labelH}
	width := labelW - 2*margin
	p.text(margin, 10, bold, 14, "STORE PICKUP")
	p.rule(margin, 13, width)

	p.text(margin, 19.5, bold, 8, "CUSTOMER")
	s, size := p.fit(bold, clean(b.CustomerName), 28, 12, width)
	p.text(margin, 31, bold, size, s)

	p.text(margin, 40, bold, 8, "ORDER")
	s, size = p.fit(bold, clean(b.OrderRef), 24, 10, width)
	p.text(margin, 50, bold, size, s)

	p.text(margin, 59, bold, 8, "BAG")
	p.text(margin, 74, bold, 36, fmt.Sprintf("%d of %d", b.Bag, b.Bags))
	p.rule(margin, 80, width)

	bars, zpl, err := code128Bars(b.BagCode)
	if err != nil {
		return page{}, err
	}
	bc := centred1D(bars, zpl, 86, bagBarHeight, bagModule)
	if bc == nil {
		return page{}, invalid("bad_bag_code", "The bag code %q is too long to print as a barcode on this tag.", b.BagCode)
	}
	p.add(bc)
	s, size = p.fit(regular, b.BagCode, 12, 6, labelW-2*margin)
	p.textCenter(labelW/2, bc.Y+bc.H+6, regular, size, s)
	return p, nil
}
