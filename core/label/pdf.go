package label

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jung-kurt/gofpdf"

	"github.com/stationhand/stationhand/core/label/internal/ttf"
)

// writePDF draws pages into one PDF.
//
// Fonts: gofpdf's UTF-8 font path costs about 2 ms per font per document
// whatever the text (it re-parses the font, JSON-hashes a 65,536-entry width
// table and compresses a 128 KiB glyph map), which alone would cap a
// two-font label near 200 documents a second. So each face is embedded the
// classic way instead, as a simple TrueType font: a subset of just the
// characters the document draws (made from the face parsed once per
// process), addressed by single-byte codes 32–255 whose /Differences
// encoding names each character ("uni00E9"), so viewers select glyphs
// through the font's Unicode cmap and text extraction recovers the
// Unicode text. A face with more than 224 distinct characters in one
// document is split over several such fonts. Printable ASCII, most of any
// label, comes from one font per face made once per process.
//
// Page content streams are left uncompressed: gofpdf allocates and clears
// a new 1 MiB compressor for every page, more than the rest of a label
// costs, and a label's content is only about 10 KB.
func writePDF(w io.Writer, pages []page) error {
	if err := checkCut(pages); err != nil {
		return err
	}
	plan, err := planFonts(pages)
	if err != nil {
		return err
	}
	pdf := gofpdf.NewCustom(&gofpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           gofpdf.SizeType{Wd: pages[0].W, Ht: pages[0].H},
	})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCreator("Stationhand", true)
	pdf.SetCompression(false)
	for _, pf := range plan.fonts {
		pdf.AddFontFromBytes(pf.name, "", pf.def, pf.file)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("label: embedding fonts: %w", err)
	}
	pdf.SetFillColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)

	for _, p := range pages {
		pdf.AddPageFormat("P", gofpdf.SizeType{Wd: p.W, Ht: p.H})
		for _, e := range p.elems {
			switch e := e.(type) {
			case *textElem:
				plan.draw(pdf, p.H, e)
			case *boxElem:
				pdf.Rect(e.X, e.Y, e.W, e.H, "F")
			case *barsElem:
				drawRuns(pdf, e.Bars, e.X, e.Y, e.Module, e.H)
			case *matrixElem:
				for i, row := range e.Rows {
					// Rows overlap by a hair so no seam shows between them.
					drawRuns(pdf, row, e.X, e.Y+float64(i)*e.Module, e.Module, e.Module+0.01)
				}
			}
		}
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("label: writing PDF: %w", err)
	}
	return nil
}

// drawRuns fills one rectangle per run of dark modules.
func drawRuns(pdf *gofpdf.Fpdf, mods []bool, x, y, module, h float64) {
	for i := 0; i < len(mods); {
		if !mods[i] {
			i++
			continue
		}
		j := i
		for j < len(mods) && mods[j] {
			j++
		}
		pdf.Rect(x+float64(i)*module, y, float64(j-i)*module, h, "F")
		i = j
	}
}

// Single-byte codes used for characters: 32 to 255.
const (
	firstCode    = 32
	codesPerFont = 256 - firstCode
)

// pdfFont is one embedded simple TrueType font of a document.
type pdfFont struct {
	name string // gofpdf family name: "f<face>_<chunk>"
	def  []byte // gofpdf font definition (JSON)
	file []byte // zlib-compressed subset TrueType file
}

// fontPlan says, for one document, which embedded font and byte code draws
// each glyph of each face.
type fontPlan struct {
	fonts []pdfFont
	codes [numFaces]map[uint16]int // glyph -> chunk<<8 | code
}

func planFonts(pages []page) (*fontPlan, error) {
	var used [numFaces]map[uint16]bool
	for _, p := range pages {
		for _, e := range p.elems {
			t, ok := e.(*textElem)
			if !ok {
				continue
			}
			for _, run := range shape(t.Style, t.Text).runs {
				if used[run.face] == nil {
					used[run.face] = make(map[uint16]bool)
				}
				for _, g := range run.glyphs {
					used[run.face][g.id] = true
				}
			}
		}
	}
	plan := &fontPlan{}
	for f := range used {
		if len(used[f]) == 0 {
			continue
		}
		lf := loaded(face(f))
		plan.codes[f] = make(map[uint16]int, len(used[f]))
		// The glyphs of printable ASCII come from a font made once per
		// process (chunk 0, WinAnsi codes); the document's other glyphs
		// from fonts made for it (chunks 1, 2, …).
		var rest []uint16
		ascii := false
		for g := range used[f] {
			if c, ok := lf.asciiOf[g]; ok {
				plan.codes[f][g] = int(c)
				ascii = true
			} else {
				rest = append(rest, g)
			}
		}
		if ascii {
			pf, err := asciiFonts[f]()
			if err != nil {
				return nil, err
			}
			plan.fonts = append(plan.fonts, pf)
		}
		slices.Sort(rest)
		for chunk := 1; len(rest) > 0; chunk++ {
			part := rest[:min(len(rest), codesPerFont)]
			rest = rest[len(part):]
			maps := make([]ttf.Mapping, len(part))
			inChunk := make(map[rune]bool, len(part))
			pua := rune(0xE000)
			for i, g := range part {
				plan.codes[f][g] = chunk<<8 | (firstCode + i)
				// Name the glyph by a character that maps to it, or, for
				// glyphs only shaping reaches, by a private-use one; the
				// line's ActualText carries its real text.
				r, ok := lf.runeOf[g]
				if !ok || r <= maxASCII || inChunk[r] {
					for inChunk[pua] || lf.hasRune(pua) {
						pua++
					}
					r = pua
				}
				inChunk[r] = true
				maps[i] = ttf.Mapping{R: r, G: int(g)}
			}
			pf, err := simpleFont(face(f), chunk, maps, true)
			if err != nil {
				return nil, err
			}
			plan.fonts = append(plan.fonts, pf)
		}
	}
	return plan, nil
}

