package scan

import (
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

// fromDigits classifies a digits-only scan by its length.
func (p Parser) fromDigits(c Code, s string) (Code, error) {
	switch n := len(s); {
	case n <= 4:
		if c.Symbology != "" {
			return c, unknown("Not a barcode Stationhand knows: %s (a %d-digit %s barcode).", s, n, c.Symbology)
		}
		c.Kind, c.Format, c.Quantity = KindQuantity, "quantity", atoi(s)
		return c, nil
	case n == 6 || n == 7:
		return upcE(c, s)
	case n == 8:
		return ean8OrUPCE(c, s)
	case n == 12:
		return gtin(c, s, "UPC-A")
	case n == 13:
		return gtin(c, s, "EAN-13")
	case n == 14:
		return gtin(c, s, "GTIN-14")
	case n == 18:
		if err := check(s); err != nil {
			return c, err
		}
		c.Kind, c.Format, c.SSCC = KindSSCC, "SSCC", s
		return c, nil
	case n > 14:
		// An element string typed without separators, e.g. 0109506000134352.
		code, err := p.fromGS1(c, s)
		if err == nil {
			return code, nil
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

// ean8OrUPCE reads 8 digits as EAN-8, or as UPC-E with number system and
// check digit when the EAN-8 check digit fails. The AIM identifier decides
// when the scanner sent one: "]E4" is EAN-8, "]E0" the UPC/EAN-13 family.
func ean8OrUPCE(c Code, s string) (Code, error) {
	ean8Err := check(s)
	if ean8Err == nil && c.Symbology != "]E0" {
		c.Kind, c.Format, c.GTIN = KindGTIN, "EAN-8", "000000"+s
		return c, nil
	}
	if c.Symbology == "]E4" {
		return c, ean8Err
	}
	upca, err := ExpandUPCE(s[:7])
	switch {
	case err == nil && upca[11] == s[7]:
		c.Kind, c.Format, c.GTIN = KindGTIN, "UPC-E", "00"+upca
		return c, nil
	case c.Symbology == "]E0" && err == nil:
		return c, badCheckDigit(upca[11], s[7])
	case c.Symbology == "]E0":
		return c, err
	default:
		return c, ean8Err
	}
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
		return "", core.Errorf(core.EINVALID, ReasonBadValue, "Not a UPC-E code: it must start with 0 or 1, this one starts with %c. Rescan or type the code.", ns)
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
