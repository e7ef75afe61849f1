package label

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/stationhand/stationhand/core"
)

// scriptAddresses are ship-to addresses in every script the issue names,
// with the Tesseract language that reads each.
var scriptAddresses = []struct {
	script string
	ocr    string // tesseract -l
	to     core.Address
}{
	{"Latin with diacritics (Vietnamese)", "vie", core.Address{Name: "Nguyễn Thị Hương", Line1: "12 Phố Hàng Bạc", City: "Hà Nội", PostalCode: "100000", Country: "VN"}},
	{"Greek", "ell", core.Address{Name: "Γιώργος Παπαδόπουλος", Line1: "Οδός Ερμού 25", City: "Αθήνα", PostalCode: "10563", Country: "GR"}},
	{"Cyrillic", "rus", moscow},
	{"Thai", "tha", core.Address{Name: "สมชาย ใจดี", Line1: "99 ถนนสุขุมวิท", City: "กรุงเทพมหานคร", PostalCode: "10110", Country: "TH"}},
	{"Devanagari", "hin", core.Address{Name: "राजेश कुमार", Line1: "12 कनॉट प्लेस", City: "नई दिल्ली", PostalCode: "110001", Country: "IN"}},
	{"Arabic", "ara", core.Address{Name: "محمد العلي", Line1: "شارع الملك فهد 12", City: "الرياض", PostalCode: "12211", Country: "SA"}},
	{"Hebrew", "heb", core.Address{Name: "דוד כהן", Line1: "רחוב הרצל 12", City: "תל אביב", PostalCode: "6100000", Country: "IL"}},
	{"Chinese simplified", "chi_sim", beijing},
	{"Chinese traditional", "chi_tra", core.Address{Name: "陳大文", Line1: "信義路五段7號", City: "臺北市", PostalCode: "110", Country: "TW"}},
	{"Japanese", "jpn", core.Address{Name: "山田太郎", Line1: "千代田区丸の内1丁目", City: "東京都", PostalCode: "100-0005", Country: "JP"}},
	{"Korean", "kor", core.Address{Name: "박지성", Line1: "세종대로 110", City: "서울특별시", PostalCode: "04524", Country: "KR"}},
}

// TestShippingLabelScriptsOCR is the acceptance test: the label
// for an address in each script, rasterised at 300 dpi (pdftoppm), read
// back by Tesseract in that script's language; the name and the city
// must come back. Empty boxes (a missing font) or letters in the wrong
// order (no bidi, no shaping) read as something else and fail. Only the
// ship-to block is read, to keep the test quick.
func TestShippingLabelScriptsOCR(t *testing.T) {
	requireTool(t, "pdftoppm", "tesseract")
	for _, sa := range scriptAddresses {
		t.Run(sa.script, func(t *testing.T) {
			t.Parallel()
			l := sampleLabel()
			l.To = sa.to
			var pdf bytes.Buffer
			if err := WriteShippingLabelPDF(&pdf, l); err != nil {
				t.Fatal(err)
			}
			png := rasterShipTo(t, pdf.Bytes())
			// Tesseract's uniform-block mode first; where it misreads a
			// character, its automatic page segmentation gets a second
			// look (it reads 都 right where the block mode says 者).
			var got string
			for _, psm := range []string{"6", "3"} {
				got += ocr(t, png, sa.ocr, psm)
				if strings.Contains(ocrKey(got), ocrKey(sa.to.Name)) && strings.Contains(ocrKey(got), ocrKey(sa.to.City)) {
					break
				}
			}
			for _, want := range []string{sa.to.Name, sa.to.City} {
				if !strings.Contains(ocrKey(got), ocrKey(want)) {
					t.Errorf("tesseract -l %s did not read %q; it read:\n%s", sa.ocr, want, got)
				}
			}
		})
	}
}

// rasterShipTo rasterises the ship-to block of a label (below its
// caption, above the rule at 75 mm) at 300 dpi into a PNG file.
func rasterShipTo(t *testing.T, pdf []byte) string {
	t.Helper()
	path := writeTemp(t, "label.pdf", pdf)
	prefix := filepath.Join(filepath.Dir(path), "shipto")
	dots := func(mm float64) string { return itoa(int(mm * 300 / 25.4)) }
	runTool(t, "pdftoppm", "-r", "300", "-gray", "-png", "-singlefile",
		"-x", "0", "-y", dots(35), "-W", dots(labelW), "-H", dots(75-35), path, prefix)
	return prefix + ".png"
}

// ocr returns what Tesseract reads in an image, in one language and page
// segmentation mode, on one thread (the subtests run in parallel).
func ocr(t *testing.T, png, lang, psm string) string {
	t.Helper()
	cmd := exec.Command("tesseract", png, "stdout", "-l", lang, "--psm", psm)
	cmd.Env = append(cmd.Environ(), "OMP_THREAD_LIMIT=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tesseract -l %s: %v", lang, err)
	}
	return string(out)
}

// ocrKey is text as compared with OCR output: compatibility-normalised,
// lower case, without spaces (Tesseract spaces CJK and Thai as it likes)
// and without the distinctions its models blur: Hebrew points (it sees a
// dagesh in a plain tav) and Arabic final yeh against alef maksura (ي/ى).
func ocrKey(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r) || unicode.Is(unicode.Cf, r): // Tesseract adds joiners
			return -1
		case r >= 0x0591 && r <= 0x05C7 && unicode.Is(unicode.Mn, r):
			return -1
		case r == 'ى':
			return 'ي'
		}
		return unicode.ToLower(r)
	}, s)
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// The text a viewer copies (pdftotext) is the name and city as typed, in
// every script: shaped and reordered glyphs carry ActualText. Viewers add
// bidi embedding marks around right-to-left text; ocrKey drops them.
func TestShippingLabelScriptsCopyText(t *testing.T) {
	requireTool(t, "pdftotext")
	for _, sa := range scriptAddresses {
		l := sampleLabel()
		l.To = sa.to
		var pdf bytes.Buffer
		if err := WriteShippingLabelPDF(&pdf, l); err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, pdf.Bytes())
		for _, want := range []string{sa.to.Name, sa.to.City} {
			found := false
			for _, line := range strings.Split(text, "\n") {
				if strings.Contains(ocrKey(line), ocrKey(want)) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: pdftotext lacks %q:\n%s", sa.script, want, text)
			}
		}
	}
}
