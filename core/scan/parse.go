package scan

import (
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

// Parse classifies and validates one scan. In order:
//
//  1. Surrounding whitespace, CR and LF are trimmed; an AIM symbology
//     identifier ("]C1", "]E0", ...) is split off into Code.Symbology.
//  2. An http(s) URI must be a GS1 Digital Link.
//  3. A string starting with an own prefix is an own code (order, tote...).
//  4. GS1 data: bracketed "(01)...", anything containing GS or the FNC1
//     substitute, or anything a GS1 symbology identifier announces.
//  5. Digits only, by length: 1-4 a typed quantity; 6-7 UPC-E (number system
//     0 implied, or given first; without check digit); 8 EAN-8, else UPC-E
//     with its check digit; 12 UPC-A; 13 EAN-13; 14 GTIN-14; 18 SSCC.
//     Longer digit strings are tried as GS1 element strings ("0109506...").
//
// Rejections are *core.Error values: Code core.EINVALID with a reason
// (bad_check_digit, bad_length, ...) for input that is wrong, and
// core.ErrUnknownCode's code and reason for well-formed input that matches
// no kind Stationhand knows. Messages say why, for the person scanning.
func (p Parser) Parse(s string) (Code, error) {
	c := Code{Raw: s}
	s = strings.TrimSpace(s)
	if s == "" {
		return c, core.Errorf(core.EINVALID, "empty", "Nothing was scanned. Scan again or type the code.")
	}
	c.Symbology, s = gs1.SplitSymbology(s)
	if s == "" {
		return c, core.Errorf(core.EINVALID, "empty", "The scanner sent no data. Scan again or type the code.")
	}

	if isURI(s) {
		return p.fromGS1(c, s)
	}
	if kind, prefix, ok := p.prefixes().match(s); ok {
		return ownCode(c, kind, prefix, s)
	}
	sub := p.FNC1Substitute
	if sub == "" {
		sub = gs1.DefaultFNC1Substitute
	}
	separated := (strings.Contains(s, gs1.GS) || strings.Contains(s, sub)) &&
		(isDigits(s[:1]) || strings.HasPrefix(s, gs1.GS) || strings.HasPrefix(s, sub))
	if s[0] == '(' || separated || gs1.IsGS1Symbology(c.Symbology) {
		return p.fromGS1(c, s)
	}
	if isDigits(s) {
		return p.fromDigits(c, s)
	}
	return c, unknown("Not a barcode Stationhand knows: %q. Scan the product, tote, bin or order label.", abbreviate(s))
}

func (p Parser) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p Parser) prefixes() Prefixes {
	if p.Prefixes == (Prefixes{}) {
		return DefaultPrefixes
	}
	return p.Prefixes
}

// fromGS1 parses GS1 data (element string, bracketed, Digital Link) and
// classifies it by its key: an SSCC (00) makes a KindSSCC, a GTIN (01) a
// KindGS1. s has the symbology identifier already split off.
func (p Parser) fromGS1(c Code, s string) (Code, error) {
	m, err := gs1.Decoder{FNC1Substitute: p.FNC1Substitute}.Parse(c.Symbology + s)
	if err != nil {
		if core.ErrorReason(err) == gs1.ReasonNotGS1 {
			return c, unknown("%s Scan the product, tote, bin or order label.", core.ErrorMessage(err))
		}
		return c, err
	}
	c.Elements = m.Elements
	switch m.Syntax {
	case gs1.SyntaxDigitalLink:
		c.Format = "GS1 Digital Link"
	case gs1.SyntaxBracketed:
		c.Format = "GS1 element string (bracketed)"
	default:
		c.Format = "GS1 element string"
	}
	c.Lot, _ = m.Elements.Get("10")
	c.Serial, _ = m.Elements.Get("21")
	if v, ok := m.Elements.Get("17"); ok {
		c.Expiry, _ = gs1.Date(v, p.now()) // already validated
	}
	if v, ok := m.Elements.Get("15"); ok {
		c.BestBefore, _ = gs1.Date(v, p.now())
	}
	if sscc, ok := m.Elements.Get("00"); ok {
		c.Kind, c.SSCC = KindSSCC, sscc
		return c, nil
	}
	if gtin, ok := m.Elements.Get("01"); ok {
		c.Kind, c.GTIN = KindGS1, gtin
		return c, nil
	}
	return c, unknown("This GS1 barcode has no product number (GTIN) or pallet number (SSCC) Stationhand can use: %s.", m.Elements.HRI())
}

func isURI(s string) bool {
	return len(s) >= 7 && (strings.EqualFold(s[:7], "http://") || len(s) >= 8 && strings.EqualFold(s[:8], "https://"))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
