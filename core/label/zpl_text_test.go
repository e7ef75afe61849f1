package label

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// gfField is one ^FOx,y^GFA graphic field of a ZPL format.
var gfField = regexp.MustCompile(`\^FO(\d+),(\d+)\^GFA,(\d+),(\d+),(\d+),([^\^]*)\^FS`)

// decodeGF expands ^GFA data in ZPL's ASCII compression (hex digits,
// repeat counts G–Y and g–z, "," for the rest of a row white, ":" for a
// copy of the row before), as a printer does, into rows of bpr bytes.
func decodeGF(t *testing.T, data string, bpr, total int) [][]byte {
	t.Helper()
	var rows [][]byte
	var cur []byte // hex digits of the row being read
	count := 0
	finish := func(fill byte) {
		for len(cur) < 2*bpr {
			cur = append(cur, fill)
		}
		row := make([]byte, bpr)
		for i := range row {
			v, err := strconv.ParseUint(string(cur[2*i:2*i+2]), 16, 8)
			if err != nil {
				t.Fatalf("bad hex %q", cur[2*i:2*i+2])
			}
			row[i] = byte(v)
		}
		rows = append(rows, row)
		cur = cur[:0]
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c >= 'G' && c <= 'Y':
			count += int(c-'G') + 1
		case c >= 'g' && c <= 'z':
			count += 20 * (int(c-'g') + 1)
		case c == ',':
			finish('0')
		case c == ':':
			if len(rows) == 0 {
				t.Fatal(": before any row")
			}
			rows = append(rows, append([]byte(nil), rows[len(rows)-1]...))
		case strings.IndexByte("0123456789ABCDEF", c) >= 0:
			n := max(count, 1)
			count = 0
			for range n {
				cur = append(cur, c)
			}
			if len(cur) > 2*bpr {
				t.Fatalf("row overflows %d bytes", bpr)
			}
			if len(cur) == 2*bpr {
				finish('0')
			}
		default:
			t.Fatalf("unexpected %q in ^GF data", c)
		}
	}
	if len(rows)*bpr != total {
		t.Fatalf("^GF decodes to %d rows of %d bytes, header says %d bytes", len(rows), bpr, total)
	}
	return rows
}

// zplGraphics draws every ^GF field of a format onto a white canvas of
// w×h dots, as the printer would, and returns it with the fields' count.
func zplGraphics(t *testing.T, zpl string, w, h int) (*image.Gray, int) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	fields := gfField.FindAllStringSubmatch(zpl, -1)
	for _, m := range fields {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		total, _ := strconv.Atoi(m[3])
		bpr, _ := strconv.Atoi(m[5])
		for dy, row := range decodeGF(t, m[6], bpr, total) {
			for dx := 0; dx < 8*bpr; dx++ {
				if row[dx/8]&(0x80>>(dx%8)) != 0 {
					img.SetGray(x+dx, y+dy, color.Gray{})
				}
			}
		}
	}
	return img, len(fields)
}

// ZPL labels for addresses in scripts the printer's font lacks carry
// those lines as graphics that read right: the ^GF fields, drawn where the
// printer would draw them at 300 dpi, are read back by Tesseract.
func TestShippingLabelZPLScriptsOCR(t *testing.T) {
	requireTool(t, "tesseract")
	for _, i := range []int{3, 4, 5, 6, 7, 10} { // Thai, Devanagari, Arabic, Hebrew, Chinese, Korean
		sa := scriptAddresses[i]
		t.Run(sa.script, func(t *testing.T) {
			t.Parallel()
			l := sampleLabel()
			l.To = sa.to
			out, err := ShippingLabelZPL(l, 300)
			if err != nil {
				t.Fatal(err)
			}
			z := string(out)
			if strings.Contains(z, "^FD"+sa.to.Name) || strings.Contains(z, sa.to.City+"^FS") {
				t.Errorf("name or city sent as text for font 0, which lacks the script")
			}
			img, n := zplGraphics(t, z, 1219, 1829) // 300 dpi heads: 12 dots/mm
			if n == 0 {
				t.Fatal("no ^GF fields")
			}
			crop := img.SubImage(image.Rect(0, 35*12, 1219, 75*12))
			path := filepath.Join(t.TempDir(), "shipto.png")
			var buf bytes.Buffer
			if err := png.Encode(&buf, crop); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			var got string
			for _, psm := range []string{"6", "3"} {
				got += ocr(t, path, sa.ocr, psm)
				if strings.Contains(ocrKey(got), ocrKey(sa.to.Name)) && strings.Contains(ocrKey(got), ocrKey(sa.to.City)) {
					break
				}
			}
			for _, want := range []string{sa.to.Name, sa.to.City} {
				if !strings.Contains(ocrKey(got), ocrKey(want)) {
					t.Errorf("tesseract -l %s did not read %q in the ZPL graphics; it read:\n%s", sa.ocr, want, got)
				}
			}
		})
	}
}

func TestWriteRepeatRoundTrips(t *testing.T) {
	for _, n := range []int{1, 2, 19, 20, 21, 39, 40, 41, 399, 400, 401, 820} {
		var b bytes.Buffer
		writeRepeat(&b, n)
		b.WriteByte('F')
		bpr := (n + 1) / 2
		data := b.String()
		if n%2 == 1 {
			data += "0"
		}
		rows := decodeGF(t, data, bpr, bpr)
		ones := 0
		for _, v := range rows[0] {
			for ; v != 0; v &= v - 1 {
				ones++
			}
		}
		if ones != 4*n {
			t.Errorf("%d copies of F: encoded %q decodes to %d set bits, want %d", n, b.String(), ones, 4*n)
		}
	}
}
