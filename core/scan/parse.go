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
//     Input longer than any barcode carries is refused.
//  2. An http(s) URI must be a GS1 Digital Link.
//  3. An EAN/UPC identifier (]E0 EAN-13/UPC-A/UPC-E, ]E3 with add-on, ]E4
//     EAN-8) or ITF (]I0, ]I1) decides kind and length: data that does
//     not fit it is refused (symbology_mismatch).
//  4. A string starting with an own prefix is an own code (order, tote...).
//  5. GS1 data: bracketed "(01)...", anything containing GS or the FNC1
//     substitute, or anything a GS1 symbology identifier announces.
//  6. Digits only, without identifier, by length: 1-4 a typed quantity;
//     6-7 UPC-E (number system 0 implied, or given first; without check
//     digit); 8 EAN-8 or UPC-E, whichever has a valid check digit (when
//     both do, the one Parser.Catalogue knows, else ambiguous); 12 UPC-A;
//     13 EAN-13; 14 GTIN-14; 18 SSCC, or EAN-13 with a 5-digit add-on
//     when the SSCC check digit fails; 15 EAN-13 with a 2-digit add-on.
//     Longer digit strings are tried as GS1 element strings first.
//     Digits under another identifier (a plain Code 128 ]C0, Code 39, ...)
//     are refused: GTINs and SSCCs are never printed that way.
//  7. Anything else without identifier that parses as a GS1 element string
//     starting with a known AI is read as one: scanners with AIM
//     identifiers off send "01" GTIN "17" date "10" lot as one run.
//
// Code.Reading says which reading was taken where the input allowed more
// than one. Rejections are *core.Error values: Code core.EINVALID with a
// reason (bad_check_digit, bad_length, symbology_mismatch, ambiguous, ...)
// for input that is wrong, and core.ErrUnknownCode's code and reason for
// well-formed input that matches no kind Stationhand knows. Messages say
// why, for the person scanning.
func (p Parser) Parse(s string) (Code, error) {
	c := Code{Raw: s}
	s = strings.TrimSpace(s)
	if s == "" {
		return c, core.Errorf(core.EINVALID, "empty", "Nothing was scanned. Scan again or type the code.")
	}
	if len(s) > maxScan {
		return c, core.Errorf(core.EINVALID, ReasonTooLong, "This is %d characters long, more than any barcode carries (%d). Scan again or type the code.", len(s), maxScan)
	}
	c.Symbology, s = gs1.SplitSymbology(s)
	if s == "" {
		return c, core.Errorf(core.EINVALID, "empty", "The scanner sent no data. Scan again or type the code.")
	}

	if isURI(s) {
		return p.fromGS1(c, s)
	}
	if isEANUPC(c.Symbology) || isITF(c.Symbology) {
		return p.fromSymbology(c, s)
	}
	if kind, prefix, ok := p.prefixes().match(s); ok {
		c.Reading = "own label: starts with " + strings.ToUpper(prefix)
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
		if c.Symbology != "" {
			return p.digitsUnder(c, s)
		}
		return p.fromDigits(c, s)
	}
	if c.Symbology == "" && len(s) > 2 && isDigits(s[:2]) {
		code, err := p.fromGS1(c, s)
		if err == nil {
			code.Reading = unprefixedGS1(code)
			return code, nil
		}
		// Led by a whole SSCC or GTIN key, it was meant as GS1 data: say
		// what is wrong with it rather than "unknown".
		if len(s) >= 18 && isDigits(s[:16]) && (strings.HasPrefix(s, "00") || strings.HasPrefix(s, "01") || strings.HasPrefix(s, "02")) {
			return c, err
		}
	}
	return c, unknown("Not a barcode Stationhand knows: %q. Scan the product, tote, bin or order label.", abbreviate(s))
}

// maxScan is the longest input Parse reads: what the largest GS1 carrier
// holds, with room for a symbology identifier and separators.
const maxScan = gs1.MaxDataLength + 16

// gs1Readings are the Readings of GS1 element strings by symbology
// identifier, made once rather than for every scan.
var gs1Readings = func() map[string]string {
	m := map[string]string{}
	for aim, name := range symbologies {
		if gs1.IsGS1Symbology(aim) {
			m[aim] = "symbology identifier " + aim + " (" + name + "): GS1 element string"
		}
	}
	return m
}()

// unprefixedGS1 is the Reading of GS1 data read without a symbology
// identifier.
func unprefixedGS1(c Code) string {
	return "GS1 element string without symbology identifier: it parses as one, starting with AI (" + c.Elements[0].AI + ")"
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
		c.Reading = "GS1 Digital Link: a web address whose path holds a GS1 key"
	case gs1.SyntaxBracketed:
		c.Format = "GS1 element string (bracketed)"
		c.Reading = "GS1 data typed with AIs in brackets"
	default:
		c.Format = "GS1 element string"
		if r, ok := gs1Readings[c.Symbology]; ok {
			c.Reading = r
		} else if c.Symbology != "" {
			c.Reading = "symbology identifier " + c.Symbology + " (" + SymbologyName(c.Symbology) + "): GS1 element string"
		} else {
			c.Reading = "GS1 element string without symbology identifier: it starts with AI (" + m.Elements[0].AI + ") and has FNC1 separators"
		}
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
