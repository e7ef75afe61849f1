package label

import (
	"bytes"
	"fmt"
	"image"
	"math"

	gtfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"golang.org/x/image/vector"
)

// ZPL text in scripts the printer's own font lacks is sent as a picture.
//
// A Zebra printer's resident scalable font (font 0, CG Triumvirate) has
// Latin, not Thai, Arabic, Hebrew, Devanagari or CJK. The alternative,
// UTF-8 field data (^CI28) in a Unicode TrueType font downloaded to the
// printer (^DU/~DY), needs that font on every printer (Zebra's own
// Unicode fonts are licensed per printer, and our embedded faces together
// are over 6 MiB, far more than a label job should carry), and still does
// no shaping or right-to-left layout unless the printer runs Link-OS
// advanced layout (^PA) with a matching font. So a text line the resident
// font cannot set correctly is drawn here, from the same shaped glyphs as
// the PDF, into a 1-bit image at the printer's dpi and sent as ^GF: it
// prints identically on every ZPL printer, at the cost of a few hundred
// bytes to a few kilobytes per line (ZPL's run-length compression).
// Lines of printable ASCII and Latin-1 keep the resident font: smaller
// jobs, and crisp text the printer rasterises itself.

// residentFontCan reports whether font 0 under ^CI28 prints s as laid
// out: printable ASCII and Latin-1 (é, ß, ñ), left to right, unshaped.
func residentFontCan(s string) bool {
	for _, r := range s {
		if r < 0x20 || (r > 0x7E && r < 0xA0) || r > 0xFF {
			return false
		}
	}
	return true
}

// zplTextGraphic renders a text element as a ^GF field for a print head
// of dpmm dots per millimetre: the field origin and the graphic.
func zplTextGraphic(b *bytes.Buffer, e *textElem, dpmm float64) {
	st := shape(e.Style, e.Text)
	px := e.Size * mmPerPt * dpmm // dots per em
	// The box: an em and a quarter above the baseline (Thai tone marks
	// over vowels, Devanagari headstrokes and matras), half an em below.
	above, below := math.Ceil(1.25*px), math.Ceil(0.5*px)
	w := int(math.Ceil(st.widthMM(e.Size)*dpmm)) + 2
	h := int(above + below)
	ras := vector.NewRasterizer(w, h)
	sh := shapers.Get().(*shaper)
	defer shapers.Put(sh)
	pen := 1.0
	for _, run := range st.runs {
		lf := loaded(run.face)
		scale := px / lf.upem
		face := sh.face(run.face)
		for _, g := range run.glyphs {
			ox, oy := pen+float64(g.dx)*scale, above-float64(g.dy)*scale
			if out, ok := face.GlyphData(gtfont.GID(g.id)).(gtfont.GlyphOutline); ok {
				drawOutline(ras, out, ox, oy, scale)
			}
			pen += float64(g.adv) * scale
		}
	}
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	ras.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	dots := func(mm float64) int { return int(math.Round(mm * dpmm)) }
	x := dots(e.X) - 1
	y := dots(e.Y) - int(above)
	fmt.Fprintf(b, "^FO%d,%d", max(x, 0), max(y, 0))
	writeGF(b, mask)
	b.WriteString("^FS\n")
}

// drawOutline adds a glyph outline (font units, y up) to the rasterizer
// with its origin at (ox, oy) in dots (y down).
func drawOutline(ras *vector.Rasterizer, out gtfont.GlyphOutline, ox, oy, scale float64) {
	pt := func(p ot.SegmentPoint) (float32, float32) {
		return float32(ox + float64(p.X)*scale), float32(oy - float64(p.Y)*scale)
	}
	open := false
	for _, s := range out.Segments {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			if open {
				ras.ClosePath()
			}
			ras.MoveTo(pt(s.Args[0]))
			open = true
		case ot.SegmentOpLineTo:
			ras.LineTo(pt(s.Args[0]))
		case ot.SegmentOpQuadTo:
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			ras.QuadTo(x1, y1, x2, y2)
		case ot.SegmentOpCubeTo:
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			x3, y3 := pt(s.Args[2])
			ras.CubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	if open {
		ras.ClosePath()
	}
}

// writeGF writes mask as ^GFA with ZPL's ASCII compression: a dot is
// black where the coverage is at least half. Per row, hex digits with
// repeat counts (G–Y for 1–19, g–z for 20–400 in twenties), "," for a row
// whose rest is white, ":" for a row like the one before.
func writeGF(b *bytes.Buffer, mask *image.Alpha) {
	w, h := mask.Rect.Dx(), mask.Rect.Dy()
	bpr := (w + 7) / 8
	fmt.Fprintf(b, "^GFA,%d,%d,%d,", bpr*h, bpr*h, bpr)
	row := make([]byte, bpr)
	var prev []byte
	const hexDigits = "0123456789ABCDEF"
	hexRow := make([]byte, 2*bpr)
	for y := 0; y < h; y++ {
		clear(row)
		for x := 0; x < w; x++ {
			if mask.Pix[y*mask.Stride+x] >= 0x80 {
				row[x/8] |= 0x80 >> (x % 8)
			}
		}
		if prev != nil && bytes.Equal(row, prev) {
			b.WriteByte(':')
			continue
		}
		prev = append(prev[:0], row...)
		for i, v := range row {
			hexRow[2*i], hexRow[2*i+1] = hexDigits[v>>4], hexDigits[v&15]
		}
		// Trailing white: one comma.
		end := len(hexRow)
		for end > 0 && hexRow[end-1] == '0' {
			end--
		}
		for i := 0; i < end; {
			j := i
			for j < end && hexRow[j] == hexRow[i] {
				j++
			}
			writeRepeat(b, j-i)
			b.WriteByte(hexRow[i])
			i = j
		}
		if end < len(hexRow) {
			b.WriteByte(',')
		}
	}
}

// writeRepeat writes the repeat count for n copies of the next digit:
// none for one copy, else z (400) as often as needed, then g–y (20–380),
// then G–Y (1–19).
func writeRepeat(b *bytes.Buffer, n int) {
	counted := false
	for n > 400 {
		b.WriteByte('z')
		n -= 400
		counted = true
	}
	if hi := n / 20; hi > 0 {
		b.WriteByte(byte('g' + hi - 1))
		n %= 20
		counted = true
	}
	if n > 1 || (n == 1 && counted) {
		b.WriteByte(byte('G' + n - 1))
	}
}
