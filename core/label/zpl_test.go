package label

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
)

// zplFields returns the ^FD data of every field, unescaped from ^FH\ hex.
func zplFields(t *testing.T, zpl string) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`\^FD(.*?)\^FS`).FindAllStringSubmatch(zpl, -1) {
		s, err := unhex(m[1])
		if err != nil {
			t.Fatalf("field %q: %v", m[1], err)
		}
		out = append(out, s)
	}
	return out
}

func unhex(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", fmt.Errorf("truncated escape")
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", err
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String(), nil
}

func TestShippingLabelZPL(t *testing.T) {
	// Zebra heads sold as 203, 300 and 600 dpi print 8, 12 and 24 dots/mm.
	tests := []struct {
		dpi         int
		dpmm        float64
		pw, ll      int
		minModule   int // dots: at least GS1's 0.495 mm
		dmModuleDot int
	}{
		{203, 8, 813, 1219, 4, 6},
		{300, 12, 1219, 1829, 6, 9},
		{600, 24, 2438, 3658, 12, 18},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.dpi), func(t *testing.T) {
			l := sampleLabel()
			l.To = beijing
			l.To.Name = "Zoë Großmann ^~\\"
			out, err := ShippingLabelZPL(l, tt.dpi)
			if err != nil {
				t.Fatal(err)
			}
			z := string(out)
			if !strings.HasPrefix(z, "^XA\n") || !strings.HasSuffix(z, "^XZ\n") || strings.Count(z, "^XA") != 1 || strings.Count(z, "^XZ") != 1 {
				t.Errorf("not one ^XA … ^XZ format:\n%s", z)
			}
			for _, want := range []string{"^CI28", fmt.Sprintf("^PW%d", tt.pw), fmt.Sprintf("^LL%d", tt.ll)} {
				if !strings.Contains(z, want) {
					t.Errorf("lacks %s", want)
				}
			}
			// GS1-128: code set C, FNC1, AI 00 and the SSCC, no
			// interpretation line of the printer's own (we print ours).
			bc := regexp.MustCompile(`\^FO(\d+),(\d+)\^BY(\d+)\^BCN,(\d+),N,N,N,N\^FH\\\^FD>;>800` + l.SSCC + `\^FS`).FindStringSubmatch(z)
			if bc == nil {
				t.Fatalf("no ^BC GS1-128 field with >;>800%s:\n%s", l.SSCC, z)
			}
			x, _ := strconv.Atoi(bc[1])
			m, _ := strconv.Atoi(bc[3])
			h, _ := strconv.Atoi(bc[4])
			if float64(m)/tt.dpmm < 0.495 || m < tt.minModule {
				t.Errorf("module %d dots = %.3f mm, want at least 0.495 mm", m, float64(m)/tt.dpmm)
			}
			// The GS1 Logistic Label Guideline's 32 mm, over the 31.75 mm minimum.
			if mm := float64(h) / tt.dpmm; mm < 32 {
				t.Errorf("bar height %d dots = %.2f mm, want at least 32 mm", h, mm)
			}
			// Start C, FNC1, 10 digit pairs, check, stop: 156 modules.
			if width := 156 * m; x < 10*m || x+width+10*m > tt.pw {
				t.Errorf("barcode at x=%d, %d dots wide: quiet zones leave the %d-dot label", x, width, tt.pw)
			}
			if !strings.Contains(z, fmt.Sprintf("^BXN,%d,200^FH\\^FD%s^FS", tt.dmModuleDot, l.ShipmentRef)) {
				t.Errorf("no ^BX DataMatrix of %s at %d dots per module:\n%s", l.ShipmentRef, tt.dmModuleDot, z)
			}
			fields := strings.Join(zplFields(t, z), "\n")
			assertContains(t, fields, "Zoë Großmann ^~\\", "CN",
				"WEB-100234", "SHP-2025-000123", "PKG 1 of 3", "2.35 kg",
				"(00) 1 0614141 123456789 7")
			// Lines font 0 lacks characters for (Chinese; Ł and ź of the
			// sender) are graphics (TestShippingLabelZPLScriptsOCR reads
			// them), never field data the printer would print as blanks.
			for _, s := range []string{"中文书店", "朝阳区建国路88号", "100022 北京市", "Stationhand Fulfilment Łódź", "90-006 Łódź"} {
				if strings.Contains(fields, s) {
					t.Errorf("%q sent as text for font 0", s)
				}
			}
			if _, n := zplGraphics(t, z, tt.pw, tt.ll); n != 6 {
				t.Errorf("%d ^GF text graphics, want 6 (3 sender lines, 3 Chinese lines)", n)
			}
			// The caret and tilde in the name travel hex-escaped, never raw.
			if !strings.Contains(z, `\5E\7E\5C`) {
				t.Errorf("^ ~ \\ not hex-escaped in:\n%s", z)
			}
			for _, m := range regexp.MustCompile(`\^F[OT](\d+),(\d+)`).FindAllStringSubmatch(z, -1) {
				x, _ := strconv.Atoi(m[1])
				y, _ := strconv.Atoi(m[2])
				if x < 0 || x >= tt.pw || y < 0 || y >= tt.ll {
					t.Errorf("field at %d,%d is off the %dx%d label", x, y, tt.pw, tt.ll)
				}
			}
		})
	}
}

