package label

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/datamatrix"
	"github.com/boombuler/barcode/qr"
)

// Symbol quiet zones, in modules: what a scanner needs clear around a
// symbol. Layouts keep this much white space free.
const (
	quiet1D = 10 // Code 128 / GS1-128: 10 X each side
	quietQR = 4  // QR: 4 modules all round
	quietDM = 1  // DataMatrix: 1 module all round (we leave 2)
)

// gs1SSCC encodes AI (00) and an SSCC as GS1-128: Code 128 starting with
// FNC1, all in code set C. zpl is the same symbol as ^BC field data:
// ">;" starts code set C and ">8" is FNC1.
func gs1SSCC(sscc string) (bars []bool, zpl string, err error) {
	if len(sscc) != 18 || strings.Trim(sscc, "0123456789") != "" {
		return nil, "", fmt.Errorf("label: GS1-128 of SSCC %q: not 18 digits", sscc)
	}
	bars, zpl = code128("00"+sscc, true)
	return bars, zpl, nil
}

// code128Bars encodes printable ASCII data as Code 128. zpl is the ^BC
// field data of the same symbol: the code sets the bars use, with ">"
// written as the invocation ">0".
func code128Bars(data string) (bars []bool, zpl string, err error) {
	if !printableASCII(data) {
		return nil, "", fmt.Errorf("label: Code 128 data %q is not printable ASCII", data)
	}
	bars, zpl = code128(data, false)
	return bars, zpl, nil
}

func modules1D(bc barcode.Barcode) []bool {
	b := bc.Bounds()
	bars := make([]bool, b.Dx())
	for x := range bars {
		bars[x] = dark(bc.At(b.Min.X+x, b.Min.Y))
	}
	return bars
}

// qrMatrix encodes data as a QR code with error correction level M.
func qrMatrix(data string) ([][]bool, error) {
	bc, err := qr.Encode(data, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("label: QR code of %q: %w", data, err)
	}
	return modules2D(bc), nil
}

// dmMatrix encodes data as an ECC 200 DataMatrix.
func dmMatrix(data string) ([][]bool, error) {
	bc, err := datamatrix.Encode(data)
	if err != nil {
		return nil, fmt.Errorf("label: DataMatrix of %q: %w", data, err)
	}
	return modules2D(bc), nil
}

func modules2D(bc barcode.Barcode) [][]bool {
	b := bc.Bounds()
	rows := make([][]bool, b.Dy())
	for y := range rows {
		rows[y] = make([]bool, b.Dx())
		for x := range rows[y] {
			rows[y][x] = dark(bc.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return rows
}

func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r+g+b < 3*0x8000
}
