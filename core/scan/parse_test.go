package scan

import (
	"errors"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

var june2025 = Parser{Now: func() time.Time { return time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC) }}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     Code // fields compared: Kind, Symbology, Format, GTIN, SSCC, ID, Lot, Serial, Quantity
		expiry   string
	}{
		{"SSCC bracketed", "(00)123456789012345675", Code{Kind: KindSSCC, Format: "GS1 element string (bracketed)", SSCC: "123456789012345675"}, ""},
		{"SSCC plain", "123456789012345675", Code{Kind: KindSSCC, Format: "SSCC", SSCC: "123456789012345675"}, ""},
		{"SSCC GS1-128", "]C100123456789012345675", Code{Kind: KindSSCC, Symbology: "]C1", Format: "GS1 element string", SSCC: "123456789012345675"}, ""},
		{"GS1-128 with GS", "]C1011231231231233310ABC123\x1d99TESTING",
			Code{Kind: KindGS1, Symbology: "]C1", Format: "GS1 element string", GTIN: "12312312312333", Lot: "ABC123"}, ""},
		{"GS1-128 with substitute", "]C1011231231231233310ABC123~99TESTING",
			Code{Kind: KindGS1, Symbology: "]C1", Format: "GS1 element string", GTIN: "12312312312333", Lot: "ABC123"}, ""},
		{"GS1 without AIM, with GS", "011231231231233310ABC123\x1d21S/N-1",
			Code{Kind: KindGS1, Format: "GS1 element string", GTIN: "12312312312333", Lot: "ABC123", Serial: "S/N-1"}, ""},
		{"bracketed GTIN + expiry", "(01)09506000134352(17)261231",
			Code{Kind: KindGS1, Format: "GS1 element string (bracketed)", GTIN: "09506000134352"}, "2026-12-31"},
		{"expiry DD=00 is month end", "(01)09506000134352(17)260200",
			Code{Kind: KindGS1, Format: "GS1 element string (bracketed)", GTIN: "09506000134352"}, "2026-02-28"},
		{"expiry 261200", "(01)09506000134352(17)261200",
			Code{Kind: KindGS1, Format: "GS1 element string (bracketed)", GTIN: "09506000134352"}, "2026-12-31"},
		{"substitute-led GS1", "~0109506000134352~10L", Code{Kind: KindGS1, Format: "GS1 element string", GTIN: "09506000134352", Lot: "L"}, ""},
		{"GS1 typed as digits", "0109506000134352", Code{Kind: KindGS1, Format: "GS1 element string", GTIN: "09506000134352"}, ""},
		{"GS1 typed as digits with expiry", "011231231231233317261231", Code{Kind: KindGS1, Format: "GS1 element string", GTIN: "12312312312333"}, "2026-12-31"},
		{"GS1 DataBar", "]e00109506000134352", Code{Kind: KindGS1, Symbology: "]e0", Format: "GS1 element string", GTIN: "09506000134352"}, ""},
		{"Digital Link", "https://example.com/01/09506000134352/10/ABC123?17=261231",
			Code{Kind: KindGS1, Format: "GS1 Digital Link", GTIN: "09506000134352", Lot: "ABC123"}, "2026-12-31"},
		{"Digital Link id.gs1.org serial", "https://id.gs1.org/01/09506000134352/21/XYZ?17=261231",
			Code{Kind: KindGS1, Format: "GS1 Digital Link", GTIN: "09506000134352", Serial: "XYZ"}, "2026-12-31"},
		{"Digital Link in QR with AIM", "]Q1https://example.com/00/123456789012345675",
			Code{Kind: KindSSCC, Symbology: "]Q1", Format: "GS1 Digital Link", SSCC: "123456789012345675"}, ""},
		{"EAN-13", "4006381333931", Code{Kind: KindGTIN, Format: "EAN-13", GTIN: "04006381333931"}, ""},
		{"EAN-13 with AIM and CRLF", "]E04006381333931\r\n", Code{Kind: KindGTIN, Symbology: "]E0", Format: "EAN-13", GTIN: "04006381333931"}, ""},
		{"UPC-A", "036000291452", Code{Kind: KindGTIN, Format: "UPC-A", GTIN: "00036000291452"}, ""},
		{"UPC-E with number system", "0425261", Code{Kind: KindGTIN, Format: "UPC-E", GTIN: "00042100005264"}, ""},
		{"UPC-E six digits", "425261", Code{Kind: KindGTIN, Format: "UPC-E", GTIN: "00042100005264"}, ""},
		{"UPC-E with check digit", "04252614", Code{Kind: KindGTIN, Format: "UPC-E", GTIN: "00042100005264"}, ""},
		{"UPC-E with ]E0", "]E004252614", Code{Kind: KindGTIN, Symbology: "]E0", Format: "UPC-E", GTIN: "00042100005264"}, ""},
		{"EAN-8", "96385074", Code{Kind: KindGTIN, Format: "EAN-8", GTIN: "00000096385074"}, ""},
		{"EAN-8 with ]E4", "]E496385074", Code{Kind: KindGTIN, Symbology: "]E4", Format: "EAN-8", GTIN: "00000096385074"}, ""},
		{"GTIN-14", "10950600013436", Code{Kind: KindGTIN, Format: "GTIN-14", GTIN: "10950600013436"}, ""},
		{"restricted circulation EAN-13", "2001234567893", Code{Kind: KindGTIN, Format: "EAN-13", GTIN: "02001234567893"}, ""},
		{"order", "ORD-20250615-7", Code{Kind: KindOrder, Format: "ORD- label", ID: "20250615-7"}, ""},
		{"order lower case, spaces", "  ord-a12 \n", Code{Kind: KindOrder, Format: "ORD- label", ID: "A12"}, ""},
		{"tote", "TOTE-0042", Code{Kind: KindTote, Format: "TOTE- label", ID: "0042"}, ""},
		{"bin", "bin-A-01-03", Code{Kind: KindBin, Format: "BIN- label", ID: "A-01-03"}, ""},
		{"return", "RMA-77", Code{Kind: KindReturn, Format: "RMA- label", ID: "77"}, ""},
		{"a whole pick at the pack station", "batch-1a2b3c4d", Code{Kind: KindBatch, Format: "BATCH- label", ID: "1A2B3C4D"}, ""},
		{"badge", "Badge-jane", Code{Kind: KindBadge, Format: "BADGE- label", ID: "JANE"}, ""},
		{"pickup", "PU-K7Q2", Code{Kind: KindPickup, Format: "PU- label", ID: "K7Q2"}, ""},
		{"own code from Code 128", "]C0TOTE-9", Code{Kind: KindTote, Symbology: "]C0", Format: "TOTE- label", ID: "9"}, ""},
		{"quantity", "12", Code{Kind: KindQuantity, Format: "quantity", Quantity: 12}, ""},
		{"quantity 4 digits", "0250", Code{Kind: KindQuantity, Format: "quantity", Quantity: 250}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := june2025.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got.Raw != tt.in {
				t.Errorf("Raw = %q", got.Raw)
			}
			g, w := got, tt.want
			if g.Kind != w.Kind || g.Symbology != w.Symbology || g.Format != w.Format || g.GTIN != w.GTIN ||
				g.SSCC != w.SSCC || g.ID != w.ID || g.Lot != w.Lot || g.Serial != w.Serial || g.Quantity != w.Quantity {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.in, g, w)
			}
			exp := ""
			if !got.Expiry.IsZero() {
				exp = got.Expiry.Format("2006-01-02")
			}
			if exp != tt.expiry {
				t.Errorf("Expiry = %q, want %q", exp, tt.expiry)
			}
			if (g.Kind == KindGS1 || g.Kind == KindSSCC && g.Format != "SSCC") != (len(g.Elements) > 0) {
				t.Errorf("Elements = %v for kind %s", g.Elements, g.Kind)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, in, code, reason, msg string // msg "" means not compared
	}{
		{"SSCC bad check digit", "(00)123456789012345670", core.EINVALID, "bad_check_digit", "Bad check digit in SSCC (00): expected 5, got 0."},
		{"serial needs GTIN", "(21)ABC123", core.EINVALID, "missing_requisite", ""},
		{"expiry month 13", "(01)09506000134352(17)261300", core.EINVALID, "bad_date", "Bad date in USE BY or EXPIRY (17): month 13 does not exist."},
		{"EAN-13 bad check digit", "4006381333932", core.EINVALID, "bad_check_digit",
			"Bad check digit: the last digit should be 1, the scan ends in 2. Rescan or type the code."},
		{"UPC-A bad check digit", "036000291453", core.EINVALID, "bad_check_digit", ""},
		{"EAN-8 and UPC-E both wrong", "96385075", core.EINVALID, "bad_check_digit",
			"Bad check digit: the last digit should be 4, the scan ends in 5. Rescan or type the code."},
		{"]E4 is EAN-8 only", "]E404252614", core.EINVALID, "bad_check_digit", ""},
		{"]E0 8 digits must be UPC-E", "]E096385074", core.EINVALID, "bad_value", ""},
		{"]E0 8 digits UPC-E bad check", "]E004252615", core.EINVALID, "bad_check_digit", "Bad check digit: the last digit should be 4, the scan ends in 5. Rescan or type the code."},
		{"UPC-E number system 2", "2425261", core.EINVALID, "bad_value", ""},
		{"SSCC plain bad check", "123456789012345670", core.EINVALID, "bad_check_digit", ""},
		{"GTIN-14 bad check", "10950600013437", core.EINVALID, "bad_check_digit", ""},
		{"Digital Link bad GTIN check digit", "https://example.com/01/09506000134353/10/ABC123", core.EINVALID, "bad_check_digit", ""},
		{"five digits", "12345", core.EINVALID, "bad_length", ""},
		{"nine digits", "123456789", core.EINVALID, "bad_length", ""},
		{"16 digits, no AI", "2345678901234567", core.EINVALID, "bad_length", ""},
		{"16 digits GS1 bad check", "0109506000134353", core.EINVALID, "bad_check_digit", ""},
		{"15 digits that parse oddly as GS1", "123456789012345", core.EINVALID, "bad_length", ""},
		{"text with the substitute", "hello~world", core.ENOTFOUND, "unknown_code", ""},
		{"empty", " \r\n", core.EINVALID, "empty", ""},
		{"only AIM", "]C1", core.EINVALID, "empty", ""},
		{"own code without ID", "BIN-", core.EINVALID, "empty_id", ""},
		{"own code with space", "ORD-12 34", core.EINVALID, "bad_charset", ""},
		{"text", "hello world", core.ENOTFOUND, "unknown_code", ""},
		{"plain web link", "https://example.com/about", core.ENOTFOUND, "unknown_code", ""},
		{"GS1 without GTIN or SSCC", "(414)9506000134369", core.ENOTFOUND, "unknown_code", ""},
		{"scanned 2-digit barcode is no quantity", "]A012", core.ENOTFOUND, "unknown_code", ""},
		{"non-GS1 symbology with FNC1 data", "]C0(01)09506000134352", core.ENOTFOUND, "unknown_code", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := june2025.Parse(tt.in)
			var e *core.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error = %v, want *core.Error", tt.in, err)
			}
			if e.Code != tt.code || e.Reason != tt.reason {
				t.Fatalf("Parse(%q) = %v, want %s (%s)", tt.in, err, tt.code, tt.reason)
			}
			if e.Message == "" || (tt.msg != "" && e.Message != tt.msg) {
				t.Errorf("message\n got %q\nwant %q", e.Message, tt.msg)
			}
			if tt.reason == "unknown_code" && !errors.Is(err, core.ErrUnknownCode) {
				t.Errorf("errors.Is(err, core.ErrUnknownCode) = false")
			}
		})
	}
}

