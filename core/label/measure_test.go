package label

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"slices"
	"testing"
)

// The barcode geometry checks measure the picture an independent renderer
// made (zebrash for ZPL, poppler for PDF), not our layout: where the bars
// are, how tall they stand, how much light space lies beside them.

// bitmap is a picture reduced to dark and light pixels: a 1-bit threshold
// at half grey.
type bitmap struct {
	w, h int
	dark []bool
}

func (b *bitmap) at(x, y int) bool { return b.dark[y*b.w+x] }

func loadBitmap(t *testing.T, path string) *bitmap {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	r := img.Bounds()
	gray := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(gray, gray.Rect, img, r.Min, draw.Src)
	b := &bitmap{w: r.Dx(), h: r.Dy(), dark: make([]bool, r.Dx()*r.Dy())}
	for i, v := range gray.Pix {
		b.dark[i] = v < 128
	}
	return b
}

// writeBitmap stores b as a 1-bit PNG, for zbarimg to read the thresholded
// picture as a printer without grey levels would make it.
func writeBitmap(t *testing.T, b *bitmap, path string) {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, b.w, b.h), color.Palette{color.White, color.Black})
	for i, d := range b.dark {
		if d {
			img.Pix[i] = 1
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// darkRun is a horizontal run of dark pixels [start, end).
type darkRun struct{ start, end int }

func (b *bitmap) runs(y int) []darkRun {
	var rs []darkRun
	for x := 0; x < b.w; {
		if !b.at(x, y) {
			x++
			continue
		}
		s := x
		for x < b.w && b.at(x, y) {
			x++
		}
		rs = append(rs, darkRun{s, x})
	}
	return rs
}

// linear is a one-dimensional symbol found in a picture: a band of rows
// that all hold the same pattern of at least 20 bars.
type linear struct {
	top, bottom    int // rows [top, bottom)
	x0, x1         int // left edge of the first bar, right edge of the last
	bars           int
	quietL, quietR int // light pixels beside the symbol over all its rows, up to the next dark pixel or the picture's edge
}

// modules is the symbol's width in modules if it is a Code 128 symbol: k
// symbol characters of 3 bars and 11 modules each, and the stop character
// of 4 bars and 13 modules. 0 if the bar count does not fit.
func (l linear) modules() int {
	if (l.bars-4)%3 != 0 {
		return 0
	}
	return 11*(l.bars-4)/3 + 13
}

// moduleWidth is the measured narrowest element width X, in pixels.
func (l linear) moduleWidth() float64 { return float64(l.x1-l.x0) / float64(l.modules()) }

// findLinear returns the one-dimensional symbols in b. A band must be at
// least minRows tall, which no line of text is.
func findLinear(b *bitmap, minRows int) []linear {
	var out []linear
	for y := 0; y < b.h; {
		rs := b.runs(y)
		if len(rs) < 20 {
			y++
			continue
		}
		end := y + 1
		for end < b.h && slices.Equal(b.runs(end), rs) {
			end++
		}
		if end-y >= minRows {
			l := linear{top: y, bottom: end, x0: rs[0].start, x1: rs[len(rs)-1].end, bars: len(rs)}
			l.quietL, l.quietR = l.x0, b.w-l.x1
			for yy := y; yy < end; yy++ {
				for x := l.x0 - 1; x >= 0 && l.x0-x <= l.quietL; x-- {
					if b.at(x, yy) {
						l.quietL = l.x0 - x - 1
						break
					}
				}
				for x := l.x1; x < b.w && x-l.x1 < l.quietR; x++ {
					if b.at(x, yy) {
						l.quietR = x - l.x1
						break
					}
				}
			}
			out = append(out, l)
		}
		y = end
	}
	return out
}

// darkSpan returns the leftmost and rightmost dark columns in rows
// [top, bottom), ok false when they are all light.
func (b *bitmap) darkSpan(top, bottom int) (left, right int, ok bool) {
	left, right = b.w, -1
	for y := max(top, 0); y < min(bottom, b.h); y++ {
		for x := 0; x < b.w; x++ {
			if b.at(x, y) {
				left, right = min(left, x), max(right, x)
			}
		}
	}
	return left, right, right >= 0
}
