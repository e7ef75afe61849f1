package ttf

import (
	"bytes"
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
				if len(fd) >= 2 && int16(be.Uint16(fd)) >= 0 && !bytes.Equal(fd, sd[:len(fd)]) {
					t.Errorf("%q: simple glyph outline differs", r)
				}
				if len(sd) < len(fd) || len(sd) > len(fd)+3 {
					t.Errorf("%q: glyph %d bytes, subset %d", r, len(fd), len(sd))
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
		if !bytes.Equal(s.glyphData(c), full.glyphData(want[i])[:len(s.glyphData(c))]) && len(full.glyphData(want[i])) > 0 {
			t.Errorf("component %d of %q does not match the original", i, comp)
		}
	}
	if s.numGlyphs != 2+len(want) {
		t.Errorf("subset has %d glyphs, want .notdef + %q + %d components", s.numGlyphs, comp, len(want))
	}
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
