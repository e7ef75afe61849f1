package ttf

// GlyphRunes returns, for each glyph the character map reaches, the lowest
// BMP character that maps to it. Shaped text is drawn by glyph, and a PDF
// names each glyph it draws: by this character when there is one.
func (f *Font) GlyphRunes() map[uint16]rune {
	out := make(map[uint16]rune)
	for hi, page := range f.cmap {
		for lo, g := range page {
			if g == 0 {
				continue
			}
			if _, ok := out[g]; !ok {
				out[g] = rune(hi<<8 | lo)
			}
		}
	}
	return out
}

// GlyphAdvance returns the advance width of glyph g in font units.
func (f *Font) GlyphAdvance(g int) int {
	if g < 0 || g >= f.numGlyphs {
		return f.advance(0)
	}
	return f.advance(g)
}

// NumGlyphs is the number of glyphs in the font.
func (f *Font) NumGlyphs() int { return f.numGlyphs }

// Mapping is one entry of a subset's character map: character R draws
// glyph G of the original font.
type Mapping struct {
	R rune
	G int
}
