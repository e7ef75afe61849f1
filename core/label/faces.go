package label

import (
	"bytes"
	"fmt"
	"math"
	"sync"
	"unicode"

	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"

	"github.com/stationhand/stationhand/assets"
	"github.com/stationhand/stationhand/core/label/internal/ttf"
)

// style is how a piece of text is set; the face that draws each character
// is chosen per character (see faceFor).
type style int

const (
	regular style = iota
	bold
)

// face is one embedded font file.
type face int

const (
	faceRegular face = iota // DejaVu Sans: Latin, Greek, Cyrillic
	faceBold                // DejaVu Sans Bold
	faceThai
	faceThaiBold
	faceDeva
	faceDevaBold
	faceArabic
	faceArabicBold
	faceHebrew
	faceHebrewBold
	faceCJK // Droid Sans Fallback: ideographs and kana, regular only
	faceKorean
	faceKoreanBold
	numFaces
)

var faceFiles = [numFaces]struct {
	name string // PostScript-ish name for the PDF font dictionary
	data []byte
}{
	{"DejaVuSans", assets.DejaVuSans},
	{"DejaVuSans-Bold", assets.DejaVuSansBold},
	{"NotoSansThai", assets.NotoSansThai},
	{"NotoSansThai-Bold", assets.NotoSansThaiBold},
	{"NotoSansDevanagari", assets.NotoSansDevanagari},
	{"NotoSansDevanagari-Bold", assets.NotoSansDevanagariBold},
	{"NotoNaskhArabic", assets.NotoNaskhArabic},
	{"NotoNaskhArabic-Bold", assets.NotoNaskhArabicBold},
	{"NotoSansHebrew", assets.NotoSansHebrew},
	{"NotoSansHebrew-Bold", assets.NotoSansHebrewBold},
	{"DroidSansFallback", assets.DroidSansFallback},
	{"NanumSquare", assets.NanumSquare},
	{"NanumSquare-Bold", assets.NanumSquareBold},
}

// fallback is, per style, the order in which faces are asked for a
// character: DejaVu first (most label text is Latin), then the script
// faces; Droid before Nanum so Chinese and Japanese ideographs keep one
// design, Nanum for the Hangul syllables Droid lacks.
var fallback = [2][]face{
	regular: {faceRegular, faceThai, faceDeva, faceArabic, faceHebrew, faceCJK, faceKorean},
	bold:    {faceBold, faceThaiBold, faceDevaBold, faceArabicBold, faceHebrewBold, faceCJK, faceKoreanBold},
}

// loadedFace is one face parsed twice: by internal/ttf, which subsets it
// for PDFs, and by go-text, which shapes with it.
type loadedFace struct {
	ttf     *ttf.Font
	shape   *gtfont.Font // read-only, shared; each shaper wraps it in its own Face
	upem    float64
	asciiOf map[uint16]byte // glyph -> the printable ASCII character it draws
	runeOf  map[uint16]rune // glyph -> a character it draws, for PDF glyph names
	emW     []int16         // advance of each glyph in 1/1000 em, as the PDF's widths say
}

// hasRune reports whether the face's character map has r.
func (lf *loadedFace) hasRune(r rune) bool { return lf.ttf.Has(r) }

// emWidth is glyph g's advance in thousandths of an em, rounded as in the
// PDF font's /Widths.
func (lf *loadedFace) emWidth(g uint16) int { return int(lf.emW[g]) }

// faces parses each embedded font once, on first use; the 4 MiB CJK font
// is only parsed when a document needs it.
var faces [numFaces]func() (*loadedFace, error)

func init() {
	for i := range faces {
		faces[i] = sync.OnceValues(func() (*loadedFace, error) {
			data := faceFiles[i].data
			t, err := ttf.Parse(data)
			if err != nil {
				return nil, fmt.Errorf("label: embedded font %s: %w", faceFiles[i].name, err)
			}
			gf, err := gtfont.ParseTTF(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("label: embedded font %s for shaping: %w", faceFiles[i].name, err)
			}
			lf := &loadedFace{ttf: t, shape: gf.Font, upem: float64(t.UnitsPerEm()), runeOf: t.GlyphRunes()}
			lf.asciiOf = make(map[uint16]byte)
			for r := rune(firstCode); r <= maxASCII; r++ {
				g := uint16(t.Glyph(r))
				if _, dup := lf.asciiOf[g]; g != 0 && !dup {
					lf.asciiOf[g] = byte(r)
				}
			}
			lf.emW = make([]int16, t.NumGlyphs())
			for g := range lf.emW {
				lf.emW[g] = int16(math.Round(float64(t.GlyphAdvance(g)) * 1000 / lf.upem))
			}
			return lf, nil
		})
	}
}

// loaded returns the parsed face; the embedded files are known good (the
// tests parse them all), so an error here is a broken build.
func loaded(f face) *loadedFace {
	lf, err := faces[f]()
	if err != nil {
		panic(err)
	}
	return lf
}

// font returns the subsetting parser's view of a face.
func font(f face) *ttf.Font { return loaded(f).ttf }

// faceFor chooses the face that draws r in style st, given the face of
// the character before it (-1 at the start). Marks, joiners and
// characters common to all scripts (spaces, digits, punctuation) stay in
// the current face when it has them, so a cluster or a word is shaped by
// one font; anything else takes the first face in the fallback order that
// has it, else the style's first face (whose .notdef box then shows).
func faceFor(st style, r rune, cur face) face {
	if cur >= 0 {
		if isJoiner(r) || unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) {
			return cur
		}
		if sc := language.LookupScript(r); (sc == language.Common || sc == language.Inherited) && font(cur).Has(r) {
			return cur
		}
	}
	if f, ok := scriptFace[st][language.LookupScript(r)]; ok && font(f).Has(r) {
		return f
	}
	for _, f := range fallback[st] {
		if font(f).Has(r) {
			return f
		}
	}
	return fallback[st][0]
}

// scriptFace names the face made for a script, which wins over the
// fallback order: DejaVu Sans has Arabic and Hebrew letters too, but Noto
// Naskh Arabic and Noto Sans Hebrew are designed for them (DejaVu's Arabic
// has no Persian or Urdu forms and joins less well).
var scriptFace = [2]map[language.Script]face{
	regular: {language.Thai: faceThai, language.Devanagari: faceDeva, language.Arabic: faceArabic, language.Hebrew: faceHebrew, language.Hangul: faceKorean},
	bold:    {language.Thai: faceThaiBold, language.Devanagari: faceDevaBold, language.Arabic: faceArabicBold, language.Hebrew: faceHebrewBold, language.Hangul: faceKoreanBold},
}

// isJoiner: zero width joiner and non-joiner, and variation selectors.
func isJoiner(r rune) bool {
	return r == 0x200C || r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F)
}
