package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/code128"
	"github.com/jung-kurt/gofpdf"

	"github.com/stationhand/stationhand/core/enrol"
)

// writeEnrolmentCode shows an enrolment code: as a QR symbol in the
// terminal (out ""), or as a PNG (the QR symbol) or a PDF page (QR symbol,
// the one-time code as Code 128 and in letters, the hub and expiry) to
// print and scan.
func writeEnrolmentCode(w io.Writer, out string, c enrol.Code, expires time.Time) error {
	sym, err := c.QR()
	if err != nil {
		return err
	}
	switch strings.ToLower(filepath.Ext(out)) {
	case "":
		if out != "" {
			return fmt.Errorf("write the enrolment code to a .png or .pdf file, not %s", out)
		}
		printQR(w, sym)
		return nil
	case ".png":
		b, err := c.PNG(8)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	case ".pdf":
		return writeFileWith(out, func(f io.Writer) error { return enrolmentPDF(f, c, sym, expires) })
	default:
		return fmt.Errorf("write the enrolment code to a .png or .pdf file, not %s", out)
	}
}

// printQR draws the symbol with half blocks, two modules a character row,
// black on white whatever the terminal's colours.
func printQR(w io.Writer, sym barcode.Barcode) {
	const quiet = 2
	b := sym.Bounds()
	dark := func(x, y int) bool {
		if x < b.Min.X || y < b.Min.Y || x >= b.Max.X || y >= b.Max.Y {
			return false
		}
		r, _, _, _ := sym.At(x, y).RGBA()
		return r < 0x8000
	}
	for y := b.Min.Y - quiet; y < b.Max.Y+quiet; y += 2 {
		var sb strings.Builder
		sb.WriteString("\x1b[30;47m")
		for x := b.Min.X - quiet; x < b.Max.X+quiet; x++ {
			switch top, bottom := dark(x, y), dark(x, y+1); {
			case top && bottom:
				sb.WriteString("█")
			case top:
				sb.WriteString("▀")
			case bottom:
				sb.WriteString("▄")
			default:
				sb.WriteString(" ")
			}
		}
		sb.WriteString("\x1b[0m\n")
		io.WriteString(w, sb.String())
	}
}

func enrolmentPDF(w io.Writer, c enrol.Code, sym barcode.Barcode, expires time.Time) error {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 20)
	pdf.Cell(0, 12, "Stationhand: enrol a station")
	pdf.Ln(14)
	pdf.SetFont("Helvetica", "", 12)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	for _, line := range []string{
		"Start Stationhand on the new station and scan this code at \"Scan the enrolment code\".",
		"Hub: " + c.HubURL, "Location: " + c.Location,
		"Valid once, until " + expires.Local().Format("2006-01-02 15:04 MST") + ".",
	} {
		pdf.MultiCell(0, 6, tr(line), "", "L", false)
	}
	if err := placeImage(pdf, "qr", enrol.Scaled(sym, 10, 4), 20, 60, 90); err != nil {
		return err
	}
	pdf.SetXY(20, 160)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, "Or type the hub's address and this one-time code:", "", "L", false)
	bc, err := code128.Encode(c.OneTime)
	if err != nil {
		return fmt.Errorf("enrolment Code 128: %w", err)
	}
	if err := placeImage(pdf, "code128", scaled1D(bc, 3, 10, 60), 20, 170, 110); err != nil {
		return err
	}
	pdf.SetXY(20, 200)
	pdf.SetFont("Courier", "B", 22)
	pdf.Cell(0, 10, c.OneTime)
	return pdf.Output(w)
}

// scaled1D draws a linear barcode scale pixels a module, height pixels tall.
func scaled1D(bc barcode.Barcode, scale, quiet, height int) image.Image {
	n := bc.Bounds().Dx()
	img := image.NewGray(image.Rect(0, 0, (n+2*quiet)*scale, height))
	for x := range img.Bounds().Dx() {
		m := x/scale - quiet
		c := color.Gray{Y: 255}
		if m >= 0 && m < n {
			if r, _, _, _ := bc.At(m, 0).RGBA(); r < 0x8000 {
				c = color.Gray{}
			}
		}
		for y := range height {
			img.SetGray(x, y, c)
		}
	}
	return img
}

func placeImage(pdf *gofpdf.Fpdf, name string, img image.Image, x, y, width float64) error {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "PNG"}, &buf)
	pdf.ImageOptions(name, x, y, width, 0, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	return pdf.Error()
}

func writeFileWith(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}
