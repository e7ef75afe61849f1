package label

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
)

// checkSSCCSymbol asserts that a page carries exactly one barcode zbar can
// read, a GS1-128 (Code 128 with FNC1 first, which zbar reports as the GS1
// modifier) holding the element string "00" + sscc.
func checkSSCCSymbol(t *testing.T, png, sscc string) {
	t.Helper()
	syms := zbar(t, png)
	if len(syms) != 1 {
		t.Fatalf("zbarimg found %d symbols, want the SSCC only: %+v", len(syms), syms)
	}
	s := syms[0]
	if s.Type != "CODE-128" || !strings.Contains(s.Modifiers, "GS1") {
		t.Errorf("symbol type %q modifiers %q, want CODE-128 with GS1 (FNC1 in first position)", s.Type, s.Modifiers)
	}
	if want := "00" + sscc; s.Data != want {
		t.Errorf("GS1-128 element string %q, want %q", s.Data, want)
	}
}

func checkDataMatrix(t *testing.T, png, want string) {
	t.Helper()
	got := dmtx(t, png)
	if len(got) != 1 || got[0] != want {
		t.Errorf("dmtxread decoded %q, want [%q]", got, want)
	}
}

func TestShippingLabelPDF(t *testing.T) {
	requireTool(t, "pdftoppm", "pdftotext", "pdfinfo", "zbarimg", "dmtxread")
	longName := strings.Repeat("Maximilian-Alexander ", 6) + "von Hohenzollern"
	tests := []struct {
		name  string
		label func(*ShippingLabel)
		text  []string
	}{
		{"Latin with accents, ß and ł", func(*ShippingLabel) {}, []string{
			"Zoë Großmann", "Café Straße GmbH", "Hauptstraße 5", "Hinterhaus, 3. OG", "10115 Berlin", "DE",
			"Stationhand Fulfilment Łódź", "ul. Włókiennicza 12", "90-006 Łódź", "PL",
			"WEB-100234", "SHP-2025-000123", "DHL", "Express", "2.35 kg", "PKG 1 of 3",
			"(00) 1 0614141 123456789 7",
		}},
		{"Cyrillic", func(l *ShippingLabel) { l.To = moscow; l.Package = 3 }, []string{
			"Жуков Алексей", "ул. Тверская 7", "125009 Москва", "RU", "PKG 3 of 3",
		}},
		{"CJK", func(l *ShippingLabel) {
			l.To = beijing
			l.SSCC = ssccN(42)
			l.CompanyPrefixLen = 9
		}, []string{
			"王小明", "中文书店", "朝阳区建国路88号", "100022 北京市", "CN",
			"(00) 3 061414100 0000042 " + ssccN(42)[17:],
		}},
		{"US, no weight, one package", func(l *ShippingLabel) {
			l.To, l.WeightG, l.Package, l.Packages, l.Carrier = springfield, 0, 1, 1, ""
		}, []string{"Renée O'Brien", "742 Evergreen Terrace", "Springfield IL 62704", "US", "PKG 1 of 1"}},
		{"name too long for one line: wrapped, not cut", func(l *ShippingLabel) { l.To.Name = longName }, []string{
			"Maximilian-Alexander Maximilian", "von Hohenzollern", "Hauptstraße 5", "10115 Berlin",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := sampleLabel()
			tt.label(&l)
			var buf bytes.Buffer
			if err := WriteShippingLabelPDF(&buf, l); err != nil {
				t.Fatal(err)
			}
			info := pdfInfo(t, buf.Bytes())
			if info["Pages"] != "1" || !strings.HasPrefix(info["Page size"], "288 x 432 pts") {
				t.Errorf("pages %q, size %q: want one 4x6 in (288 x 432 pt) page", info["Pages"], info["Page size"])
			}
			text := pdfText(t, buf.Bytes())
			assertContains(t, text, tt.text...)
			if strings.Contains(text, "…") {
				t.Errorf("text cut short:\n%s", text)
			}
			pngs := rasterize(t, buf.Bytes())
			checkSSCCSymbol(t, pngs[0], l.SSCC)
			checkDataMatrix(t, pngs[0], l.ShipmentRef)
		})
	}
}

