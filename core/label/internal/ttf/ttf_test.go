package ttf

import (
	"fmt"
	"testing"

	"github.com/stationhand/stationhand/assets"
)

func mustParse(t testing.TB, data []byte) *Font {
	t.Helper()
	f, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestParseCoverage(t *testing.T) {
	dejavu := mustParse(t, assets.DejaVuSans)
	bold := mustParse(t, assets.DejaVuSansBold)
	droid := mustParse(t, assets.DroidSansFallback)
	tests := []struct {
		name string
		font *Font
		r    rune
		want bool
	}{
		{"dejavu A", dejavu, 'A', true},
		{"dejavu é", dejavu, 'é', true},
		{"dejavu ß", dejavu, 'ß', true},
		{"dejavu ł", dejavu, 'ł', true},
		{"dejavu Ж", dejavu, 'Ж', true},
		{"dejavu Ω", dejavu, 'Ω', true},
		{"dejavu 中", dejavu, '中', false},
		{"dejavu astral", dejavu, 0x1F600, false},
		{"bold Ж", bold, 'Ж', true},
		{"bold 文", bold, '文', false},
		{"droid 中", droid, '中', true},
		{"droid 文", droid, '文', true},
		{"droid あ", droid, 'あ', true},
		{"droid 한 (no Hangul syllables: see assets/fonts/README.md)", droid, '한', false},
		{"droid unassigned", droid, 0xFFFE, false},
	}
	for _, tt := range tests {
		if got := tt.font.Has(tt.r); got != tt.want {
			t.Errorf("%s: Has(%U) = %v, want %v", tt.name, tt.r, got, tt.want)
		}
	}
	if dejavu.UnitsPerEm() != 2048 || droid.UnitsPerEm() != 256 {
		t.Errorf("unitsPerEm = %d, %d; want 2048, 256", dejavu.UnitsPerEm(), droid.UnitsPerEm())
	}
	if dejavu.Advance('W') <= dejavu.Advance('i') {
		t.Errorf("advance W %d <= i %d", dejavu.Advance('W'), dejavu.Advance('i'))
	}
}

func TestParseRejects(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":    nil,
		"otf":      append([]byte("OTTO"), make([]byte, 20)...),
		"ttc":      append([]byte("ttcf"), make([]byte, 20)...),
		"no table": {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		"cut":      assets.DejaVuSans[:1000],
	} {
		if _, err := Parse(data); err == nil {
			t.Errorf("%s: Parse succeeded", name)
		}
	}
}

func TestSubset(t *testing.T) {
	for name, data := range map[string][]byte{
		"DejaVuSans":        assets.DejaVuSans,
		"DejaVuSansBold":    assets.DejaVuSansBold,
		"DroidSansFallback": assets.DroidSansFallback,
	} {
		t.Run(name, func(t *testing.T) {
			full := mustParse(t, data)
			text := []rune("Zoë Łukasz, Straße 12 — Жуков Ωμέγα 中文 北京市 ÅÉÎÕÜ")
			sub, err := full.Subset(text)
			if err != nil {
				t.Fatal(err)
			}
			if len(sub) > len(data)/10 {
				t.Errorf("subset is %d bytes of %d: not a subset", len(sub), len(data))
			}
			s := mustParse(t, sub)
			covered := 0
			for _, r := range text {
				if full.Has(r) != s.Has(r) {
					t.Errorf("%q: full has %v, subset has %v", r, full.Has(r), s.Has(r))
				}
				if !full.Has(r) {
					continue
				}
				covered++
				if full.Advance(r) != s.Advance(r) {
					t.Errorf("%q: advance %d, subset %d", r, full.Advance(r), s.Advance(r))
				}
				fd, sd := full.glyphData(full.Glyph(r)), s.glyphData(s.Glyph(r))
				if len(fd) >= 10 && int16(be.Uint16(fd)) >= 0 {
					if !samePoints(t, fd, sd) {
						t.Errorf("%q: outline differs from the original", r)
					}
					if len(sd) > len(fd)+3 {
						t.Errorf("%q: glyph grew from %d to %d bytes", r, len(fd), len(sd))
					}
				}
			}
			if covered == 0 {
				t.Fatal("font covers none of the text")
			}
			for _, r := range []rune{'Q', 'q', '@'} {
				if s.Has(r) {
					t.Errorf("subset has unused rune %q", r)
				}
			}
			// Every composite in the subset refers to glyphs inside it.
			for g := 0; g < s.numGlyphs; g++ {
				if _, err := s.components(g); err != nil {
					t.Error(err)
				}
			}
			for _, tab := range []string{"fpgm", "prep", "cvt "} {
				if s.tables[tab] != nil {
					t.Errorf("subset keeps hinting table %q", tab)
				}
			}
			for g := 0; g < s.numGlyphs; g++ {
				d := s.glyphData(g)
				if len(d) >= 10 && int16(be.Uint16(d)) >= 0 {
					if at := 10 + 2*int(be.Uint16(d)); be.Uint16(d[at:]) != 0 {
						t.Errorf("glyph %d keeps %d bytes of instructions", g, be.Uint16(d[at:]))
					}
				}
			}
			if got := checksum(sub); got != 0xB1B0AFBA {
				t.Errorf("whole-font checksum = %#x, want 0xB1B0AFBA", got)
			}
		})
	}
}

// TestSubsetComposite checks that a composite glyph (DejaVu builds many
// accented letters from a base and an accent) brings its components along.
func TestSubsetComposite(t *testing.T) {
	full := mustParse(t, assets.DejaVuSans)
	var comp rune
	for _, r := range "éèêëàâäôöüçñłŁ" {
		if c, _ := full.components(full.Glyph(r)); len(c) > 0 {
			comp = r
			break
		}
	}
	if comp == 0 {
		t.Fatal("no composite glyph found among the accented letters")
	}
	sub, err := full.Subset([]rune{comp})
	if err != nil {
		t.Fatal(err)
	}
	s := mustParse(t, sub)
	comps, err := s.components(s.Glyph(comp))
	if err != nil || len(comps) == 0 {
		t.Fatalf("composite %q in subset: components %v, %v", comp, comps, err)
	}
	want, _ := full.components(full.Glyph(comp))
	for i, c := range comps {
		if !samePoints(t, full.glyphData(want[i]), s.glyphData(c)) {
			t.Errorf("component %d of %q does not match the original", i, comp)
		}
	}
	if s.numGlyphs != 2+len(want) {
		t.Errorf("subset has %d glyphs, want .notdef + %q + %d components", s.numGlyphs, comp, len(want))
	}
	if len(s.glyphData(s.Glyph(comp))) > len(full.glyphData(full.Glyph(comp)))+3 {
		t.Errorf("composite grew")
	}
}

// samePoints decodes two simple glyphs and reports whether they have the
// same contours and points (instructions may differ).
func samePoints(t *testing.T, a, b []byte) bool {
	t.Helper()
	pa, err := decodeSimple(a)
	if err != nil {
		t.Fatalf("original: %v", err)
	}
	pb, err := decodeSimple(b)
	if err != nil {
		t.Errorf("subset: %v", err)
		return false
	}
	if len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		if pa[i] != pb[i] {
			return false
		}
	}
	return true
}

