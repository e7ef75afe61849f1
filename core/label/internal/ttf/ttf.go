// Package ttf reads the parts of a TrueType font that label rendering needs
// (character map, advance widths, glyph outlines) and writes small subset
// fonts holding only the glyphs one document uses.
//
// Parsing a full font is the expensive step, so a Font is parsed once and
// shared: all its methods are safe for concurrent use. Only the Basic
// Multilingual Plane is mapped, because gofpdf, which embeds the subsets,
// addresses glyphs with 16-bit codes.
package ttf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Font is a parsed TrueType (glyf-outline) font.
type Font struct {
	data       []byte
	tables     map[string][]byte
	unitsPerEm int
	numGlyphs  int
	nHMetrics  int
	ascent     int
	descent    int
	loca       []uint32   // numGlyphs+1 offsets into glyf
	cmap       [][]uint16 // BMP rune -> glyph, in 256 pages of 256; nil page = no glyphs
}

var be = binary.BigEndian

// Parse reads a TrueType font. It returns an error for OpenType/CFF fonts,
// font collections and fonts without a Unicode character map.
func Parse(data []byte) (*Font, error) {
	if len(data) < 12 {
		return nil, errors.New("ttf: file too short")
	}
	switch v := be.Uint32(data); v {
	case 0x00010000, 0x74727565: // 1.0, 'true'
	default:
		return nil, fmt.Errorf("ttf: not a TrueType outline font (version %#x)", v)
	}
	n := int(be.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errors.New("ttf: truncated table directory")
	}
	f := &Font{data: data, tables: make(map[string][]byte, n)}
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off, length := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, fmt.Errorf("ttf: table %q outside the file", tag)
		}
		f.tables[tag] = data[off : off+length]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if f.tables[t] == nil {
			return nil, fmt.Errorf("ttf: missing %q table", t)
		}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errors.New("ttf: short head, hhea or maxp table")
	}
	f.unitsPerEm = int(be.Uint16(head[18:]))
	if f.unitsPerEm == 0 {
		return nil, errors.New("ttf: unitsPerEm is 0")
	}
	f.ascent = int(int16(be.Uint16(hhea[4:])))
	f.descent = int(int16(be.Uint16(hhea[6:])))
	f.nHMetrics = int(be.Uint16(hhea[34:]))
	f.numGlyphs = int(be.Uint16(maxp[4:]))
	if f.nHMetrics == 0 || f.nHMetrics > f.numGlyphs || len(f.tables["hmtx"]) < 4*f.nHMetrics+2*(f.numGlyphs-f.nHMetrics) {
		return nil, errors.New("ttf: bad hmtx")
	}
	if err := f.parseLoca(int16(be.Uint16(head[50:])) == 1); err != nil {
		return nil, err
	}
	if err := f.parseCmap(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *Font) parseLoca(long bool) error {
	loca, glyfLen := f.tables["loca"], uint32(len(f.tables["glyf"]))
	f.loca = make([]uint32, f.numGlyphs+1)
	for i := range f.loca {
		var off uint32
		if long {
			if 4*i+4 > len(loca) {
				return errors.New("ttf: short loca table")
			}
			off = be.Uint32(loca[4*i:])
		} else {
			if 2*i+2 > len(loca) {
				return errors.New("ttf: short loca table")
			}
			off = 2 * uint32(be.Uint16(loca[2*i:]))
		}
		if off > glyfLen || (i > 0 && off < f.loca[i-1]) {
			return fmt.Errorf("ttf: bad loca entry %d", i)
		}
		f.loca[i] = off
	}
	return nil
}

// parseCmap fills the BMP map from the best Unicode subtable: format 12
// (full Unicode) when present, otherwise format 4.
func (f *Font) parseCmap() error {
	cmap := f.tables["cmap"]
	if len(cmap) < 4 {
		return errors.New("ttf: short cmap")
	}
	var fmt4, fmt12 []byte
	n := int(be.Uint16(cmap[2:]))
	for i := 0; i < n && 4+8*i+8 <= len(cmap); i++ {
		rec := cmap[4+8*i:]
		pid, eid, off := be.Uint16(rec), be.Uint16(rec[2:]), int(be.Uint32(rec[4:]))
		if !(pid == 0 || (pid == 3 && (eid == 1 || eid == 10))) || off+2 > len(cmap) {
			continue
		}
		sub := cmap[off:]
		switch be.Uint16(sub) {
		case 4:
			if fmt4 == nil {
				fmt4 = sub
			}
		case 12:
			if fmt12 == nil {
				fmt12 = sub
			}
		}
	}
	f.cmap = make([][]uint16, 256)
	switch {
	case fmt12 != nil:
		return f.parseFormat12(fmt12)
	case fmt4 != nil:
		return f.parseFormat4(fmt4)
	}
	return errors.New("ttf: no Unicode character map (format 4 or 12)")
}

