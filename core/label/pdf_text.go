package label

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf16"

	"github.com/jung-kurt/gofpdf"
)

// ptPerMM converts the layout's millimetres to PDF points.
const ptPerMM = 72 / 25.4

// draw sets a text element glyph by glyph from its shaped form, in
// display order: each glyph at the pen plus its offset, each run in the
// fonts that hold its glyphs. Consecutive glyphs whose positions follow
// from the fonts' widths share one Tj. Each bidi run whose glyphs are not
// simply its characters (shaped, ligated, right to left) is wrapped in a
// marked-content span with ActualText (see textSpan), so copying or
// extracting it (pdftotext) yields the text as typed, not the glyphs.
func (plan *fontPlan) draw(pdf *gofpdf.Fpdf, pageH float64, t *textElem) {
	st := shape(t.Style, t.Text)
	var b strings.Builder
	penX := t.X * ptPerMM
	baseY := (pageH - t.Y) * ptPerMM
	curFont, inBT, inHex, span := -1, false, false, -1
	var expX, expY float64
	closeHex := func() {
		if inHex {
			b.WriteString("> Tj\n")
			inHex = false
		}
	}
	endText := func() {
		closeHex()
		if inBT {
			b.WriteString("ET\n")
			inBT, curFont = false, -1
		}
		if span >= 0 && !st.spans[span].plain {
			b.WriteString("EMC\n")
		}
	}
	for _, run := range st.runs {
		if run.span != span {
			endText()
			span = run.span
			if !st.spans[span].plain {
				b.WriteString("/Span <</ActualText <FEFF")
				for _, u := range utf16.Encode([]rune(st.spans[span].text)) {
					fmt.Fprintf(&b, "%04X", u)
				}
				b.WriteString(">>> BDC\n")
			}
		}
		lf := loaded(run.face)
		scale := t.Size / lf.upem
		codes := plan.codes[run.face]
		for _, g := range run.glyphs {
			c := codes[g.id]
			if fontID := int(run.face)<<16 | c>>8; fontID != curFont {
				closeHex()
				if inBT {
					b.WriteString("ET\n")
				}
				pdf.RawWriteStr(b.String())
				b.Reset()
				pdf.SetFont(pdfFontName(run.face, c>>8), "", t.Size)
				b.WriteString("BT\n")
				curFont, inBT = fontID, true
				expX = math.Inf(-1)
			}
			gx, gy := penX+float64(g.dx)*scale, baseY+float64(g.dy)*scale
			if math.Abs(gx-expX) > 0.005 || gy != expY {
				closeHex()
				fmt.Fprintf(&b, "1 0 0 1 %.3f %.3f Tm ", gx, gy)
			}
			if !inHex {
				b.WriteByte('<')
				inHex = true
			}
			fmt.Fprintf(&b, "%02X", c&0xFF)
			expX = gx + float64(lf.emWidth(g.id))*t.Size/1000
			expY = gy
			penX += float64(g.adv) * scale
		}
	}
	endText()
	if b.Len() > 0 {
		pdf.RawWriteStr(strings.TrimSuffix(b.String(), "\n"))
	}
}