// decodeSimple decodes a simple glyph into its bounding box, contour ends
// and points (x, y, on-curve), independently of the code under test.
func decodeSimple(d []byte) ([]int, error) {
	if len(d) == 0 {
		return nil, nil
	}
	if len(d) < 10 {
		return nil, fmt.Errorf("short glyph")
	}
	n := int(int16(be.Uint16(d)))
	if n < 0 {
		return nil, fmt.Errorf("composite")
	}
	out := []int{n, int(int16(be.Uint16(d[2:]))), int(int16(be.Uint16(d[4:]))), int(int16(be.Uint16(d[6:]))), int(int16(be.Uint16(d[8:])))}
	p := 10
	npts := 0
	for i := 0; i < n; i++ {
		end := int(be.Uint16(d[p:]))
		out = append(out, end)
		npts = end + 1
		p += 2
	}
	p += 2 + int(be.Uint16(d[p:]))
	flags := make([]byte, 0, npts)
	for len(flags) < npts {
		f := d[p]
		p++
		flags = append(flags, f)
		if f&8 != 0 {
			for r := d[p]; r > 0; r-- {
				flags = append(flags, f)
			}
			p++
		}
	}
	coord := func(short, same byte) []int {
		vals := make([]int, npts)
		v := 0
		for i, f := range flags {
			switch {
			case f&short != 0:
				dv := int(d[p])
				p++
				if f&same == 0 {
					dv = -dv
				}
				v += dv
			case f&same == 0:
				v += int(int16(be.Uint16(d[p:])))
				p += 2
			}
			vals[i] = v
		}
		return vals
	}
	xs := coord(2, 16)
	ys := coord(4, 32)
	for i := range flags {
		out = append(out, xs[i], ys[i], int(flags[i]&1))
	}
	return out, nil
}

func BenchmarkSubsetLatin(b *testing.B) {
	f := mustParse(b, assets.DejaVuSans)
	text := []rune("Zoë Łukasz Straße 12, 10115 Berlin DE Жуков ORDER-10023 Express 1.2 kg")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Subset(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDroid(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		mustParse(b, assets.DroidSansFallback)
	}
}

func TestMetrics(t *testing.T) {
	tests := []struct {
		name      string
		data      []byte
		weight    int
		capHeight bool // font declares a cap height below its ascent
	}{
		{"DejaVuSans", assets.DejaVuSans, 400, true},
		{"DejaVuSansBold", assets.DejaVuSansBold, 700, true},
		{"DroidSansFallback", assets.DroidSansFallback, 400, false},
	}
	for _, tt := range tests {
		f := mustParse(t, tt.data)
		if got := f.Weight(); got != tt.weight {
			t.Errorf("%s: weight %d, want %d", tt.name, got, tt.weight)
		}
		bb := f.BBox()
		if !(bb[0] <= 0 && bb[1] < 0 && bb[2] > f.UnitsPerEm()/2 && bb[3] > f.UnitsPerEm()/2) {
			t.Errorf("%s: implausible bbox %v (upem %d, ascent %d)", tt.name, bb, f.UnitsPerEm(), f.Ascent())
		}
		if f.Descent() >= 0 || f.Ascent() <= 0 {
			t.Errorf("%s: ascent %d descent %d", tt.name, f.Ascent(), f.Descent())
		}
		if ch := f.CapHeight(); ch <= 0 || ch > f.Ascent() || (tt.capHeight && ch == f.Ascent()) {
			t.Errorf("%s: cap height %d (ascent %d)", tt.name, ch, f.Ascent())
		}
	}
}
