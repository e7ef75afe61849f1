package label

// blockLine is one line of an address block as the layout would like it.
type blockLine struct {
	text string
	st   style
	size float64 // points, the size it is set at when there is room
}

// block sets lines into a box width mm wide, from x, whose
// first baseline sits one line height below top and whose last must stay
// above bottom. Each line that is too wide is first shrunk (to minSize),
// then wrapped; if the block is still too tall, every size is scaled down
// together, step by step, to smallestSize. It reports false, drawing
// nothing, when even that does not fit: the caller refuses the document
// rather than cutting an address short.
//
// A line written right to left (its first strong letter Arabic or Hebrew,
// as the bidi algorithm decides a paragraph's direction) is set against
// the box's right edge, as an Arabic or Hebrew address is written; the
// rest against its left. The parts of a wrapped line keep the line's
// direction.
func (p *page) block(lines []blockLine, x, top, bottom, width, minSize float64) bool {
	type placed struct {
		text string
		st   style
		size float64
		rtl  bool
	}
	for scale := 1.0; ; scale -= 0.05 {
		var out []placed
		y := top
		smallest := true
		for _, ln := range lines {
			if ln.text == "" {
				continue
			}
			size := max(ln.size*scale, smallestSize)
			if size > smallestSize {
				smallest = false
			}
			s, fitted, cut := fitCut(ln.st, ln.text, size, max(min(minSize, size), smallestSize), width)
			parts := []string{s}
			if cut {
				// Too wide even at minSize: wrap it at size instead.
				fitted = size
				parts = wrap(ln.st, ln.text, size, width)
			}
			rtl := rightToLeft(ln.text)
			for _, part := range parts {
				y += lineHeight(fitted)
				out = append(out, placed{part, ln.st, fitted, rtl})
			}
		}
		if y <= bottom {
			y = top
			for _, pl := range out {
				y += lineHeight(pl.size)
				if pl.rtl {
					p.textRight(x+width, y, pl.st, pl.size, pl.text)
				} else {
					p.text(x, y, pl.st, pl.size, pl.text)
				}
			}
			return true
		}
		if smallest {
			return false
		}
	}
}

// rightToLeft reports whether a line's paragraph direction is right to
// left (rules P2 and P3 of the bidi algorithm: its first strong letter).
func rightToLeft(s string) bool {
	_, para := bidiLevels([]rune(s))
	return para == 1
}
