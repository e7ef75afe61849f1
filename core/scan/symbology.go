package scan

import (
	"fmt"

	"github.com/stationhand/stationhand/core"
)

// A symbology identifier says which kind of barcode the scanner read, and
// so what its data can be. These readers hold the data to that: a
// contradiction is refused with the reason rather than guessed around.

func isEANUPC(aim string) bool {
	switch aim {
	case "]E0", "]E1", "]E2", "]E3", "]E4":
		return true
	}
	return false
}

func isITF(aim string) bool { return aim == "]I0" || aim == "]I1" }

// fromSymbology reads the data of an EAN/UPC (]E0-]E4) or ITF (]I0, ]I1)
// symbol, whose identifier fixes kind and length.
func (p Parser) fromSymbology(c Code, s string) (Code, error) {
	name := SymbologyName(c.Symbology)
	if !isDigits(s) {
		return c, mismatch("A %s barcode (%s) carries only digits; this scan holds other characters. Rescan or type the code.", name, c.Symbology)
	}
	n := len(s)
	reading := fmt.Sprintf("symbology identifier %s (%s): %d digits", c.Symbology, name, n)
	var (
		code Code
		err  error
	)
	switch c.Symbology {
	case "]E4":
		if n != 8 {
			return c, mismatch("An EAN-8 barcode (]E4) carries 8 digits; this scan has %d. Rescan or type the code.", n)
		}
		code, err = ean8(c, s)
	case "]E0":
		switch n {
		case 6, 7:
			code, err = upcE(c, s)
		case 8:
			code, err = upcEChecked(c, s)
		case 12:
			code, err = gtin(c, s, "UPC-A")
		case 13:
			code, err = gtin(c, s, "EAN-13")
		default:
			return c, core.Explained(core.EINVALID, ReasonSymbology, fmt.Sprintf("An EAN-13 or UPC barcode without add-on (]E0) carries 8, 12 or 13 digits; this scan has %d.%s Rescan or type the code.", n, eanLengthHint(n)), n)
		}
	case "]E3":
		// The main symbol's digits, then its 2- or 5-digit add-on: the
		// length tells which.
		main, ok := map[int]int{10: 8, 13: 8, 14: 12, 17: 12, 15: 13, 18: 13}[n]
		if !ok {
			return c, mismatch("An EAN/UPC barcode with add-on (]E3) carries 8, 12 or 13 digits and 2 or 5 more; this scan has %d digits. Rescan or type the code.", n)
		}
		format := map[int]string{8: "UPC-E", 12: "UPC-A", 13: "EAN-13"}[main]
		code, err = withAddOn(c, s, main, format, "")
	case "]E1", "]E2":
		return c, mismatch("This is only the %s of an EAN/UPC barcode (%s). Scan the main barcode beside it, or set the scanner to read both together.", name, c.Symbology)
	default: // ITF
		if n != 14 {
			return c, core.Explained(core.EINVALID, ReasonSymbology, fmt.Sprintf("An ITF-14 barcode (%s) carries a 14-digit GTIN; this scan has %d digits. Rescan or type the code.", c.Symbology, n), n)
		}
		code, err = gtin(c, s, "GTIN-14")
		reading += ", ITF-14"
	}
	if err != nil {
		return c, err
	}
	code.Reading = reading + ", " + code.Format
	if code.AddOn != "" {
		code.Reading += fmt.Sprintf(" with a %d-digit add-on", len(code.AddOn))
	}
	return code, nil
}

// eanLengthHint explains 18 digits from an EAN/UPC symbol.
func eanLengthHint(n int) string {
	switch n {
	case 18:
		return " An SSCC is printed as GS1-128 (]C1), an add-on is sent as ]E3."
	case 15:
		return " An add-on is sent as ]E3."
	}
	return ""
}

// digitsUnder reads digits that came with a symbology identifier that is
// neither GS1, EAN/UPC nor ITF: a plain Code 128 (]C0), Code 39, a
// non-GS1 DataMatrix or QR. GTINs and SSCCs are never printed that way,
// so longer digit strings are refused; up to 4 digits are no barcode
// Stationhand prints (a quantity is typed, not scanned).
func (p Parser) digitsUnder(c Code, s string) (Code, error) {
	if len(s) <= 4 {
		return c, unknown("Not a barcode Stationhand knows: %s (a %d-digit %s barcode).", s, len(s), SymbologyName(c.Symbology))
	}
	return c, mismatch("A %s barcode (%s) does not carry product numbers or SSCCs: a GTIN is printed as EAN/UPC, ITF-14 or GS1 barcode, an SSCC as GS1-128 (]C1). These %d digits are not a code Stationhand knows.",
		SymbologyName(c.Symbology), c.Symbology, len(s))
}
