package enrol

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// QR is the code's QR symbol (error correction M: a printed or on-screen
// code survives a smudge or a glare).
func (c Code) QR() (barcode.Barcode, error) {
	sym, err := qr.Encode(c.String(), qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("enrolment QR: %w", err)
	}
	return sym, nil
}

// PNG is the code's QR symbol as a PNG, scale pixels a module with the
// four-module quiet zone scanners need. `hub enroll --qr --out x.png` and
// the console's stations page show the same image.
func (c Code) PNG(scale int) ([]byte, error) {
	sym, err := c.QR()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, Scaled(sym, scale, 4)); err != nil {
		return nil, fmt.Errorf("enrolment QR: %w", err)
	}
	return buf.Bytes(), nil
}

// Scaled draws a 2D symbol at scale pixels a module with a quiet zone of
// quiet modules, black on white.
func Scaled(sym barcode.Barcode, scale, quiet int) image.Image {
	b := sym.Bounds()
	wm, hm := b.Dx()+2*quiet, b.Dy()+2*quiet
	img := image.NewGray(image.Rect(0, 0, wm*scale, hm*scale))
	for y := range hm * scale {
		for x := range wm * scale {
			mx, my := x/scale-quiet+b.Min.X, y/scale-quiet+b.Min.Y
			c := color.Gray{Y: 255}
			if mx >= b.Min.X && my >= b.Min.Y && mx < b.Max.X && my < b.Max.Y {
				if r, _, _, _ := sym.At(mx, my).RGBA(); r < 0x8000 {
					c = color.Gray{}
				}
			}
			img.SetGray(x, y, c)
		}
	}
	return img
}
