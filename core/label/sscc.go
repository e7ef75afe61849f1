package label

import (
	"strings"

	"github.com/stationhand/stationhand/core/gs1"
)

// ValidateSSCC checks that s is an 18-digit SSCC with a correct GS1 mod-10
// check digit, returning a *core.Error with code EINVALID otherwise.
func ValidateSSCC(s string) error {
	if len(s) != 18 || strings.Trim(s, "0123456789") != "" {
		return invalid("bad_sscc", "An SSCC has 18 digits; %q does not.", s)
	}
	if want, _ := gs1.CheckDigit(s[:17]); s[17] != want { // digits checked above
		return invalid("bad_check_digit", "SSCC %s has check digit %s; it should be %s.", s, s[17:], string(want))
	}
	return nil
}

// SSCCText is the human-readable line under an SSCC barcode:
// "(00) 3 0614141 123456789 0" — the AI, the extension digit, the company
// prefix (prefixLen digits, 7 when 0), the serial reference and the check
// digit. sscc must be valid.
func SSCCText(sscc string, prefixLen int) string {
	if prefixLen == 0 {
		prefixLen = 7
	}
	return "(00) " + sscc[:1] + " " + sscc[1:1+prefixLen] + " " + sscc[1+prefixLen:17] + " " + sscc[17:]
}
