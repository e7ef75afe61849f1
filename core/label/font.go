package label

import (
	"math"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

const mmPerPt = 25.4 / 72

// textWidth is the width of s set in st at size points, in millimetres,
// as shaped.
func textWidth(st style, s string, size float64) float64 {
	return shape(st, s).widthMM(size)
}

// clean prepares text from the outside world for printing: composed
// (NFC, so "é" is one character whatever the source sent), control
// characters and line breaks turned into spaces, characters beyond the
// Basic Multilingual Plane (which the PDF fonts cannot address) replaced by
// U+FFFD, runs of spaces collapsed and the ends trimmed.
func clean(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = b.Len() > 0
			continue
		case r > 0xFFFF:
			r = unicode.ReplacementChar
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fit returns s and the largest size from size down to minSize (in steps
// of 0.5 pt) at which it fits in width mm; if even minSize is too wide, s
// is cut and ends in "…". Layout code calls it through page.fit, which
// records the cut.
func fit(st style, s string, size, minSize, width float64) (string, float64) {
	s, size, _ = fitCut(st, s, size, minSize, width)
	return s, size
}

// fitCut is fit, and reports whether s had to be cut.
func fitCut(st style, s string, size, minSize, width float64) (string, float64, bool) {
	w := textWidth(st, s, size)
	if w <= width {
		return s, size, false
	}
	// Widths scale with the size: the largest half point that fits.
	if fitting := math.Floor(size*width/w*2) / 2; fitting >= minSize {
		for ; fitting > minSize && textWidth(st, s, fitting) > width; fitting -= 0.5 {
		}
		return s, fitting, false
	}
	size = minSize
	if textWidth(st, s, size) <= width {
		return s, size, false
	}
	rs := []rune(s)
	for len(rs) > 0 && textWidth(st, string(rs)+"…", size) > width {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimRight(string(rs), " ") + "…", size, true
}

// smallestSize is the smallest text, in points, a document prints: still
// legible on a 203 dpi label printer. A line that does not fit even this
// small is not printed cut short: the document is refused (page.fit).
const smallestSize = 5

// wrap breaks s into lines no wider than width mm at the given size,
// between words where it can and inside a word (or between CJK characters)
// where it must.
func wrap(st style, s string, size, width float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if textWidth(st, try, size) <= width {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
			line = ""
		}
		// The word alone is too wide: break it by characters.
		for textWidth(st, word, size) > width {
			rs := []rune(word)
			n := len(rs) - 1
			for n > 1 && (textWidth(st, string(rs[:n]), size) > width || isMark(rs[n])) {
				n--
			}
			lines = append(lines, string(rs[:n]))
			word = string(rs[n:])
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// isMark reports whether r attaches to the character before it (a
// combining accent, a Thai vowel or tone mark, a Devanagari vowel sign):
// a line never breaks before one.
func isMark(r rune) bool {
	return isJoiner(r) || unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}
