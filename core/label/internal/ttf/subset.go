package ttf

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

// Composite glyph flags (the TrueType glyf table).
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	haveTwoByTwo   = 0x0080
	haveInstr      = 0x0100
)

// Subset returns a TrueType font holding only the glyphs for runes (and the
// components of composite glyphs among them), renumbered from 1 after
// .notdef, with a format 4 character map for exactly those runes. Runes the
// font has no glyph for are left out.
//
// The subset is unhinted: glyph programs and the fpgm, prep and cvt tables
// are dropped. PDF renderers scale outlines without hinting anyway, and the
// instructions are a third to a half of DejaVu's glyph bytes, which every
// document would otherwise carry and compress.
func (f *Font) Subset(runes []rune) ([]byte, error) {
	var mapped []Mapping
	for _, r := range runes {
		if g := f.Glyph(r); g != 0 {
			mapped = append(mapped, Mapping{r, g})
		}
	}
	return f.SubsetMapped(mapped)
}

// SubsetMapped returns a TrueType font holding the glyphs of mapped (and
// their composite components), with a format 4 character map from each
// mapping's character to its glyph. Unlike Subset, the glyphs need not be
// the ones the font's own character map gives: shaped text uses glyphs no
// character maps to (ligatures, contextual forms, mark variants), and the
// caller chooses the characters (private-use ones, say) that address them.
// Characters must be in the BMP and distinct.
func (f *Font) SubsetMapped(mapped []Mapping) ([]byte, error) {
	type pair = Mapping
	keep := map[int]bool{0: true}
	for _, m := range mapped {
		if m.G < 0 || m.G >= f.numGlyphs || m.R < 0 || m.R > 0xFFFE {
			return nil, fmt.Errorf("ttf: bad mapping %U -> glyph %d", m.R, m.G)
		}
		keep[m.G] = true
	}
	mapped = slices.Clone(mapped)
	// Close the set over composite components.
	queue := make([]int, 0, len(keep))
	for g := range keep {
		queue = append(queue, g)
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		comps, err := f.components(g)
		if err != nil {
			return nil, err
		}
		for _, c := range comps {
			if !keep[c] {
				keep[c] = true
				queue = append(queue, c)
			}
		}
	}
	old := make([]int, 0, len(keep))
	for g := range keep {
		old = append(old, g)
	}
	sort.Ints(old)
	newID := make(map[int]int, len(old))
	for i, g := range old {
		newID[g] = i
	}

	// glyf, loca (long offsets) and hmtx (one long metric per glyph).
	var glyf []byte
	loca := make([]byte, 0, 4*(len(old)+1))
	hmtx := make([]byte, 0, 4*len(old))
	for _, g := range old {
		loca = be.AppendUint32(loca, uint32(len(glyf)))
		start := len(glyf)
		glyf = appendUnhinted(glyf, f.glyphData(g))
		if err := remapComponents(glyf[start:], newID); err != nil {
			return nil, fmt.Errorf("ttf: glyph %d: %w", g, err)
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		hmtx = be.AppendUint16(hmtx, uint16(f.advance(g)))
		hmtx = be.AppendUint16(hmtx, f.lsb(g))
	}
	loca = be.AppendUint32(loca, uint32(len(glyf)))

	// Character map: runes sorted, deduplicated, mapped to new ids.
	slices.SortFunc(mapped, func(a, b pair) int { return int(a.R - b.R) })
	mapped = slices.CompactFunc(mapped, func(a, b pair) bool { return a.R == b.R })
	cm := make([][2]int, len(mapped))
	for i, p := range mapped {
		cm[i] = [2]int{int(p.R), newID[p.G]}
	}

	head := slices.Clone(f.tables["head"])
	be.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	be.PutUint16(head[50:], 1) // indexToLocFormat: long
	hhea := slices.Clone(f.tables["hhea"])
	be.PutUint16(hhea[34:], uint16(len(old)))
	maxp := slices.Clone(f.tables["maxp"])
	be.PutUint16(maxp[4:], uint16(len(old)))
	post := make([]byte, 32)
	copy(post, f.tables["post"])
	be.PutUint32(post, 0x00030000) // version 3: no glyph names

	tables := map[string][]byte{
		"cmap": cmapFormat4(cm),
		"glyf": glyf,
		"head": head,
		"hhea": hhea,
		"hmtx": hmtx,
		"loca": loca,
		"maxp": maxp,
		"name": f.shortName(),
		"post": post,
	}
	if d := f.tables["OS/2"]; d != nil {
		tables["OS/2"] = d
	}
	return assemble(tables), nil
}

// components returns the glyph indices a composite glyph refers to, nil for
// a simple glyph.
func (f *Font) components(g int) ([]int, error) {
	if g < 0 || g >= f.numGlyphs {
		return nil, fmt.Errorf("ttf: glyph %d out of range", g)
	}
	d := f.glyphData(g)
	if len(d) < 10 || int16(be.Uint16(d)) >= 0 {
		return nil, nil
	}
	var out []int
	for p := 10; ; {
		if p+4 > len(d) {
			return nil, fmt.Errorf("ttf: glyph %d: truncated composite", g)
		}
		flags, c := be.Uint16(d[p:]), int(be.Uint16(d[p+2:]))
		if c >= f.numGlyphs {
			return nil, fmt.Errorf("ttf: glyph %d: component %d out of range", g, c)
		}
		out = append(out, c)
		p += 4 + componentArgLen(flags)
		if flags&moreComponents == 0 {
			return out, nil
		}
	}
}

func componentArgLen(flags uint16) int {
	n := 2
	if flags&argsAreWords != 0 {
		n = 4
	}
	switch {
	case flags&haveScale != 0:
		n += 2
	case flags&haveXYScale != 0:
		n += 4
	case flags&haveTwoByTwo != 0:
		n += 8
	}
	return n
}

// appendUnhinted appends glyph d to dst without its TrueType instructions.
// A malformed glyph is appended unchanged.
func appendUnhinted(dst, d []byte) []byte {
	if len(d) < 10 {
		return append(dst, d...)
	}
	n := int(int16(be.Uint16(d)))
	if n >= 0 { // simple glyph: header, endPts, instruction length, instructions, points
		at := 10 + 2*n
		if at+2 > len(d) || at+2+int(be.Uint16(d[at:])) > len(d) {
			return append(dst, d...)
		}
		dst = append(dst, d[:at]...)
		dst = append(dst, 0, 0)
		return append(dst, d[at+2+int(be.Uint16(d[at:])):]...)
	}
	// Composite: clear the instruction flag and drop what follows the last
	// component.
	start := len(dst)
	for p := 10; ; {
		if p+4 > len(d) {
			return append(dst[:start], d...)
		}
		flags := be.Uint16(d[p:])
		next := p + 4 + componentArgLen(flags)
		if next > len(d) {
			return append(dst[:start], d...)
		}
		if p == 10 {
			dst = append(dst, d[:10]...)
		}
		at := len(dst)
		dst = append(dst, d[p:next]...)
		be.PutUint16(dst[at:], flags&^haveInstr)
		if flags&moreComponents == 0 {
			return dst
		}
		p = next
	}
}

// remapComponents rewrites, in place, the component glyph indices of a
// composite glyph; simple glyphs are left alone.
func remapComponents(d []byte, newID map[int]int) error {
	if len(d) < 10 || int16(be.Uint16(d)) >= 0 {
		return nil
	}
	for p := 10; ; {
		if p+4 > len(d) {
			return errors.New("truncated composite")
		}
		flags := be.Uint16(d[p:])
		id, ok := newID[int(be.Uint16(d[p+2:]))]
		if !ok {
			return errors.New("component not in subset")
		}
		be.PutUint16(d[p+2:], uint16(id))
		p += 4 + componentArgLen(flags)
		if flags&moreComponents == 0 {
			return nil
		}
	}
}

// cmapFormat4 builds a cmap table with one (3,1) format 4 subtable for the
// sorted (rune, glyph) pairs, one segment per run of consecutive runes with
// consecutive glyphs.
func cmapFormat4(pairs [][2]int) []byte {
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, p := range pairs {
		if n := len(segs); n > 0 && segs[n-1].end+1 == p[0] && segs[n-1].end+segs[n-1].delta+1 == p[1] {
			segs[n-1].end++
			continue
		}
		segs = append(segs, seg{p[0], p[0], p[1] - p[0]})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		entrySelector++
	}
	length := 16 + 8*n
	b := make([]byte, 0, 12+length)
	b = be.AppendUint16(b, 0)  // version
	b = be.AppendUint16(b, 1)  // one subtable
	b = be.AppendUint16(b, 3)  // Windows
	b = be.AppendUint16(b, 1)  // Unicode BMP
	b = be.AppendUint32(b, 12) // offset
	b = be.AppendUint16(b, 4)
	b = be.AppendUint16(b, uint16(length))
	b = be.AppendUint16(b, 0) // language
	b = be.AppendUint16(b, uint16(2*n))
	b = be.AppendUint16(b, uint16(2*searchRange))
	b = be.AppendUint16(b, uint16(entrySelector))
	b = be.AppendUint16(b, uint16(2*n-2*searchRange))
	for _, s := range segs {
		b = be.AppendUint16(b, uint16(s.end))
	}
	b = be.AppendUint16(b, 0) // reservedPad
	for _, s := range segs {
		b = be.AppendUint16(b, uint16(s.start))
	}
	for _, s := range segs {
		b = be.AppendUint16(b, uint16(s.delta))
	}
	for range segs {
		b = be.AppendUint16(b, 0) // idRangeOffset
	}
	return b
}

// shortName returns a name table with only the copyright and naming records
// (IDs 0 to 6) of the original, dropping long texts such as the licence
// (ID 13) that would otherwise travel in every document.
func (f *Font) shortName() []byte {
	src := f.tables["name"]
	if len(src) < 6 || be.Uint16(src) != 0 {
		return src
	}
	count, strOff := int(be.Uint16(src[2:])), int(be.Uint16(src[4:]))
	type rec struct{ hdr, str []byte }
	var recs []rec
	for i := 0; i < count && 6+12*i+12 <= len(src); i++ {
		r := src[6+12*i : 6+12*i+12]
		id, n, off := be.Uint16(r[6:]), int(be.Uint16(r[8:])), int(be.Uint16(r[10:]))
		if id > 6 || strOff+off+n > len(src) {
			continue
		}
		recs = append(recs, rec{r, src[strOff+off : strOff+off+n]})
	}
	out := be.AppendUint16(nil, 0)
	out = be.AppendUint16(out, uint16(len(recs)))
	out = be.AppendUint16(out, uint16(6+12*len(recs)))
	var strs []byte
	for _, r := range recs {
		out = append(out, r.hdr[:8]...)
		out = be.AppendUint16(out, uint16(len(r.str)))
		out = be.AppendUint16(out, uint16(len(strs)))
		strs = append(strs, r.str...)
	}
	return append(out, strs...)
}

// assemble writes an sfnt file from its tables, with checksums and the
// head checkSumAdjustment.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		entrySelector++
	}
	size := 12 + 16*n
	for _, t := range tags {
		size += (len(tables[t]) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, size)
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(16*searchRange))
	be.PutUint16(out[8:], uint16(entrySelector))
	be.PutUint16(out[10:], uint16(16*n-16*searchRange))
	headAt := 0
	for i, t := range tags {
		d := tables[t]
		rec := out[12+16*i:]
		copy(rec, t)
		be.PutUint32(rec[4:], checksum(d))
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(d)))
		if t == "head" {
			headAt = len(out)
		}
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if headAt > 0 {
		be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

func checksum(d []byte) uint32 {
	var sum uint32
	n := len(d) &^ 3
	for i := 0; i < n; i += 4 {
		sum += be.Uint32(d[i:])
	}
	if n < len(d) {
		var w [4]byte
		copy(w[:], d[n:])
		sum += be.Uint32(w[:])
	}
	return sum
}
