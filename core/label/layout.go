package label

// A page is a laid-out document page: its size and what to draw on it, in
// millimetres from the top-left corner. Layout code builds pages from the
// model; pdf.go and zpl.go only draw them, so both outputs carry the same
// text, barcodes and positions.
type page struct {
	W, H  float64
	elems []elem
	cut   []string // texts that did not fit even at smallestSize (page.fit)
}

// fit sets a one-line text into width mm: at size points if it fits,
// else smaller, down to minSize, and below minSize down to smallestSize
// rather than cutting it. Only a text too wide even then is cut; the page
// records it, and the document is refused (checkCut): nothing is cut
// silently.
func (p *page) fit(st style, s string, size, minSize, width float64) (string, float64) {
	s2, size2, cut := fitCut(st, s, size, min(minSize, smallestSize), width)
	if !cut {
		// Prefer minSize when it fits; fitCut went below it only if needed.
		return s2, size2
	}
	p.cut = append(p.cut, s)
	return s2, size2
}

// checkCut refuses a document with a text that could not be printed
// whole.
func checkCut(pages []page) error {
	for _, p := range pages {
		if len(p.cut) > 0 {
			return invalid("text_too_long", "%q is too long to print here, even in the smallest type; shorten it.", p.cut[0])
		}
	}
	return nil
}

// elem is one thing drawn on a page: *textElem, *boxElem, *barsElem or
// *matrixElem.
type elem interface{ isElem() }

// textElem is one line of text; X, Y is the left end of its baseline.
type textElem struct {
	X, Y  float64
	Size  float64 // points
	Style style
	Text  string
	// Centred lines were laid out centred on X + their width: the ZPL
	// writer centres them with the printer's own font metrics (^FB),
	// whose widths differ from the PDF font's.
	Centred bool
}

// boxElem is a filled black rectangle (rules and frames).
type boxElem struct{ X, Y, W, H float64 }

// barsElem is a one-dimensional symbol (Code 128, GS1-128). X, Y is the
// top-left corner of the first bar; the quiet zones lie outside it.
type barsElem struct {
	X, Y, H float64
	Module  float64 // narrowest bar, mm
	Bars    []bool  // one entry per module, true = bar
	ZPL     string  // the same data as ^BC field data
}

// symbology of a matrix symbol.
type symbology int

const (
	symQR symbology = iota
	symDataMatrix
)

// matrixElem is a 2D symbol; X, Y is the top-left corner of its first
// module, the quiet zone lies outside it.
type matrixElem struct {
	X, Y   float64
	Module float64
	Rows   [][]bool
	Sym    symbology
	Data   string
}

func (*textElem) isElem()   {}
func (*boxElem) isElem()    {}
func (*barsElem) isElem()   {}
func (*matrixElem) isElem() {}

// Width of a 1D symbol without its quiet zones, and size of a 2D one.
func (b *barsElem) width() float64   { return float64(len(b.Bars)) * b.Module }
func (m *matrixElem) size() float64  { return float64(len(m.Rows)) * m.Module }
func (p *page) add(e ...elem)        { p.elems = append(p.elems, e...) }
func (p *page) rule(x, y, w float64) { p.add(&boxElem{X: x, Y: y, W: w, H: 0.5}) }

// text adds a line at (x, baseline y) and returns its width.
func (p *page) text(x, y float64, st style, size float64, s string) float64 {
	if s == "" {
		return 0
	}
	p.add(&textElem{X: x, Y: y, Size: size, Style: st, Text: s})
	return textWidth(st, s, size)
}

// textRight adds a line whose right end is at x.
func (p *page) textRight(x, y float64, st style, size float64, s string) {
	p.text(x-textWidth(st, s, size), y, st, size, s)
}

// textCenter adds a line centred on x.
func (p *page) textCenter(x, y float64, st style, size float64, s string) {
	if s == "" {
		return
	}
	p.add(&textElem{X: x - textWidth(st, s, size)/2, Y: y, Size: size, Style: st, Text: s, Centred: true})
}

// lineHeight is the baseline-to-baseline distance for text of size points.
func lineHeight(size float64) float64 { return size * mmPerPt * 1.2 }
