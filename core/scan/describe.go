package scan

import (
	"fmt"
	"strings"
)

// symbologies names the AIM symbology identifiers scanners commonly send.
var symbologies = map[string]string{
	"]C1": "GS1-128",
	"]d2": "GS1 DataMatrix",
	"]Q3": "GS1 QR Code",
	"]e0": "GS1 DataBar",
	"]J1": "GS1 DotCode",
	"]E0": "EAN-13/UPC",
	"]E1": "2-digit add-on",
	"]E2": "5-digit add-on",
	"]E3": "EAN/UPC with add-on",
	"]E4": "EAN-8",
	"]I1": "ITF with check digit",
	"]C0": "Code 128",
	"]A0": "Code 39",
	"]I0": "ITF",
	"]d1": "Data Matrix",
	"]Q1": "QR Code",
}

// SymbologyName returns a readable name for an AIM symbology identifier.
func SymbologyName(aim string) string {
	if n, ok := symbologies[aim]; ok {
		return n
	}
	return "symbology " + aim
}

// Describe explains the code in a few lines for a person, as
// `stationhand parse CODE` prints it:
//
//	GS1 element string (GS1-128)
//	  (01) GTIN: 09506000134352
//	  (10) BATCH/LOT: ABC123
func (c Code) Describe() string {
	var b strings.Builder
	b.WriteString(c.headline())
	if c.Symbology != "" {
		fmt.Fprintf(&b, " (%s)", SymbologyName(c.Symbology))
	}
	b.WriteByte('\n')
	line := func(format string, args ...any) {
		b.WriteString("  ")
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	switch {
	case len(c.Elements) > 0:
		for _, e := range c.Elements {
			v := e.Value
			switch {
			case e.AI == "17" && !c.Expiry.IsZero():
				v += " = " + c.Expiry.Format("2006-01-02")
			case e.AI == "15" && !c.BestBefore.IsZero():
				v += " = " + c.BestBefore.Format("2006-01-02")
			}
			line("(%s) %s: %s", e.AI, e.Title, v)
		}
	case c.Kind == KindGTIN:
		if c.Format == "UPC-E" {
			line("UPC-A: %s", c.GTIN[2:])
		}
		line("GTIN: %s", c.GTIN)
		if c.AddOn != "" {
			line("Add-on: %s", c.AddOn)
		}
	case c.Kind == KindSSCC:
		line("SSCC: %s", c.SSCC)
	case c.Kind == KindQuantity:
		line("Quantity: %d", c.Quantity)
	case c.ID != "":
		line("ID: %s", c.ID)
	}
	if c.GTIN != "" && RestrictedCirculation(c.GTIN) {
		line("Note: restricted circulation number, for use in one store or company (it may carry a price or weight).")
	}
	if c.Reading != "" {
		line("Read as: %s.", c.Reading)
	}
	return b.String()
}

func (c Code) headline() string {
	switch c.Kind {
	case KindGTIN:
		return c.Format + " product code"
	case KindSSCC:
		if len(c.Elements) > 0 {
			return c.Format
		}
		return "SSCC shipping unit (pallet or parcel)"
	case KindGS1:
		return c.Format
	case KindQuantity:
		return "Quantity typed by hand"
	case "":
		return "Unknown code"
	default:
		name := ownKinds[c.Kind]
		return strings.ToUpper(name[:1]) + name[1:] + " code (" + c.Format + ")"
	}
}

// RestrictedCirculation reports whether a 14-digit GTIN is a restricted
// circulation number: GS1 prefixes 02 and 20-29 (in-store numbering, often
// with a price or weight inside) and 04 (within a company), and EAN-8
// numbers starting with 0 or 2. Stationhand accepts them as GTINs; they are
// only unique inside the store or company that assigned them.
func RestrictedCirculation(gtin14 string) bool {
	if len(gtin14) != 14 || gtin14[0] != '0' { // RCNs are 8, 12 or 13 digits
		return false
	}
	if strings.HasPrefix(gtin14, "000000") { // GTIN-8
		return gtin14[6] == '0' || gtin14[6] == '2'
	}
	g13 := gtin14[1:]
	return g13[0] == '2' || strings.HasPrefix(g13, "02") || strings.HasPrefix(g13, "04")
}