func TestParserOptions(t *testing.T) {
	p := Parser{Prefixes: Prefixes{Order: "SO", Tote: "T"}, FNC1Substitute: "|"}
	for in, want := range map[string]Code{
		"so991":                   {Kind: KindOrder, ID: "991"},
		"T17":                     {Kind: KindTote, ID: "17"},
		"010950600013435210A|21B": {Kind: KindGS1, GTIN: "09506000134352", Lot: "A", Serial: "B"},
	} {
		got, err := p.Parse(in)
		if err != nil || got.Kind != want.Kind || got.ID != want.ID || got.GTIN != want.GTIN || got.Lot != want.Lot || got.Serial != want.Serial {
			t.Errorf("Parse(%q) = %+v, %v", in, got, err)
		}
	}
	// Kinds without a prefix are off; default prefixes are not used.
	if _, err := p.Parse("BIN-1"); !errors.Is(err, core.ErrUnknownCode) {
		t.Errorf("BIN-1 with custom prefixes: %v", err)
	}
	// The default "~" is plain (invalid) data when "|" is configured.
	if _, err := p.Parse("]C1010950600013435210A~21B"); !errors.Is(err, gs1.ErrBadCharset) {
		t.Errorf("~ with | configured: %v", err)
	}
}

func TestBestBefore(t *testing.T) {
	c, err := june2025.Parse("(01)09506000134352(15)270300(10)L")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BestBefore.Format("2006-01-02"); got != "2027-03-31" || !c.Expiry.IsZero() {
		t.Fatalf("BestBefore = %s, Expiry = %v", got, c.Expiry)
	}
}