// maxASCII is the last printable ASCII character.
const maxASCII = 0x7E

// asciiFonts hold, per face, the embedded font for printable ASCII, made on
// first use and shared by every document: most label text is ASCII, and
// this spares each document subsetting and compressing those glyphs.
var asciiFonts [numFaces]func() (pdfFont, error)

func init() {
	for f := range asciiFonts {
		asciiFonts[f] = sync.OnceValues(func() (pdfFont, error) {
			var maps []ttf.Mapping
			for r := rune(firstCode); r <= maxASCII; r++ {
				if g := font(face(f)).Glyph(r); g != 0 {
					maps = append(maps, ttf.Mapping{R: r, G: g})
				}
			}
			return simpleFont(face(f), 0, maps, false)
		})
	}
}

func pdfFontName(f face, chunk int) string {
	return "f" + strconv.Itoa(int(f)) + "_" + strconv.Itoa(chunk)
}

// gofpdfFontDef mirrors the JSON font definition gofpdf's AddFontFromBytes
// reads (its makefont output).
type gofpdfFontDef struct {
	Tp           string
	Name         string
	Desc         gofpdfFontDesc
	Up, Ut       int
	Cw           []int
	Enc          string
	Diff         string
	File         string
	OriginalSize int
}

// gofpdfFontDesc mirrors gofpdf.FontDescType, whose bounding box type is
// not exported.
type gofpdfFontDesc struct {
	Ascent, Descent, CapHeight, Flags int
	FontBBox                          struct{ Xmin, Ymin, Xmax, Ymax int }
	ItalicAngle, StemV, MissingWidth  int
}

// simpleFont builds the embedded font for up to 224 glyphs of a face,
// each named by its mapping's character. With differences, code
// firstCode+i draws maps[i] and the encoding names each character
// ("uni0E01"; viewers find the glyph through the subset's Unicode cmap);
// without, the characters must be printable ASCII, drawn by their own
// codes under the standard WinAnsi encoding.
func simpleFont(f face, chunk int, maps []ttf.Mapping, differences bool) (pdfFont, error) {
	ft := font(f)
	sub, err := ft.SubsetMapped(maps)
	if err != nil {
		return pdfFont{}, fmt.Errorf("label: font subset: %w", err)
	}
	scale := 1000 / float64(ft.UnitsPerEm())
	em := func(v int) int { return int(math.Round(float64(v) * scale)) }
	cw := make([]int, 256)
	var diff strings.Builder
	if differences {
		diff.WriteString(strconv.Itoa(firstCode))
		for i, m := range maps {
			cw[firstCode+i] = em(ft.GlyphAdvance(m.G))
			fmt.Fprintf(&diff, " /uni%04X", m.R)
		}
	} else {
		for _, m := range maps {
			cw[m.R] = em(ft.GlyphAdvance(m.G))
		}
	}
	bb := ft.BBox()
	name := pdfFontName(f, chunk)
	def, err := json.Marshal(gofpdfFontDef{
		Tp: "TrueType",
		// A subset font's PostScript name carries a six-letter tag.
		Name: fmt.Sprintf("SHF%c%c%c+%s", 'A'+int(f), 'A'+chunk/26%26, 'A'+chunk%26, faceFiles[f].name),
		Desc: gofpdfFontDesc{
			Ascent:       em(ft.Ascent()),
			Descent:      em(ft.Descent()),
			CapHeight:    em(ft.CapHeight()),
			Flags:        gofpdf.FontFlagNonsymbolic,
			FontBBox:     struct{ Xmin, Ymin, Xmax, Ymax int }{em(bb[0]), em(bb[1]), em(bb[2]), em(bb[3])},
			StemV:        50 + int(math.Pow(float64(ft.Weight())/65, 2)),
			MissingWidth: em(ft.Advance(0)),
		},
		Up:           -100,
		Ut:           50,
		Cw:           cw,
		Diff:         diff.String(),
		File:         name + ".z",
		OriginalSize: len(sub),
	})
	if err != nil {
		return pdfFont{}, fmt.Errorf("label: font definition: %w", err)
	}
	return pdfFont{name: name, def: def, file: deflate(sub)}, nil
}

// zlibWriters keeps a few compressors for reuse. A new one allocates and
// clears about 1 MiB, more than the rest of a label; a sync.Pool would
// drop them at every garbage collection, which at hundreds of labels a
// second is often.
var zlibWriters = make(chan *zlib.Writer, 4)

// deflate zlib-compresses b, reusing compressors across documents.
func deflate(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b) / 2)
	var zw *zlib.Writer
	select {
	case zw = <-zlibWriters:
		zw.Reset(&out)
	default:
		zw, _ = zlib.NewWriterLevel(&out, zlib.BestSpeed) // valid level: no error
	}
	zw.Write(b) // writes to a bytes.Buffer cannot fail
	zw.Close()
	select {
	case zlibWriters <- zw:
	default:
	}
	return out.Bytes()
}
