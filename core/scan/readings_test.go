package scan

import (
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

// knownGTINs is a catalogue holding exactly the given GTINs.
type knownGTINs []string

func (k knownGTINs) KnowsGTIN(gtin string) bool {
	for _, g := range k {
		if g == gtin {
			return true
		}
	}
	return false
}

// "04250050" is both a valid EAN-8 and a valid UPC-E (for UPC-A
// 042500000050): without a symbology identifier nothing in the data says
// which product it is.
const (
	ambiguous8     = "04250050"
	ambiguousEAN8  = "00000004250050"
	ambiguousUPCE  = "00042500000050"
	isbnWithPrice  = "9780306406157" + "51295" // ISBN-13 with a 5-digit price add-on
	issueWithAddOn = "9771234567003" + "07"    // ISSN periodical with issue number 07
)

// TestReadings: where the input allows more than one reading, Parse takes
// the one the issue asks for and says which in Code.Reading.
func TestReadings(t *testing.T) {
	tests := []struct {
		name    string
		p       Parser
		in      string
		want    Code   // Kind, Format, GTIN, SSCC, Lot, AddOn compared
		reading string // a part of Code.Reading
	}{
		// Scanning 1: unprefixed element strings without GS.
		{"GTIN, expiry, lot in one run", june2025, "0109506000134352" + "17261231" + "10ABC123",
			Code{Kind: KindGS1, Format: "GS1 element string", GTIN: "09506000134352", Lot: "ABC123"},
			"GS1 element string without symbology identifier: it parses as one, starting with AI (01)"},
		{"SSCC and a lot-like field", june2025, "00123456789012345675" + "400PO-77",
			Code{Kind: KindSSCC, Format: "GS1 element string", SSCC: "123456789012345675"}, "starting with AI (00)"},
		{"digits-only run", june2025, "0109506000134352" + "17261231",
			Code{Kind: KindGS1, Format: "GS1 element string", GTIN: "09506000134352"}, "without symbology identifier"},
		{"EAN-13 stays EAN-13", june2025, "4006381333931", Code{Kind: KindGTIN, Format: "EAN-13", GTIN: "04006381333931"},
			"13 digits without symbology identifier: EAN-13"},
		{"own code stays own code", june2025, "TOTE-0109", Code{Kind: KindTote, Format: "TOTE- label"}, "own label: starts with TOTE-"},

		// Scanning 2: 8 digits, EAN-8 or UPC-E.
		{"8 digits only valid as UPC-E", june2025, "04252614", Code{Kind: KindGTIN, Format: "UPC-E", GTIN: "00042100005264"},
			"UPC-E (as an EAN-8 the check digit is wrong)"},
		{"8 digits only valid as EAN-8", june2025, "96385074", Code{Kind: KindGTIN, Format: "EAN-8", GTIN: "00000096385074"},
			"EAN-8 (as a UPC-E it is not valid)"},
		{"catalogue knows the UPC-E", Parser{Catalogue: knownGTINs{ambiguousUPCE}}, ambiguous8,
			Code{Kind: KindGTIN, Format: "UPC-E", GTIN: ambiguousUPCE}, "the catalogue knows the UPC-E product, not the EAN-8 one"},
		{"catalogue knows the EAN-8", Parser{Catalogue: knownGTINs{ambiguousEAN8}}, ambiguous8,
			Code{Kind: KindGTIN, Format: "EAN-8", GTIN: ambiguousEAN8}, "the catalogue knows the EAN-8 product"},
		{"identifier settles it: ]E4", june2025, "]E4" + ambiguous8, Code{Kind: KindGTIN, Format: "EAN-8", GTIN: ambiguousEAN8},
			"symbology identifier ]E4 (EAN-8): 8 digits, EAN-8"},
		{"identifier settles it: ]E0", june2025, "]E0" + ambiguous8, Code{Kind: KindGTIN, Format: "UPC-E", GTIN: ambiguousUPCE},
			"symbology identifier ]E0 (EAN-13/UPC): 8 digits, UPC-E"},

		// Scanning 4: add-ons are read and kept.
		{"]E3 book with price add-on", june2025, "]E3" + isbnWithPrice,
			Code{Kind: KindGTIN, Format: "EAN-13", GTIN: "09780306406157", AddOn: "51295"}, "EAN-13 with a 5-digit add-on"},
		{"]E3 periodical with issue add-on", june2025, "]E3" + issueWithAddOn,
			Code{Kind: KindGTIN, Format: "EAN-13", GTIN: "09771234567003", AddOn: "07"}, "with a 2-digit add-on"},
		{"]E3 UPC-A with add-on", june2025, "]E3" + "036000291452" + "12345",
			Code{Kind: KindGTIN, Format: "UPC-A", GTIN: "00036000291452", AddOn: "12345"}, "UPC-A with a 5-digit add-on"},
		{"]E3 UPC-E with add-on", june2025, "]E3" + "04252614" + "01",
			Code{Kind: KindGTIN, Format: "UPC-E", GTIN: "00042100005264", AddOn: "01"}, "UPC-E with a 2-digit add-on"},
		{"15 digits: EAN-13 and 2-digit add-on", june2025, issueWithAddOn,
			Code{Kind: KindGTIN, Format: "EAN-13", GTIN: "09771234567003", AddOn: "07"}, "EAN-13 with a 2-digit add-on"},
		{"18 digits failing as SSCC: EAN-13 and 5-digit add-on", june2025, isbnWithPrice,
			Code{Kind: KindGTIN, Format: "EAN-13", GTIN: "09780306406157", AddOn: "51295"}, "not an SSCC: its check digit fails"},
		{"18 digits valid as SSCC stay an SSCC", june2025, "123456789012345675",
			Code{Kind: KindSSCC, Format: "SSCC", SSCC: "123456789012345675"}, "an SSCC"},
		{"ITF-14", june2025, "]I110950600013436", Code{Kind: KindGTIN, Format: "GTIN-14", GTIN: "10950600013436"}, "ITF-14"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			p.Now = june2025.Now
			got, err := p.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			g, w := got, tt.want
			if g.Kind != w.Kind || g.Format != w.Format || g.GTIN != w.GTIN || g.SSCC != w.SSCC || g.Lot != w.Lot || g.AddOn != w.AddOn {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.in, g, w)
			}
			if !strings.Contains(got.Reading, tt.reading) {
				t.Errorf("Reading %q lacks %q", got.Reading, tt.reading)
			}
			if !strings.Contains(got.Describe(), "Read as: "+got.Reading) || (got.AddOn != "" && !strings.Contains(got.Describe(), "Add-on: "+got.AddOn)) {
				t.Errorf("Describe does not say how it was read:\n%s", got.Describe())
			}
		})
	}
}

