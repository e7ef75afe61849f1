package scan

import (
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

// fromDigits classifies a digits-only scan without symbology identifier
// by its length.
func (p Parser) fromDigits(c Code, s string) (Code, error) {
	c, err := p.readDigits(c, s)
	if err == nil && c.Reading == "" {
		c.Reading = digitsReading(len(s), c.Format)
	}
	return c, err
}

// digitsReading is the Reading of n digits read as format by their length
// alone; constant for the common lengths, so a scan does not pay for it.
func digitsReading(n int, format string) string {
	switch {
	case n == 13 && format == "EAN-13":
		return "13 digits without symbology identifier: EAN-13"
	case n == 12 && format == "UPC-A":
		return "12 digits without symbology identifier: UPC-A"
	case n == 14 && format == "GTIN-14":
		return "14 digits without symbology identifier: GTIN-14"
	}
	return fmt.Sprintf("%d digits without symbology identifier: %s", n, format)
}

func (p Parser) readDigits(c Code, s string) (Code, error) {
	switch n := len(s); {
	case n <= 4:
		c.Kind, c.Format, c.Quantity = KindQuantity, "quantity", atoi(s)
		c.Reading = "1 to 4 digits: a quantity typed by hand"
		return c, nil
	case n == 6 || n == 7:
		return upcE(c, s)
	case n == 8:
		return p.eightDigits(c, s)
	case n == 12:
		return gtin(c, s, "UPC-A")
	case n == 13:
		return gtin(c, s, "EAN-13")
	case n == 14:
		return gtin(c, s, "GTIN-14")
	case n == 18:
		return p.eighteenDigits(c, s)
	case n > 14:
		// An element string typed without separators, e.g. 0109506000134352.
		code, err := p.fromGS1(c, s)
		if err == nil {
			code.Reading = unprefixedGS1(code)
			return code, nil
		}
		if n == 15 && check(s[:13]) == nil {
			return withAddOn(c, s, 13, "EAN-13", "15 digits without symbology identifier: EAN-13 with a 2-digit add-on")
		}
		// Explain the GS1 error only when the digits start like a pallet
		// or product key; otherwise it is most likely a mistyped number.
		if strings.HasPrefix(s, "00") || strings.HasPrefix(s, "01") || strings.HasPrefix(s, "02") {
			return c, err
		}
	}
	return c, core.Errorf(core.EINVALID, ReasonBadLength,
		"A number with %d digits is not a barcode Stationhand knows: products have 8, 12, 13 or 14 digits, pallet labels (SSCC) 18, quantities 1 to 4. Rescan or type the code.", len(s))
}

// eighteenDigits reads an SSCC, or an EAN-13 with a 5-digit add-on (books,
// periodicals) when the SSCC check digit fails, or when it holds but the
// catalogue knows the EAN-13.
func (p Parser) eighteenDigits(c Code, s string) (Code, error) {
	ssccErr := check(s)
	if ean13 := check(s[:13]) == nil; ean13 && (ssccErr != nil || p.knows(fmt.Sprintf("%014s", s[:13]))) {
		reading := "18 digits without symbology identifier: EAN-13 with a 5-digit add-on (not an SSCC: its check digit fails)"
		if ssccErr == nil {
			reading = "18 digits without symbology identifier: EAN-13 with a 5-digit add-on, a product the catalogue knows (it could also be an SSCC)"
		}
		return withAddOn(c, s, 13, "EAN-13", reading)
	}
	if ssccErr != nil {
		return c, ssccErr
	}
	c.Kind, c.Format, c.SSCC = KindSSCC, "SSCC", s
	c.Reading = "18 digits without symbology identifier: an SSCC"
	return c, nil
}

// withAddOn reads the first n digits of s as the main symbol of format
// and the rest as its add-on.
func withAddOn(c Code, s string, n int, format, reading string) (Code, error) {
	var err error
	switch format {
	case "UPC-E":
		c, err = upcEChecked(c, s[:n])
	default:
		c, err = gtin(c, s[:n], format)
	}
	if err != nil {
		return c, err
	}
	c.AddOn, c.Reading = s[n:], reading
	return c, nil
}

func (p Parser) knows(gtin string) bool {
	return p.Catalogue != nil && p.Catalogue.KnowsGTIN(gtin)
}

// eightDigits reads 8 digits without symbology identifier: an EAN-8 or a
// UPC-E with number system and check digit. When only one reading has a
// valid check digit it is taken; when both have, the catalogue decides,
// and without its answer the scan is ambiguous.
func (p Parser) eightDigits(c Code, s string) (Code, error) {
	ean, eanErr := ean8(c, s)
	upc, upcErr := upcEChecked(c, s)
	switch {
	case eanErr != nil && upcErr != nil:
		return c, eanErr
	case upcErr != nil:
		ean.Reading = "8 digits without symbology identifier: EAN-8 (as a UPC-E " + why(upcErr) + ")"
		return ean, nil
	case eanErr != nil:
		upc.Reading = "8 digits without symbology identifier: UPC-E (as an EAN-8 " + why(eanErr) + ")"
		return upc, nil
	}
	knowsEAN, knowsUPC := p.knows(ean.GTIN), p.knows(upc.GTIN)
	switch {
	case knowsEAN && !knowsUPC:
		ean.Reading = "8 digits without symbology identifier: EAN-8 or UPC-E; the catalogue knows the EAN-8 product, not the UPC-E one (" + upc.GTIN + ")"
		return ean, nil
	case knowsUPC && !knowsEAN:
		upc.Reading = "8 digits without symbology identifier: EAN-8 or UPC-E; the catalogue knows the UPC-E product, not the EAN-8 one (" + ean.GTIN + ")"
		return upc, nil
	}
	known := "Stationhand has no catalogue to tell which"
	switch {
	case p.Catalogue != nil && knowsEAN:
		known = "the catalogue knows both"
	case p.Catalogue != nil:
		known = "the catalogue knows neither"
	}
	return c, core.Explained(core.EINVALID, ReasonAmbiguous,
		fmt.Sprintf("%s is an EAN-8 (GTIN %s) or a UPC-E (GTIN %s), and %s. Turn on the scanner's symbology identifier (AIM), or type the UPC-A %s or the EAN-8 with its leading zeros.",
			s, ean.GTIN, upc.GTIN, known, upc.GTIN[2:]),
		s, ean.GTIN, upc.GTIN, upc.GTIN[2:])
}

// why turns a check error into the reason a reading fails, for Reading.
func why(err error) string {
	switch core.ErrorReason(err) {
	case ReasonBadCheckDigit:
		return "the check digit is wrong"
	default:
		return "it is not valid"
	}
}

// ean8 reads 8 digits as an EAN-8.
func ean8(c Code, s string) (Code, error) {
	if err := check(s); err != nil {
		return c, err
	}
	c.Kind, c.Format, c.GTIN = KindGTIN, "EAN-8", "000000"+s
	return c, nil
}

// upcEChecked reads 8 digits as a UPC-E: number system, six digits, check
// digit.
func upcEChecked(c Code, s string) (Code, error) {
	upca, err := ExpandUPCE(s[:7])
	if err != nil {
		return c, err
	}
	if upca[11] != s[7] {
		return c, badCheckDigit(upca[11], s[7])
	}
	c.Kind, c.Format, c.GTIN = KindGTIN, "UPC-E", "00"+upca
	return c, nil
}

// check verifies the GS1 mod-10 check digit of s.
func check(s string) error {
	want, _ := gs1.CheckDigit(s[:len(s)-1])
	if got := s[len(s)-1]; got != want {
		return badCheckDigit(want, got)
	}
	return nil
}

func gtin(c Code, s, format string) (Code, error) {
	if err := check(s); err != nil {
		return c, err
	}
	c.Kind, c.Format, c.GTIN = KindGTIN, format, fmt.Sprintf("%014s", s)
	return c, nil
}

// upcE reads 6 digits (number system 0 implied) or 7 digits (number system
// first) of UPC-E without check digit; the check digit is computed.
func upcE(c Code, s string) (Code, error) {
	if len(s) == 6 {
		s = "0" + s
	}
	upca, err := ExpandUPCE(s)
	if err != nil {
		return c, err
	}
	c.Kind, c.Format, c.GTIN = KindGTIN, "UPC-E", "00"+upca
	return c, nil
}

// ExpandUPCE expands a UPC-E code, given as number system (0 or 1) and the
// six UPC-E digits, optionally followed by its check digit, to the 12-digit
// UPC-A it stands for (with the computed check digit). The check digit, if
// given, is not verified here.
func ExpandUPCE(s string) (string, error) {
	if (len(s) != 7 && len(s) != 8) || !isDigits(s) {
		return "", core.Errorf(core.EINVALID, ReasonBadLength, "A UPC-E code has 7 or 8 digits: number system, six digits, check digit.")
	}
	ns, d := s[0], s[1:7]
	if ns != '0' && ns != '1' {
		return "", core.Errorf(core.EINVALID, ReasonBadValue, "Not a UPC-E code: it must start with 0 or 1, this one starts with %s. Rescan or type the code.", string(ns))
	}
	var body string
	switch d[5] {
	case '0', '1', '2':
		body = d[0:2] + d[5:6] + "0000" + d[2:5]
	case '3':
		body = d[0:3] + "00000" + d[3:5]
	case '4':
		body = d[0:4] + "00000" + d[4:5]
	default:
		body = d[0:5] + "0000" + d[5:6]
	}
	payload := string(ns) + body
	cd, _ := gs1.CheckDigit(payload)
	return payload + string(cd), nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