func TestBagTagZPL(t *testing.T) {
	b := BagTag{OrderRef: "WEB-100234", CustomerName: "王小明", Bag: 2, Bags: 3, BagCode: "P>77"}
	out, err := BagTagZPL(b, 203)
	if err != nil {
		t.Fatal(err)
	}
	z := string(out)
	// ">" is the invocation character in ^BC data: a literal one is ">0".
	if !regexp.MustCompile(`\^BY\d+\^BCN,\d+,N,N,N,N\^FH\\\^FD>:P>077\^FS`).MatchString(z) {
		t.Errorf("no ^BC field with >:P>077 (start B, P, literal >, 77):\n%s", z)
	}
	assertContains(t, strings.Join(zplFields(t, z), "\n"), "STORE PICKUP", "WEB-100234", "2 of 3", "P>77")
	if _, n := zplGraphics(t, z, 813, 1219); n != 1 {
		t.Errorf("%d ^GF graphics, want 1: the customer's name 王小明", n)
	}
	for _, want := range []string{"^XA", "^CI28", "^PW813", "^LL1219", "^XZ"} {
		if !strings.Contains(z, want) {
			t.Errorf("lacks %s", want)
		}
	}
}

func TestTestPageZPL(t *testing.T) {
	out, err := TestPageZPL("Pack 3", sampleOrder(1).CreatedAt, 300)
	if err != nil {
		t.Fatal(err)
	}
	assertContains(t, string(out), "^PW1219", "^LL1829", "^FD>:"+testCode+"^FS", "Pack 3")
}

func TestZPLBadDPI(t *testing.T) {
	for _, dpi := range []int{0, 200, 400} {
		if _, err := ShippingLabelZPL(sampleLabel(), dpi); core.ErrorReason(err) != "bad_dpi" {
			t.Errorf("dpi %d: err %v, want bad_dpi", dpi, err)
		}
	}
	l := sampleLabel()
	l.SSCC = "1"
	if _, err := ShippingLabelZPL(l, 203); core.ErrorCode(err) != core.EINVALID {
		t.Errorf("bad SSCC: err %v", err)
	}
}

// A QR element (no label carries one today) becomes ^BQ, model 2, with
// error correction M and automatic input mode.
func TestZPLQR(t *testing.T) {
	rows, err := qrMatrix("https://example.com/r?a=1")
	if err != nil {
		t.Fatal(err)
	}
	p := page{W: labelW, H: labelH}
	p.add(&matrixElem{X: 10, Y: 20, Module: 0.5, Rows: rows, Sym: symQR, Data: "https://example.com/r?a=1"})
	out, err := writeZPL(p, 203)
	if err != nil {
		t.Fatal(err)
	}
	if want := "^FO80,160^BQN,2,4^FH\\^FDMA,https://example.com/r?a=1^FS"; !strings.Contains(string(out), want) {
		t.Errorf("want %s in:\n%s", want, out)
	}
}