func TestExpandUPCE(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0425261", "042100005264"},
		{"0123450", "012000003455"}, // last digit 0
		{"0123453", "012300000451"}, // 3: three manufacturer digits
		{"0123454", "012340000053"}, // 4
		{"0123455", "012345000058"}, // 5-9
		{"1123459", "112345000093"},
	}
	for _, tt := range tests {
		got, err := ExpandUPCE(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ExpandUPCE(%s) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
		if !gs1.ValidCheckDigit(got) {
			t.Errorf("ExpandUPCE(%s) = %s has a bad check digit", tt.in, got)
		}
	}
	for _, bad := range []string{"", "042526", "3425261", "04252x1"} {
		if _, err := ExpandUPCE(bad); err == nil {
			t.Errorf("ExpandUPCE(%q) accepted", bad)
		}
	}
}

func TestRestrictedCirculation(t *testing.T) {
	for gtin, want := range map[string]bool{
		"02001234567893": true,  // EAN-13 prefix 20
		"00212345678909": true,  // UPC-A number system 2
		"00412345678905": true,  // UPC-A number system 4
		"04006381333931": false, // EAN-13, Germany
		"00036000291452": false, // UPC-A
		"00000020123457": true,  // EAN-8 starting 2
		"00000096385074": false, // EAN-8
		"12001234567890": false, // GTIN-14 with an indicator: not an RCN
		"123":            false,
	} {
		if got := RestrictedCirculation(gtin); got != want {
			t.Errorf("RestrictedCirculation(%s) = %v, want %v", gtin, got, want)
		}
	}
}
