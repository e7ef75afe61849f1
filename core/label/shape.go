package label

import (
	"sync"
	"sync/atomic"

	"github.com/go-text/typesetting/di"
	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"
)

// shapedText is one line of text as it is drawn: runs of glyphs in
// display order (left to right), each run in one face, with the logical
// text kept for the PDF's copyable text. Glyph metrics are in the face's
// font units, so one shaping serves every point size (the outlines are
// unhinted and scale linearly).
type shapedText struct {
	text  string
	runs  []glyphRun
	width float64 // in ems: points per point of size
	// spans are the bidi runs in display order: the text a PDF gives for
	// the glyphs of runs[i] with runs[i].span == j is spans[j].text.
	spans []textSpan
}

type glyphRun struct {
	face   face
	glyphs []shapedGlyph
	span   int
}

// textSpan is one bidi run's text for copy and search. Right-to-left runs
// hold their text in display order (bidi.ReverseString: reversed, marks
// after their bases), as if each glyph carried its own characters: text
// extraction (poppler's pdftotext, Acrobat) reorders right-to-left text
// from display to logical order itself, and would otherwise reverse a
// logical ActualText. plain: the glyphs are the text's characters one for
// one, so the fonts' glyph names already give the text.
type textSpan struct {
	text  string
	plain bool
}

// shapedGlyph: glyph id, advance and offset from the pen in font units
// (y up).
type shapedGlyph struct {
	id     uint16
	adv    int32
	dx, dy int32
}

// widthMM is the width of the shaped line at size points, in millimetres.
func (s *shapedText) widthMM(size float64) float64 { return s.width * size * mmPerPt }

// shapers are HarfBuzz shapers, each with its own go-text faces (a face
// caches glyph extents and is not safe for concurrent use).
var shapers = sync.Pool{New: func() any { return &shaper{} }}

type shaper struct {
	hb    shaping.HarfbuzzShaper
	faces [numFaces]*gtfont.Face
}

func (s *shaper) face(f face) *gtfont.Face {
	if s.faces[f] == nil {
		s.faces[f] = gtfont.NewFace(loaded(f).shape)
	}
	return s.faces[f]
}

// shapeCache keeps shaped lines by style and text: labels repeat their
// captions and the sender's address on every label of a batch, and fit
// measures a line at several sizes. It is dropped whole when it grows
// large, which is simpler than an LRU and as good for batches.
var (
	shapeCache     sync.Map // shapeKey -> *shapedText
	shapeCacheSize atomic.Int64
)

type shapeKey struct {
	st   style
	text string
}

const shapeCacheMax = 20000

// shape lays out one line of text in style st: bidi levels and display
// order (bidi.go), a face for each character (faceFor), and within each
// run of one face and direction, HarfBuzz shaping (go-text/typesetting)
// with the run's script, so Thai marks stack, Devanagari conjuncts form,
// and Arabic letters join.
func shape(st style, text string) *shapedText {
	key := shapeKey{st, text}
	if v, ok := shapeCache.Load(key); ok {
		return v.(*shapedText)
	}
	s := shapeUncached(st, text)
	if shapeCacheSize.Add(1) > shapeCacheMax {
		shapeCache.Clear()
		shapeCacheSize.Store(0)
	}
	shapeCache.Store(key, s)
	return s
}

func shapeUncached(st style, text string) *shapedText {
	out := &shapedText{text: text}
	rs := []rune(text)
	if len(rs) == 0 {
		return out
	}
	faceOf := make([]face, len(rs))
	cur := face(-1)
	for i, r := range rs {
		cur = faceFor(st, r, cur)
		faceOf[i] = cur
	}
	levels, _ := bidiLevels(rs)
	sh := shapers.Get().(*shaper)
	defer shapers.Put(sh)
	units := 0.0
	for _, br := range visualOrder(levels) {
		rtl := levels[br[0]]%2 == 1
		span := len(out.spans)
		first := len(out.runs)
		// Split the bidi run by face; a right-to-left run shows its
		// pieces right to left.
		var pieces [][2]int
		for i := br[0]; i < br[1]; {
			j := i
			for j < br[1] && faceOf[j] == faceOf[i] {
				j++
			}
			pieces = append(pieces, [2]int{i, j})
			i = j
		}
		if rtl {
			for a, b := 0, len(pieces)-1; a < b; a, b = a+1, b-1 {
				pieces[a], pieces[b] = pieces[b], pieces[a]
			}
		}
		for _, pc := range pieces {
			f := faceOf[pc[0]]
			run := sh.shapeRun(rs, pc[0], pc[1], f, rtl)
			for _, g := range run.glyphs {
				units += float64(g.adv) / loaded(f).upem
			}
			run.span = span
			out.runs = append(out.runs, run)
		}
		text := string(rs[br[0]:br[1]])
		plain := !rtl && isPlain(rs[br[0]:br[1]], out.runs[first:])
		if rtl {
			text = bidi.ReverseString(text)
		}
		out.spans = append(out.spans, textSpan{text, plain})
	}
	out.width = units
	return out
}

// shapeRun shapes rs[start:end], all in face f, with the rest of rs as
// context.
func (sh *shaper) shapeRun(rs []rune, start, end int, f face, rtl bool) glyphRun {
	lf := loaded(f)
	script := language.Common
	for _, r := range rs[start:end] {
		if sc := language.LookupScript(r); sc != language.Common && sc != language.Inherited {
			script = sc
			break
		}
	}
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	o := sh.hb.Shape(shaping.Input{
		Text:      rs,
		RunStart:  start,
		RunEnd:    end,
		Direction: dir,
		Face:      sh.face(f),
		Size:      fixed.I(int(lf.upem)), // results in font units
		Script:    script,
	})
	run := glyphRun{face: f, glyphs: make([]shapedGlyph, len(o.Glyphs))}
	for i, g := range o.Glyphs {
		sg := shapedGlyph{
			id:  uint16(g.GlyphID),
			adv: int32(g.XAdvance.Round()),
			dx:  int32(g.XOffset.Round()),
			dy:  int32(g.YOffset.Round()),
		}
		run.glyphs[i] = sg
	}
	return run
}

// isPlain reports whether the glyphs are exactly the characters' own
// glyphs, one each, in logical order: then a PDF's text extraction gets
// the text right from the glyph names alone.
func isPlain(rs []rune, runs []glyphRun) bool {
	i := 0
	for _, run := range runs {
		lf := loaded(run.face)
		for _, g := range run.glyphs {
			if i >= len(rs) || lf.ttf.Glyph(rs[i]) != int(g.id) || g.dx != 0 || g.dy != 0 {
				return false
			}
			i++
		}
	}
	return i == len(rs)
}
