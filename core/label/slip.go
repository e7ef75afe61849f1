package label

import (
	"fmt"
	"io"
	"strconv"
)

// Paper sizes in millimetres.
var paperSizes = map[string][2]float64{
	PaperA4:     {210, 297},
	PaperLetter: {215.9, 279.4},
}

const (
	slipMargin = 15.0
	qrModule   = 0.8
	qrMaxSize  = 30.0
	slipTop    = slipMargin + 16 // first baseline below the page header
)

// WritePackingSlipPDF writes s as a PDF on A4 or Letter paper, as many
// pages as the order lines need; the return instructions and their QR code
// close the last page.
func WritePackingSlipPDF(w io.Writer, s PackingSlip) error {
	pages, err := packingSlipPages(s)
	if err != nil {
		return err
	}
	return writePDF(w, pages)
}

// slipLayout builds the pages of one packing slip.
type slipLayout struct {
	s      PackingSlip
	w, h   float64
	pages  []page
	y      float64 // next free baseline area on the current page
	right  float64 // right margin x
	colQty [3]float64
	itemX  float64
	itemW  float64
}

func (l *slipLayout) cur() *page { return &l.pages[len(l.pages)-1] }

// bottom is the lowest y content may reach; the page number sits below.
func (l *slipLayout) bottom() float64 { return l.h - slipMargin - 8 }

func packingSlipPages(s PackingSlip) ([]page, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	paper := s.Paper
	if paper == "" {
		paper = PaperA4
	}
	size := paperSizes[paper]
	l := &slipLayout{s: s, w: size[0], h: size[1], right: size[0] - slipMargin}
	l.colQty = [3]float64{l.right - 40, l.right - 20, l.right} // right edges: ordered, packed, short
	l.itemX = slipMargin + 34
	l.itemW = l.colQty[0] - 18 - l.itemX

	l.newPage()
	l.addresses()
	l.lines()
	if err := l.returns(); err != nil {
		return nil, err
	}
	for i := range l.pages {
		l.pages[i].textRight(l.right, l.h-slipMargin, regular, 8,
			fmt.Sprintf("Order %s · page %d of %d", clean(s.Order.ExternalID), i+1, len(l.pages)))
	}
	return l.pages, nil
}

func (l *slipLayout) newPage() {
	l.pages = append(l.pages, page{W: l.w, H: l.h})
	p := l.cur()
	p.text(slipMargin, slipMargin+6, bold, 18, "Packing slip")
	ref, size := l.cur().fit(bold, "Order "+clean(l.s.Order.ExternalID), 12, 8, 90)
	p.textRight(l.right, slipMargin+6, bold, size, ref)
	p.rule(slipMargin, slipMargin+9, l.right-slipMargin)
	l.y = slipTop
}

// addresses writes the ship-to address and the order details side by side.
func (l *slipLayout) addresses() {
	p, o := l.cur(), l.s.Order
	colW := (l.right-slipMargin)/2 - 5
	y := l.y
	p.text(slipMargin, y, bold, 8, "SHIP TO")
	name, rest, city, country := addressLines(o.ShipTo)
	y += 5.5
	s, size := l.cur().fit(bold, name, 11, 7, colW)
	p.text(slipMargin, y, bold, size, s)
	for _, line := range append(rest, city, country) {
		y += lineHeight(10)
		s, size := l.cur().fit(regular, line, 10, 7, colW)
		p.text(slipMargin, y, regular, size, s)
	}
	left := y

	x := slipMargin + colW + 10
	y = l.y
	details := [][2]string{{"ORDER", o.ExternalID}}
	if !o.CreatedAt.IsZero() {
		details = append(details, [2]string{"ORDERED ON", o.CreatedAt.Format("2006-01-02")})
	}
	if o.Customer.Name != "" {
		details = append(details, [2]string{"CUSTOMER", o.Customer.Name})
	}
	if o.Service != "" {
		details = append(details, [2]string{"SERVICE", o.Service})
	}
	details = append(details, [2]string{"PACKAGES", strconv.Itoa(l.s.Packages)})
	for i, d := range details {
		if i > 0 {
			y += 4
		}
		p.text(x, y, bold, 7, d[0])
		y += lineHeight(10)
		s, size := l.cur().fit(regular, clean(d[1]), 10, 7, colW)
		p.text(x, y, regular, size, s)
	}
	l.y = max(left, y) + 10

	short := 0
	for _, ln := range o.Lines {
		short += ln.ShortQty
	}
	if short > 0 {
		msg := fmt.Sprintf("%d item(s) could not be included in this shipment; they are listed under Short below.", short)
		for _, line := range wrap(bold, msg, 10, l.right-slipMargin) {
			p.text(slipMargin, l.y, bold, 10, line)
			l.y += lineHeight(10)
		}
		l.y += 3
	}
}

