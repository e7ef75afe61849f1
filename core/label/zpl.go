package label

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// zplEscape makes text safe inside ^FD after ^FH\: the command prefixes ^
// and ~ and the escape character itself become hex escapes. UTF-8 passes
// through as is (^CI28).
var zplEscape = strings.NewReplacer(`\`, `\5C`, `^`, `\5E`, `~`, `\7E`)

// writeZPL draws a page as one ZPL II label format for a printer of dpi
// dots per inch (203 or 300). Text of ASCII and Latin-1 uses the printer's
// scalable font 0 with UTF-8 field data (^CI28); other text is drawn here
// and sent as a graphic (zpl_text.go says why).
func writeZPL(p page, dpi int) ([]byte, error) {
	if dpi != 203 && dpi != 300 {
		return nil, core.Errorf(core.EINVALID, "bad_dpi", "Zebra printers here print at 203 or 300 dpi, not %d.", dpi)
	}
	if err := checkCut([]page{p}); err != nil {
		return nil, err
	}
	dots := func(mm float64) int { return int(math.Round(mm * float64(dpi) / 25.4)) }
	var b bytes.Buffer
	b.WriteString("^XA\n^CI28\n")
	fmt.Fprintf(&b, "^PW%d\n^LL%d\n^LH0,0\n", dots(p.W), dots(p.H))
	for _, e := range p.elems {
		switch e := e.(type) {
		case *textElem:
			if !residentFontCan(e.Text) {
				zplTextGraphic(&b, e, dpi) // see zpl_text.go
				continue
			}
			h := max(int(math.Round(e.Size*float64(dpi)/72)), 10)
			fmt.Fprintf(&b, "^FT%d,%d^A0N,%d,%d^FH\\^FD%s^FS\n", dots(e.X), dots(e.Y), h, h, zplEscape.Replace(e.Text))
		case *boxElem:
			w, h := max(dots(e.W), 1), max(dots(e.H), 1)
			fmt.Fprintf(&b, "^FO%d,%d^GB%d,%d,%d^FS\n", dots(e.X), dots(e.Y), w, h, min(w, h))
		case *barsElem:
			// Module width in whole dots (at least 2 so bars stay
			// printable, and narrow enough for the quiet zones to stay on
			// the label), keeping the symbol's centre.
			n := len(e.Bars)
			m := max(dots(e.Module), 2)
			for m > 2 && (n+2*quiet1D)*m > dots(p.W) {
				m--
			}
			x := dots(e.X+e.width()/2) - n*m/2
			fmt.Fprintf(&b, "^FO%d,%d^BY%d^BCN,%d,N,N,N,N^FH\\^FD%s^FS\n",
				x, dots(e.Y), m, dots(e.H), zplEscape.Replace(e.ZPL))
		case *matrixElem:
			m := max(dots(e.Module), 1)
			switch e.Sym {
			case symQR:
				// ^BQ normal, model 2, magnification m; data: error
				// correction M, automatic input mode.
				fmt.Fprintf(&b, "^FO%d,%d^BQN,2,%d^FH\\^FDMA,%s^FS\n", dots(e.X), dots(e.Y), min(m, 10), zplEscape.Replace(e.Data))
			case symDataMatrix:
				fmt.Fprintf(&b, "^FO%d,%d^BXN,%d,200^FH\\^FD%s^FS\n", dots(e.X), dots(e.Y), m, zplEscape.Replace(e.Data))
			}
		}
	}
	b.WriteString("^XZ\n")
	return b.Bytes(), nil
}
