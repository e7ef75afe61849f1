package scan

import (
	"errors"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

// FuzzParse checks that Parse never panics, that what it accepts is
// consistent (valid check digits, 14-digit GTINs), that every rejection is
// a domain error with a message, and that every accepted GS1 code
// round-trips: its canonical bracketed form and its FNC1 element string
// parse back to the same elements. `go test` runs the seed corpus only;
// fuzz with `go test ./core/scan -run '^$' -fuzz FuzzParse -fuzztime 60s`.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"(00)123456789012345675", "(00)123456789012345670", "(21)ABC123",
		"]C1011231231231233310ABC123\x1d99TESTING", "]C1011231231231233310ABC123~99TESTING",
		"(01)09506000134352(17)261231", "(01)09506000134352(17)261300", "(01)09506000134352(17)261200",
		"4006381333931", "4006381333932", "036000291452", "0425261", "04252614", "96385074",
		"https://example.com/01/09506000134352/10/ABC123?17=261231",
		"https://example.com/01/09506000134353/10/ABC123",
		"https://id.gs1.org/01/09506000134352/21/XYZ?17=261231&linkType=all",
		`(01)09506000134352(10)A\(1)B(21)S(3103)000100`, "(8013)1987654Ad4X4bL5ttr2310c2K",
		"(00)123456789012345675(4307)DE(4309)03441234561204567890(8030)AbC-_=",
		"(253)950600013436912(8003)01234567890128SER", "]d20109506000134352~7003261231120010X",
		"ORD-1", "tote-2", "BIN-", "PU-9", "12", "0", "12345", "]E4963850740", "]Q1http://x.org/00/123456789012345675",
	} {
		f.Add(s)
	}
	p := Parser{}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := p.Parse(s)
		if err != nil {
			var e *core.Error
			if !errors.As(err, &e) || e.Message == "" || (e.Code != core.EINVALID && e.Code != core.ENOTFOUND) {
				t.Fatalf("Parse(%q) error %#v is not a domain error with a message", s, err)
			}
			return
		}
		if c.Kind == "" {
			t.Fatalf("Parse(%q) accepted without a kind", s)
		}
		if c.GTIN != "" && (len(c.GTIN) != 14 || !gs1.ValidCheckDigit(c.GTIN)) {
			t.Fatalf("Parse(%q) GTIN %q", s, c.GTIN)
		}
		if c.Kind == KindSSCC && (len(c.SSCC) != 18 || !gs1.ValidCheckDigit(c.SSCC)) {
			t.Fatalf("Parse(%q) SSCC %q", s, c.SSCC)
		}
		if len(c.Elements) == 0 {
			return
		}
		// As a GS1 QR Code, the carrier that holds the most: an element
		// string may be longer than a GS1-128 carries.
		for _, form := range []string{c.Elements.Bracketed(), "]Q3" + c.Elements.ElementString(gs1.GS)} {
			m, err := gs1.Parse(form)
			if err != nil {
				t.Fatalf("Parse(%q) elements %v: %q does not parse back: %v", s, c.Elements, form, err)
			}
			if !m.Elements.Equal(c.Elements) {
				t.Fatalf("Parse(%q): %q parses back to %v, want %v", s, form, m.Elements, c.Elements)
			}
		}
	})
}