func (l *slipLayout) tableHeader() {
	p := l.cur()
	p.text(slipMargin, l.y, bold, 9, "SKU")
	p.text(l.itemX, l.y, bold, 9, "Item")
	for i, h := range []string{"Ordered", "Packed", "Short"} {
		p.textRight(l.colQty[i], l.y, bold, 9, h)
	}
	p.add(&boxElem{X: slipMargin, Y: l.y + 1.5, W: l.right - slipMargin, H: 0.4})
	l.y += 7
}

// lines writes the order lines as a table, continuing on new pages (with
// the header repeated) as needed, and a totals row.
func (l *slipLayout) lines() {
	l.tableHeader()
	var total [3]int
	for _, ln := range l.s.Order.Lines {
		name := wrap(regular, clean(ln.Name), 10, l.itemW)
		if len(name) == 0 {
			name = []string{""}
		}
		note := ""
		if ln.ShortQty > 0 {
			reason := clean(ln.ShortReason)
			if reason == "" {
				reason = "not available"
			}
			note = fmt.Sprintf("Short %d: %s", ln.ShortQty, reason)
		}
		notes := wrap(bold, note, 8.5, l.itemW)
		h := float64(len(name))*lineHeight(10) + float64(len(notes))*lineHeight(8.5)
		if l.y+h > l.bottom() {
			l.newPage()
			l.tableHeader()
		}
		p := l.cur()
		sku, size := l.cur().fit(regular, clean(ln.SKU), 9, 6, l.itemX-slipMargin-3)
		p.text(slipMargin, l.y, regular, size, sku)
		for i, q := range []int{ln.Qty, ln.PickedQty, ln.ShortQty} {
			p.textRight(l.colQty[i], l.y, regular, 10, strconv.Itoa(q))
			total[i] += q
		}
		y := l.y
		for _, s := range name {
			p.text(l.itemX, y, regular, 10, s)
			y += lineHeight(10)
		}
		for _, s := range notes {
			p.text(l.itemX, y-0.5, bold, 8.5, s)
			y += lineHeight(8.5)
		}
		p.add(&boxElem{X: slipMargin, Y: y - 3, W: l.right - slipMargin, H: 0.1})
		l.y = y + 2
	}
	if l.y+lineHeight(10) > l.bottom() {
		l.newPage()
	}
	p := l.cur()
	p.text(l.itemX, l.y, bold, 10, "Total")
	for i, q := range total {
		p.textRight(l.colQty[i], l.y, bold, 10, strconv.Itoa(q))
	}
	l.y += 10
}

// returns writes the return instructions with the return address as a QR
// code, on a new page if the current one has no room.
func (l *slipLayout) returns() error {
	rows, err := qrMatrix(l.s.ReturnURL)
	if err != nil {
		return err
	}
	module := min(qrModule, qrMaxSize/float64(len(rows)))
	qr := &matrixElem{Module: module, Rows: rows, Sym: symQR, Data: l.s.ReturnURL}
	textW := l.right - qr.size() - quietQR*module - 3 - slipMargin
	msg := fmt.Sprintf("To return something, scan the code or open the address below, enter order number %s "+
		"and follow the steps. Pack the items with this slip.", clean(l.s.Order.ExternalID))
	text := wrap(regular, msg, 10, textW)
	url := wrap(regular, l.s.ReturnURL, 9, textW)
	h := 8 + max(qr.size()+2*quietQR*module, float64(len(text))*lineHeight(10)+float64(len(url))*lineHeight(9)+4)
	if l.y+h > l.bottom() {
		l.newPage()
	}
	p := l.cur()
	if l.y > slipTop {
		p.rule(slipMargin, l.y-4, l.right-slipMargin)
	}
	y := l.y + 3
	p.text(slipMargin, y, bold, 12, "Returns")
	qr.X, qr.Y = l.right-qr.size(), y-2+quietQR*module
	p.add(qr)
	y += 7
	for _, s := range text {
		p.text(slipMargin, y, regular, 10, s)
		y += lineHeight(10)
	}
	y += 2
	for _, s := range url {
		p.text(slipMargin, y, regular, 9, s)
		y += lineHeight(9)
	}
	l.y = max(y, qr.Y+qr.size())
	return nil
}
