package ui

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Customer names in scripts Fyne's own font lacks render as letters, not
// as the boxes of a missing glyph, with the embedded fallback faces and
// nothing but the machine's font folders otherwise. Fyne reads the font
// folders once per process, so the check runs in a child process of its
// own, with a fresh font index.
func TestFallbackFontsRenderEveryScript(t *testing.T) {
	if os.Getenv("STATIONHAND_FONT_CHILD") == "1" {
		fallbackFontsChild(t)
		return
	}
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestFallbackFontsRenderEveryScript$", "-test.v")
	cmd.Env = append(os.Environ(), "STATIONHAND_FONT_CHILD=1", "HOME="+home,
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"STATIONHAND_FONT_DIR="+filepath.Join(home, "fallback-fonts"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

func fallbackFontsChild(t *testing.T) {
	if err := InstallFallbackFonts(os.Getenv("STATIONHAND_FONT_DIR")); err != nil {
		t.Fatal(err)
	}
	test.NewTempApp(t)
	render := func(s string) image.Image {
		w := test.NewTempWindow(t, container.NewVBox(widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})))
		w.Resize(fyne.NewSize(400, 60))
		return w.Canvas().Capture()
	}
	// U+E000 is a private-use character no font here has: Fyne draws the
	// missing-glyph box for it, as it would for a script it has no font
	// for.
	for _, tc := range []struct{ script, name string }{
		{"Thai", "สมชาย ใจดี"},
		{"Korean", "박지성"},
		{"Arabic", "محمد العلي"},
		{"Devanagari", "राजेश कुमार"},
		{"Hebrew", "דוד כהן"},
		{"Chinese", "王小明"},
		{"Japanese", "山田たろう"},
	} {
		got := render(tc.name)
		if d := os.Getenv("STATIONHAND_FONT_DUMP"); d != "" { // to look at them
			f, _ := os.Create(filepath.Join(d, tc.script+".png"))
			png.Encode(f, got)
			f.Close()
		}
		var tofu []rune
		for _, r := range tc.name {
			if r == ' ' {
				tofu = append(tofu, ' ')
			} else {
				tofu = append(tofu, 0xE000)
			}
		}
		boxes := render(string(tofu))
		if same, diff := imagesDiffer(got, boxes); !diff {
			t.Errorf("%s %q renders like missing-glyph boxes (%d of its pixels differ)", tc.script, tc.name, same)
		}
		if ink(got) == 0 {
			t.Errorf("%s %q renders nothing", tc.script, tc.name)
		}
	}
}

// imagesDiffer compares two captures: the number of differing pixels, and
// whether they differ in more than a few (anti-aliasing aside).
func imagesDiffer(a, b image.Image) (int, bool) {
	n := 0
	bounds := a.Bounds().Intersect(b.Bounds())
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2)+absDiff(g1, g2)+absDiff(b1, b2) > 3*0x2000 {
				n++
			}
		}
	}
	return n, n > 20
}

// ink counts pixels darker than the background's.
func ink(img image.Image) int {
	bg, _, _, _ := img.At(0, 0).RGBA()
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); absDiff(r, bg) > 0x4000 {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}