// TestShippingLabelsPDF prints a batch into one PDF: a page per label, in
// order, each with its own barcodes.
func TestShippingLabelsPDF(t *testing.T) {
	t.Parallel()
	requireTool(t, "pdftoppm", "pdftotext", "zbarimg", "dmtxread")
	var ls []ShippingLabel
	for i, to := range []core.Address{berlin, moscow, beijing} {
		l := sampleLabel()
		l.To, l.Package, l.SSCC = to, i+1, ssccN(1000+i)
		l.ShipmentRef = fmt.Sprintf("SHP-BATCH-%d", i+1)
		ls = append(ls, l)
	}
	var buf bytes.Buffer
	if err := WriteShippingLabelsPDF(&buf, ls); err != nil {
		t.Fatal(err)
	}
	pngs := rasterize(t, buf.Bytes())
	if len(pngs) != len(ls) {
		t.Fatalf("%d pages, want %d", len(pngs), len(ls))
	}
	for i, l := range ls {
		checkSSCCSymbol(t, pngs[i], l.SSCC)
		checkDataMatrix(t, pngs[i], l.ShipmentRef)
	}
	assertContains(t, pdfText(t, buf.Bytes()), "Zoë Großmann", "Жуков Алексей", "王小明", "PKG 2 of 3")
}

func TestPackingSlipPDF(t *testing.T) {
	requireTool(t, "pdftoppm", "pdftotext", "pdfinfo", "zbarimg")
	const url = "https://shop.example.com/returns?order=WEB-100234"
	tests := []struct {
		paper, size string
		lines       int
		pages       int
	}{
		{"A4", "595.28 x 841.89 pts (A4)", 4, 1},
		{"Letter", "612 x 792 pts (letter)", 4, 1},
		{"", "595.28 x 841.89 pts (A4)", 60, 0}, // 0: more than one page
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d lines", tt.paper, tt.lines), func(t *testing.T) {
			t.Parallel()
			s := PackingSlip{Order: sampleOrder(tt.lines), Packages: 2, ReturnURL: url, Paper: tt.paper}
			var buf bytes.Buffer
			if err := WritePackingSlipPDF(&buf, s); err != nil {
				t.Fatal(err)
			}
			info := pdfInfo(t, buf.Bytes())
			if info["Page size"] != tt.size {
				t.Errorf("page size %q, want %q", info["Page size"], tt.size)
			}
			var pages int
			fmt.Sscan(info["Pages"], &pages)
			if (tt.pages > 0 && pages != tt.pages) || (tt.pages == 0 && pages < 2) {
				t.Errorf("%d pages, want %d (0: several)", pages, tt.pages)
			}
			text := pdfText(t, buf.Bytes())
			assertContains(t, text, "Packing slip", "Zoë Großmann", "Hauptstraße 5", "10115 Berlin",
				"2025-03-04", "Standard", "Kaffeebecher „Łódź“, 350 ml", "Шерстяной шарф, серый", "中文 笔记本 A5",
				"Short 1: out of stock", url, "Returns", fmt.Sprintf("page %d of %d", pages, pages))
			short := tt.lines / 3
			assertContains(t, text, fmt.Sprintf("%d item(s) could not be included", short),
				fmt.Sprintf("%d", 2*tt.lines), fmt.Sprintf("%d", 2*tt.lines-short))
			for i := 1; i <= tt.lines; i++ {
				if n := strings.Count(text, fmt.Sprintf("SKU-%05d", i)); n != 1 {
					t.Errorf("SKU-%05d appears %d times, want once", i, n)
				}
			}
			// The return QR code is on the last page and nowhere else.
			pngs := rasterize(t, buf.Bytes())
			for i, png := range pngs {
				syms := zbar(t, png)
				if i < len(pngs)-1 {
					if len(syms) != 0 {
						t.Errorf("page %d: unexpected symbols %+v", i+1, syms)
					}
					continue
				}
				if len(syms) != 1 || syms[0].Type != "QR-Code" || syms[0].Data != url {
					t.Errorf("last page symbols %+v, want one QR-Code with %q", syms, url)
				}
			}
		})
	}
}

func TestBagTagPDF(t *testing.T) {
	requireTool(t, "pdftoppm", "pdftotext", "zbarimg")
	tests := []BagTag{
		{OrderRef: "WEB-100234", CustomerName: "Zoë Großmann", Bag: 2, Bags: 3, BagCode: "BAG-100234-2"},
		{OrderRef: "APP-77", CustomerName: "王小明", Bag: 1, Bags: 1, BagCode: "P77>1"},
		{OrderRef: "PH-9", CustomerName: "Жуков Алексей", Bag: 1, Bags: 2, BagCode: "0123456789012345678901234567890123456789"},
	}
	for _, b := range tests {
		t.Run(b.BagCode, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := WriteBagTagPDF(&buf, b); err != nil {
				t.Fatal(err)
			}
			assertContains(t, pdfText(t, buf.Bytes()), "STORE PICKUP", b.CustomerName, b.OrderRef,
				fmt.Sprintf("%d of %d", b.Bag, b.Bags), b.BagCode)
			syms := zbar(t, rasterize(t, buf.Bytes())[0])
			if len(syms) != 1 || syms[0].Type != "CODE-128" || syms[0].Data != b.BagCode {
				t.Fatalf("symbols %+v, want one CODE-128 with %q", syms, b.BagCode)
			}
			if strings.Contains(syms[0].Modifiers, "GS1") {
				t.Errorf("bag code decoded as GS1-128: a plain Code 128 must not start with FNC1")
			}
		})
	}
}