func (f *Font) set(r uint32, g uint32) {
	if r > 0xFFFF || g == 0 || g >= uint32(f.numGlyphs) {
		return
	}
	page := f.cmap[r>>8]
	if page == nil {
		page = make([]uint16, 256)
		f.cmap[r>>8] = page
	}
	page[r&0xFF] = uint16(g)
}

func (f *Font) parseFormat4(sub []byte) error {
	if len(sub) < 14 {
		return errors.New("ttf: short cmap format 4")
	}
	segX2 := int(be.Uint16(sub[6:]))
	if len(sub) < 16+4*segX2 {
		return errors.New("ttf: short cmap format 4 segments")
	}
	ends, starts := sub[14:], sub[16+segX2:]
	deltas, rangeOffs := sub[16+2*segX2:], sub[16+3*segX2:]
	for s := 0; s < segX2/2; s++ {
		end, start := uint32(be.Uint16(ends[2*s:])), uint32(be.Uint16(starts[2*s:]))
		delta, ro := uint32(be.Uint16(deltas[2*s:])), int(be.Uint16(rangeOffs[2*s:]))
		for c := start; c <= end && c != 0xFFFF; c++ {
			if ro == 0 {
				f.set(c, (c+delta)&0xFFFF)
				continue
			}
			at := 16 + 3*segX2 + 2*s + ro + 2*int(c-start)
			if at+2 > len(sub) {
				break
			}
			if g := uint32(be.Uint16(sub[at:])); g != 0 {
				f.set(c, (g+delta)&0xFFFF)
			}
		}
	}
	return nil
}

func (f *Font) parseFormat12(sub []byte) error {
	if len(sub) < 16 {
		return errors.New("ttf: short cmap format 12")
	}
	n := int(be.Uint32(sub[12:]))
	if n < 0 || len(sub) < 16+12*n {
		return errors.New("ttf: short cmap format 12 groups")
	}
	for i := 0; i < n; i++ {
		grp := sub[16+12*i:]
		start, end, g := be.Uint32(grp), be.Uint32(grp[4:]), be.Uint32(grp[8:])
		if end > 0xFFFF {
			end = 0xFFFF
		}
		for c := start; c <= end; c++ {
			f.set(c, g+c-start)
		}
	}
	return nil
}

// Glyph returns the glyph index for r, and 0 (the .notdef glyph) when the
// font has no glyph for it.
func (f *Font) Glyph(r rune) int {
	if r < 0 || r > 0xFFFF {
		return 0
	}
	page := f.cmap[r>>8]
	if page == nil {
		return 0
	}
	return int(page[r&0xFF])
}

// Has reports whether the font has a glyph for r.
func (f *Font) Has(r rune) bool { return f.Glyph(r) != 0 }

// UnitsPerEm is the size of the em square in font units.
func (f *Font) UnitsPerEm() int { return f.unitsPerEm }

// BBox is the bounding box of all glyphs (xMin, yMin, xMax, yMax) in font
// units, from the head table.
func (f *Font) BBox() [4]int {
	h := f.tables["head"]
	return [4]int{int(int16(be.Uint16(h[36:]))), int(int16(be.Uint16(h[38:]))),
		int(int16(be.Uint16(h[40:]))), int(int16(be.Uint16(h[42:])))}
}

// CapHeight is the height of capital letters in font units: from OS/2
// (version 2 and later), else the top of the glyph for "H", else the
// ascent.
func (f *Font) CapHeight() int {
	if os2 := f.tables["OS/2"]; len(os2) >= 90 && be.Uint16(os2) >= 2 {
		return int(int16(be.Uint16(os2[88:])))
	}
	if d := f.glyphData(f.Glyph('H')); len(d) >= 10 {
		return int(int16(be.Uint16(d[8:])))
	}
	return f.ascent
}

// Weight is the OS/2 weight class (400 regular, 700 bold); 400 when the
// font has no OS/2 table.
func (f *Font) Weight() int {
	if os2 := f.tables["OS/2"]; len(os2) >= 6 {
		return int(be.Uint16(os2[4:]))
	}
	return 400
}

// Ascent is the hhea ascender in font units.
func (f *Font) Ascent() int { return f.ascent }

// Descent is the hhea descender in font units (negative: below the baseline).
func (f *Font) Descent() int { return f.descent }

// Advance returns the advance width of r's glyph in font units.
func (f *Font) Advance(r rune) int { return f.advance(f.Glyph(r)) }

func (f *Font) advance(g int) int {
	if g >= f.nHMetrics {
		g = f.nHMetrics - 1
	}
	return int(be.Uint16(f.tables["hmtx"][4*g:]))
}

func (f *Font) lsb(g int) uint16 {
	hmtx := f.tables["hmtx"]
	if g < f.nHMetrics {
		return be.Uint16(hmtx[4*g+2:])
	}
	return be.Uint16(hmtx[4*f.nHMetrics+2*(g-f.nHMetrics):])
}

func (f *Font) glyphData(g int) []byte {
	return f.tables["glyf"][f.loca[g]:f.loca[g+1]]
}
