package gs1

// The most a scan can hold is bounded by what its symbol can carry, so a
// longer input is no scan: a stuck key, pasted text or an attack on the
// parser. The capacities are the symbologies' largest symbols:
//
//   - GS1-128: 48 data characters per symbol (GS1 General Specifications,
//     GS1-128 symbology characteristics); counted here as AIs and data
//     without the FNC1 separators, which errs on accepting.
//   - GS1 DataBar Expanded: 74 digits (41 letters) (ISO/IEC 24724).
//   - GS1 DataMatrix: 3116 digits, the 144x144 ECC 200 symbol (ISO/IEC 16022).
//   - GS1 QR Code: 7089 digits, version 40-L (ISO/IEC 18004); the most any
//     GS1 carrier holds, so the limit without a symbology identifier and
//     for GS1 DotCode, whose specification sets no maximum.
//   - GS1 Digital Link URI: 4296 characters, QR Code's alphanumeric capacity,
//     the most any symbol holds of a URI's characters.
const (
	MaxDataLength        = 7089
	maxDigitalLinkLength = 4296
)

var symbolCapacity = map[string]struct {
	name string
	max  int
}{
	"]C1": {"GS1-128", 48},
	"]e0": {"GS1 DataBar", 74},
	"]d2": {"GS1 DataMatrix", 3116},
	"]Q3": {"GS1 QR Code", MaxDataLength},
	"]J1": {"GS1 DotCode", MaxDataLength},
}

// checkCapacity refuses data longer than its symbology (aim, "" when not
// known) can carry. n is the count of AI and data characters, or the
// length of a Digital Link URI.
func checkCapacity(aim string, syntax Syntax, n int) error {
	max := MaxDataLength
	c, known := symbolCapacity[aim]
	switch {
	case syntax == SyntaxDigitalLink:
		max = maxDigitalLinkLength
	case known:
		max = c.max
	}
	if n <= max {
		return nil
	}
	name := "any GS1 barcode"
	switch {
	case syntax == SyntaxDigitalLink:
		name = "a GS1 Digital Link in any barcode"
	case known:
		name = "a " + c.name + " symbol"
	}
	return invalid(ReasonTooLong, "%d characters are more than %s can carry (%d).", n, name, max)
}

// dataLength counts the AI and data characters of a message.
func dataLength(es Elements) int {
	n := 0
	for _, e := range es {
		n += len(e.AI) + len(e.Value)
	}
	return n
}