func TestTestPagePDF(t *testing.T) {
	requireTool(t, "pdftoppm", "pdftotext", "zbarimg")
	var buf bytes.Buffer
	at := time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)
	if err := WriteTestPagePDF(&buf, "Pack 3 · Łódź", at); err != nil {
		t.Fatal(err)
	}
	assertContains(t, pdfText(t, buf.Bytes()), "Test print", "Pack 3 · Łódź", "2025-03-04 09:30:00 UTC", testScripts)
	syms := zbar(t, rasterize(t, buf.Bytes())[0])
	if len(syms) != 1 || syms[0].Data != testCode {
		t.Errorf("symbols %+v, want %q", syms, testCode)
	}
}

// TestInvalidWritesNothing: a document that fails validation leaves the
// writer untouched, so a caller never spools half a file.
func TestInvalidWritesNothing(t *testing.T) {
	l := sampleLabel()
	l.To.Line1 = ""
	var buf bytes.Buffer
	err := WriteShippingLabelPDF(&buf, l)
	if core.ErrorCode(err) != core.EINVALID || buf.Len() != 0 {
		t.Errorf("err %v, %d bytes written; want EINVALID and nothing", err, buf.Len())
	}
	if err := WriteShippingLabelsPDF(&buf, []ShippingLabel{sampleLabel(), l}); core.ErrorCode(err) != core.EINVALID || buf.Len() != 0 {
		t.Errorf("batch with one bad label: err %v, %d bytes written", err, buf.Len())
	}
	if err := WriteShippingLabelsPDF(&buf, nil); core.ErrorCode(err) != core.EINVALID {
		t.Errorf("empty batch: err %v", err)
	}
}

// TestConcurrentRender renders from several goroutines at once, as a print
// queue and the screen may; run with -race. Each result must still carry
// its own text.
func TestConcurrentRender(t *testing.T) {
	requireTool(t, "pdftotext")
	addrs := []core.Address{berlin, moscow, beijing, springfield}
	outs := make([]bytes.Buffer, 8)
	errs := make(chan error, len(outs))
	for i := range outs {
		go func() {
			l := sampleLabel()
			l.To, l.SSCC = addrs[i%len(addrs)], ssccN(i)
			errs <- WriteShippingLabelPDF(&outs[i], l)
		}()
	}
	for range outs {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i := range outs {
		name, _, _, _ := addressLines(addrs[i%len(addrs)])
		assertContains(t, pdfText(t, outs[i].Bytes()), name, SSCCText(ssccN(i), 0))
	}
}

// TestManyCharacters: a document with more distinct characters of one face
// than one embedded font can address (224) spreads them over several, and
// every character still comes out right.
func TestManyCharacters(t *testing.T) {
	requireTool(t, "pdftotext", "pdffonts")
	o := sampleOrder(0)
	var names []string
	for i := 0; i < 25; i++ {
		var b strings.Builder
		for j := 0; j < 20; j++ {
			b.WriteRune(rune(0x4E00 + 20*i + j)) // 500 distinct ideographs
		}
		b.WriteString(" ")
		for j := 0; j < 12; j++ {
			b.WriteRune(rune(0x0400 + (12*i+j)%256)) // Cyrillic, Latin Extended
		}
		names = append(names, b.String())
		o.Lines = append(o.Lines, core.OrderLine{LineNo: i + 1, SKU: fmt.Sprintf("M-%d", i), Name: b.String(), Qty: 1, PickedQty: 1})
	}
	var buf bytes.Buffer
	if err := WritePackingSlipPDF(&buf, PackingSlip{Order: o, Packages: 1, ReturnURL: "https://example.com/r"}); err != nil {
		t.Fatal(err)
	}
	if fonts := runTool(t, "pdffonts", writeTemp(t, "fonts.pdf", buf.Bytes())); strings.Count(string(fonts), "DroidSansFallback") != 3 {
		t.Errorf("500 ideographs should take three embedded CJK fonts:\n%s", fonts)
	}
	text := pdfText(t, buf.Bytes())
	for _, n := range names {
		cjk, rest, _ := strings.Cut(n, " ")
		assertContains(t, text, cjk)
		for _, r := range rest {
			if font(faceRegular).Has(r) && !strings.ContainsRune(text, r) {
				t.Errorf("%U missing from the text", r)
			}
		}
	}
}
