package label

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/stationhand/stationhand/assets"
	"github.com/stationhand/stationhand/core/label/internal/ttf"
)

// style is how a piece of text is set; the face that draws each character
// is chosen per character (see runs).
type style int

const (
	regular style = iota
	bold
)

// face is one embedded font file.
type face int

const (
	faceRegular face = iota // DejaVu Sans
	faceBold                // DejaVu Sans Bold
	faceCJK                 // Droid Sans Fallback: what DejaVu lacks
	numFaces
)

var faceData = [numFaces][]byte{assets.DejaVuSans, assets.DejaVuSansBold, assets.DroidSansFallback}

// fonts parses each embedded font once, on first use; parsing the 4 MiB
// CJK font takes a fraction of a millisecond and happens only when a
// document needs it.
var fonts [numFaces]func() (*ttf.Font, error)

func init() {
	for i := range fonts {
		fonts[i] = sync.OnceValues(func() (*ttf.Font, error) {
			f, err := ttf.Parse(faceData[i])
			if err != nil {
				return nil, fmt.Errorf("label: embedded font %d: %w", i, err)
			}
			return f, nil
		})
	}
}

// font returns the parsed face; the embedded files are known good (the
// tests parse them), so an error here is a broken build.
func font(f face) *ttf.Font {
	ft, err := fonts[f]()
	if err != nil {
		panic(err)
	}
	return ft
}

// run is a stretch of text drawn with one face.
type run struct {
	face face
	text string
}

// runs splits s into stretches by the face that has each character: the
// style's DejaVu face, else the CJK fallback, else the DejaVu face (which
// draws its "missing" box).
func runs(st style, s string) []run {
	primary := faceRegular
	if st == bold {
		primary = faceBold
	}
	var out []run
	start, cur := 0, face(-1)
	for i, r := range s {
		f := primary
		if !font(primary).Has(r) && font(faceCJK).Has(r) {
			f = faceCJK
		}
		if f != cur {
			if cur >= 0 && i > start {
				out = append(out, run{cur, s[start:i]})
			}
			start, cur = i, f
		}
	}
	if cur >= 0 && len(s) > start {
		out = append(out, run{cur, s[start:]})
	}
	return out
}

const mmPerPt = 25.4 / 72

// textWidth is the width of s set in st at size points, in millimetres.
func textWidth(st style, s string, size float64) float64 {
	w := 0.0
	for _, rn := range runs(st, s) {
		w += runWidth(rn, size)
	}
	return w
}

func runWidth(rn run, size float64) float64 {
	f := font(rn.face)
	units := 0
	for _, r := range rn.text {
		units += f.Advance(r)
	}
	return float64(units) / float64(f.UnitsPerEm()) * size * mmPerPt
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
// is cut and ends in "…".
func fit(st style, s string, size, minSize, width float64) (string, float64) {
	for ; size > minSize; size -= 0.5 {
		if textWidth(st, s, size) <= width {
			return s, size
		}
	}
	size = minSize
	if textWidth(st, s, size) <= width {
		return s, size
	}
	rs := []rune(s)
	for len(rs) > 0 && textWidth(st, string(rs)+"…", size) > width {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimRight(string(rs), " ") + "…", size
}

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
			for n > 1 && textWidth(st, string(rs[:n]), size) > width {
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