// TestReadingRejects: identifiers that contradict their data, and 8 digits
// nothing settles, are refused with a reason.
func TestReadingRejects(t *testing.T) {
	tests := []struct {
		name   string
		p      Parser
		in     string
		reason string
		msg    string // a part of the message
	}{
		// Scanning 2: ambiguous 8 digits.
		{"8 digits, no catalogue", Parser{}, ambiguous8, ReasonAmbiguous, "is an EAN-8 (GTIN 00000004250050) or a UPC-E (GTIN 00042500000050)"},
		{"8 digits, catalogue knows neither", Parser{Catalogue: knownGTINs{"04006381333931"}}, ambiguous8, ReasonAmbiguous, "the catalogue knows neither"},
		{"8 digits, catalogue knows both", Parser{Catalogue: knownGTINs{ambiguousEAN8, ambiguousUPCE}}, ambiguous8, ReasonAmbiguous, "the catalogue knows both"},

		// Scanning 3: the identifier constrains length and kind.
		{"]E4 with 6 digits", Parser{}, "]E4425261", ReasonSymbology, "EAN-8 barcode (]E4) carries 8 digits; this scan has 6"},
		{"]E4 with 13 digits", Parser{}, "]E44006381333931", ReasonSymbology, "this scan has 13"},
		{"]E0 with 18 digits", Parser{}, "]E0123456789012345675", ReasonSymbology, "An SSCC is printed as GS1-128"},
		{"]E0 with an add-on", Parser{}, "]E0" + isbnWithPrice, ReasonSymbology, "add-on is sent as ]E3"},
		{"]E0 with 14 digits", Parser{}, "]E010950600013436", ReasonSymbology, "8, 12 or 13 digits"},
		{"]E3 with a 3-digit tail", Parser{}, "]E34006381333931" + "123", ReasonSymbology, "2 or 5 more"},
		{"]E3 with letters", Parser{}, "]E3400638133393AB", ReasonSymbology, "only digits"},
		{"]E2 add-on alone", Parser{}, "]E251295", ReasonSymbology, "only the 5-digit add-on"},
		{"]C0 with 18 digits is no SSCC", Parser{}, "]C0123456789012345675", ReasonSymbology, "an SSCC as GS1-128 (]C1)"},
		{"]C0 with 13 digits is no GTIN", Parser{}, "]C04006381333931", ReasonSymbology, "Code 128 barcode (]C0)"},
		{"]A0 with 8 digits", Parser{}, "]A096385074", ReasonSymbology, "Code 39"},
		{"ITF with 13 digits", Parser{}, "]I04006381333931", ReasonSymbology, "ITF-14"},
		{"]E3 add-on with a bad main check digit", Parser{}, "]E3" + "9780306406158" + "51295", ReasonBadCheckDigit, ""},

		{"unprefixed run with a bad GTIN check digit says so", Parser{}, "0109506000134353" + "10ABC123", ReasonBadCheckDigit, "GTIN (01)"},

		// Scanning 5: withdrawn currencies, digital signatures on keys
		// without serial, Digital Link and bracketed syntax, capacity.
		{"withdrawn currency CUC", Parser{}, "(01)09506000134352(3103)000125(3932)931100", gs1.ReasonBadValue, "931 is not an ISO 4217 currency code"},
		{"digital signature on a GRAI without serial", Parser{}, "(8003)01234567890128(8030)AbC-_=", gs1.ReasonMissingRequisite, "serial"},
		{"Digital Link with an AI twice", Parser{}, "https://example.com/01/09506000134352?17=261231&17=261231", gs1.ReasonDuplicateAI, "twice"},
		{"Digital Link lot in the query", Parser{}, "https://example.com/01/09506000134352?10=ABC", gs1.ReasonBadDigitalLink, "belongs in the path"},
		{"Digital Link plus is a space", Parser{}, "https://example.com/01/09506000134352?7240=A+B", gs1.ReasonBadCharset, `" "`},
		{"bracketed bare paren", Parser{}, "(01)09506000134352(10)A(B", gs1.ReasonMalformed, `\(`},
		{"endless scan", Parser{}, strings.Repeat("0", 8000), ReasonTooLong, "more than any barcode carries"},
		{"GS1-128 beyond 48 characters", Parser{}, "]C10109506000134352" + "10ABCDEFGHIJKLMNOPQRST~21ABCDEFGHIJKLMNOPQRST", ReasonTooLong, "GS1-128"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.p.Parse(tt.in)
			if core.ErrorCode(err) != core.EINVALID || core.ErrorReason(err) != tt.reason {
				t.Fatalf("Parse(%q) = %v, want %s (%s)", tt.in, err, core.EINVALID, tt.reason)
			}
			if msg := core.ErrorMessage(err); !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q lacks %q", msg, tt.msg)
			}
		})
	}
}
