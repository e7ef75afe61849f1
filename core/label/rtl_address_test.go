package label

import (
	"bytes"
	"math"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
)

// Right-to-left address lines sit against the right edge of the ship-to
// box, as Arabic and Hebrew addresses are written; left-to-right lines
// (the country code, a Latin street) against its left edge. Checked in
// the layout and, independently, in the PDF with pdftotext -bbox.
func TestRightToLeftAddressLinesAreRightAligned(t *testing.T) {
	for _, tc := range []struct {
		name     string
		to       core.Address
		rtl, ltr []string // lines (or wrapped parts' first words) on each side
	}{
		{"Arabic", core.Address{Name: "محمد العلي", Line1: "شارع الملك فهد 12", Line2: "Tower B, Floor 3", City: "الرياض", PostalCode: "12211", Country: "SA"},
			[]string{"محمد العلي", "شارع الملك فهد 12", "الرياض 12211"}, []string{"Tower B, Floor 3", "SA"}},
		{"Hebrew", core.Address{Name: "דוד כהן", Line1: "רחוב הרצל 12", City: "תל אביב", PostalCode: "6100000", Country: "IL"},
			[]string{"דוד כהן", "רחוב הרצל 12", "6100000 תל אביב"}, []string{"IL"}},
	} {
		l := sampleLabel()
		l.To = tc.to
		p, err := shippingLabelPage(l)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		right := labelW - margin
		lines := map[string]*textElem{}
		for _, e := range p.elems {
			if te, ok := e.(*textElem); ok && te.Y > 34.5 && te.Y < 75 {
				lines[te.Text] = te
			}
		}
		for _, s := range tc.rtl {
			te := lines[s]
			if te == nil {
				t.Errorf("%s: no line %q on the label (%v)", tc.name, s, keys(lines))
				continue
			}
			if end := te.X + textWidth(te.Style, te.Text, te.Size); math.Abs(end-right) > 0.01 || te.X <= margin+0.01 {
				t.Errorf("%s: %q runs from %.2f to %.2f mm: want it against the right edge, %.2f mm", tc.name, s, te.X, end, right)
			}
		}
		for _, s := range tc.ltr {
			te := lines[s]
			if te == nil {
				t.Errorf("%s: no line %q on the label", tc.name, s)
				continue
			}
			if math.Abs(te.X-margin) > 0.01 {
				t.Errorf("%s: %q starts at %.2f mm: want the left edge, %.2f mm", tc.name, s, te.X, margin)
			}
		}
		checkPDFSides(t, tc.name, l, tc.rtl, tc.ltr)
	}
}

// checkPDFSides reads the words' boxes back from the PDF (pdftotext
// -bbox) and checks each right-to-left line ends at the right margin and
// each left-to-right one starts at the left margin.
func checkPDFSides(t *testing.T, name string, l ShippingLabel, rtl, ltr []string) {
	t.Helper()
	requireTool(t, "pdftotext")
	var pdf bytes.Buffer
	if err := WriteShippingLabelPDF(&pdf, l); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-bbox", "-", "-")
	cmd.Stdin = &pdf
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	pageW := regexp.MustCompile(`<page width="([\d.]+)"`).FindSubmatch(out)
	if pageW == nil {
		t.Fatalf("pdftotext -bbox: no page in %s", out)
	}
	ptW, _ := strconv.ParseFloat(string(pageW[1]), 64)
	mmPerPagePt := labelW / ptW
	type box struct{ xMin, xMax float64 }
	words := map[string][]box{}
	for _, m := range regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`).FindAllSubmatch(out, -1) {
		x0, _ := strconv.ParseFloat(string(m[1]), 64)
		x1, _ := strconv.ParseFloat(string(m[2]), 64)
		words[string(m[3])] = append(words[string(m[3])], box{x0 * mmPerPagePt, x1 * mmPerPagePt})
	}
	// pdftotext reports a right-to-left run as one "word", its letters in
	// the order they are painted: a line's boxes are those whose text
	// holds one of its words, as written or reversed.
	boxesOf := func(line string) []box {
		var out []box
		for w, bs := range words {
			for _, part := range strings.Fields(line) {
				if strings.Contains(w, part) || strings.Contains(w, reverse(part)) {
					out = append(out, bs...)
					break
				}
			}
		}
		return out
	}
	right := labelW - margin
	for _, line := range rtl {
		bs := boxesOf(line)
		end := 0.0
		for _, b := range bs {
			end = max(end, b.xMax)
		}
		if math.Abs(end-right) > 1.0 {
			t.Errorf("%s PDF: %q ends at %.1f mm (%v), want the right margin, %.1f mm", name, line, end, bs, right)
		}
	}
	for _, line := range ltr {
		bs := boxesOf(line)
		start := math.Inf(1)
		for _, b := range bs {
			start = min(start, b.xMin)
		}
		if math.Abs(start-margin) > 1.0 {
			t.Errorf("%s PDF: %q starts at %.1f mm (%v), want the left margin, %.1f mm", name, line, start, bs, margin)
		}
	}
}

func reverse(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

func keys(m map[string]*textElem) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
