package main

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core/enrol"
)

// TestTerminalQRScans draws the QR code `hub enroll --qr` prints in the
// terminal back into pixels, one module per character column and two per
// row, and checks zbarimg reads the enrolment code from it.
func TestTerminalQRScans(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "hub.db")
	if code, _, errOut := runHub(t, "locations", "--db", dsn, "add", "S1"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := runHub(t, "enroll", "--db", dsn, "--location", "S1", "--qr", "--hub-url", "https://hub.example.com:8443")
	if code != 0 {
		t.Fatalf("enroll --qr: %d %s", code, errOut)
	}
	var rows [][]bool
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "\x1b[30;47m") {
			continue
		}
		line = strings.TrimSuffix(strings.TrimPrefix(line, "\x1b[30;47m"), "\x1b[0m")
		top, bottom := []bool{}, []bool{}
		for _, r := range line {
			top = append(top, r == '█' || r == '▀')
			bottom = append(bottom, r == '█' || r == '▄')
		}
		rows = append(rows, top, bottom)
	}
	if len(rows) < 20 {
		t.Fatalf("no QR code in %q", out)
	}
	const scale = 6
	img := image.NewGray(image.Rect(0, 0, len(rows[0])*scale, len(rows)*scale))
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			c := color.Gray{Y: 255}
			if rows[y/scale][x/scale] {
				c = color.Gray{}
			}
			img.SetGray(x, y, c)
		}
	}
	file := filepath.Join(t.TempDir(), "terminal.png")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	png.Encode(f, img)
	f.Close()
	c, err := enrol.Parse(zbar(t, file))
	if err != nil || c.HubURL != "https://hub.example.com:8443" || c.Location != "S1" || !strings.Contains(out, c.OneTime) {
		t.Fatalf("the terminal QR code reads %+v %v", c, err)
	}
}
