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

// dotsPerMM is the real dot pitch of Zebra print heads by their nominal
// resolution: a "203 dpi" head prints 8 dots/mm, "300 dpi" 12 dots/mm
// (304.8 dpi, not 11.81 dots/mm) and "600 dpi" 24 dots/mm. Sizing with the
// nominal figure prints everything 1.6 % small on a 300 dpi head: SSCC bars
// planned at 31.75 mm came out 31.25 mm, under the GS1 minimum.
var dotsPerMM = map[int]float64{203: 8, 300: 12, 600: 24}

// writeZPL draws a page as one ZPL II label format for a printer of dpi
// dots per inch (203, 300 or 600 nominal). Text of ASCII and Latin-1 uses
// the printer's scalable font 0 with UTF-8 field data (^CI28); other text
// is drawn here and sent as a graphic (zpl_text.go says why).
func writeZPL(p page, dpi int) ([]byte, error) {
	dpmm, ok := dotsPerMM[dpi]
	if !ok {
		return nil, core.Errorf(core.EINVALID, "bad_dpi", "Zebra printers here print at 203, 300 or 600 dpi, not %d.", dpi)
	}
	if err := checkCut([]page{p}); err != nil {
		return nil, err
	}
	dots := func(mm float64) int { return int(math.Round(mm * dpmm)) }
	// atLeast rounds up: bar heights must not come out under the layout's.
	atLeast := func(mm float64) int { return int(math.Ceil(mm*dpmm - 1e-9)) }
	var b bytes.Buffer
	b.WriteString("^XA\n^CI28\n")
	fmt.Fprintf(&b, "^PW%d\n^LL%d\n^LH0,0\n", dots(p.W), dots(p.H))
	for _, e := range p.elems {
		switch e := e.(type) {
		case *textElem:
			if !residentFontCan(e.Text) {
				// Drawn from the PDF's shaped glyphs at the PDF's position,
				// centred or not (zpl_text.go).
				zplTextGraphic(&b, e, dpmm)
				continue
			}
			h := max(int(math.Round(e.Size*mmPerPt*dpmm)), 10)
			if e.Centred {
				writeCentredZPL(&b, e, h, dots, dots(p.W))
				continue
			}
			fmt.Fprintf(&b, "^FT%d,%d^A0N,%d,%d^FH\\^FD%s^FS\n", dots(e.X), dots(e.Y), h, h, zplEscape.Replace(e.Text))
		case *boxElem:
			w, h := max(dots(e.W), 1), max(dots(e.H), 1)
			fmt.Fprintf(&b, "^FO%d,%d^GB%d,%d,%d^FS\n", dots(e.X), dots(e.Y), w, h, min(w, h))
		case *barsElem:
			// Module width in whole dots (at least 2 so bars stay
			// printable, and narrow enough for both quiet zones to stay
			// on the label, a dot spare for rounding the centre), keeping
			// the symbol's centre. The field data carries the code sets
			// the bars were measured with, so the printer's symbol has
			// exactly len(e.Bars) modules.
			n := len(e.Bars)
			pw := dots(p.W)
			m := max(dots(e.Module), 2)
			for m > 2 && (n+2*quiet1D)*m > pw-2 {
				m--
			}
			x := dots(e.X+e.width()/2) - n*m/2
			fmt.Fprintf(&b, "^FO%d,%d^BY%d^BCN,%d,N,N,N,N^FH\\^FD%s^FS\n",
				x, dots(e.Y), m, atLeast(e.H), zplEscape.Replace(e.ZPL))
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

// writeCentredZPL writes a line centred where the layout centred it, in a
// one-line field block (^FB, justification C) that the printer centres
// with its own font's widths. The block spans the widest width around the
// centre that stays on the label; ^FT puts its baseline at Y.
func writeCentredZPL(b *bytes.Buffer, e *textElem, h int, dots func(float64) int, pw int) {
	centre := dots(e.X + textWidth(e.Style, e.Text, e.Size)/2)
	half := min(centre, pw-centre)
	fmt.Fprintf(b, "^FT%d,%d^A0N,%d,%d^FB%d,1,0,C,0^FH\\^FD%s^FS\n",
		centre-half, dots(e.Y), h, h, 2*half, zplEscape.Replace(e.Text))
}
