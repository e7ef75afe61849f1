// Package sscc numbers parcels. An SSCC (Serial Shipping Container Code,
// GS1 AI 00) is 18 digits: an extension digit, the company's GS1 Company
// Prefix (7 to 10 digits), a serial reference the company assigns, and a
// mod-10 check digit. Every SSCC a company issues must be unique, so each
// terminal numbers its parcels from its own Range of serial references;
// the store allocates from it in the same transaction that closes the
// parcel, so an SSCC is never given twice, not across terminals, not
// across restarts, and not while the terminal is offline.
package sscc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

// Length is the number of digits of an SSCC.
const Length = 18

// TerminalDigits is how many leading digits of the serial reference carry
// the terminal's number in ForTerminal ranges: up to 999 terminals share a
// company prefix.
const TerminalDigits = 3

// Range is a block of serial references one terminal may use, First to
// Last inclusive, under one company prefix and extension digit.
type Range struct {
	CompanyPrefix string `json:"company_prefix"` // 7 to 10 digits, as GS1 assigned it
	Extension     int    `json:"extension"`      // 0 to 9
	First         int64  `json:"first"`
	Last          int64  `json:"last"`
}

// SerialDigits is how many digits the serial reference has under the
// range's company prefix: 16 minus the prefix length.
func (r Range) SerialDigits() int { return Length - 2 - len(r.CompanyPrefix) }

// Size is how many SSCCs the range holds.
func (r Range) Size() int64 { return r.Last - r.First + 1 }

// Validate reports what is wrong with the range, as a core error.
func (r Range) Validate() error {
	if n := len(r.CompanyPrefix); n < 7 || n > 10 || strings.Trim(r.CompanyPrefix, "0123456789") != "" {
		return core.Errorf(core.EINVALID, "bad_company_prefix", "A GS1 Company Prefix has 7 to 10 digits; %q does not.", r.CompanyPrefix)
	}
	if r.Extension < 0 || r.Extension > 9 {
		return core.Errorf(core.EINVALID, "bad_extension", "The SSCC extension digit is 0 to 9, not %d.", r.Extension)
	}
	limit := pow10(r.SerialDigits()) - 1
	if r.First < 0 || r.Last < r.First || r.Last > limit {
		return core.Errorf(core.EINVALID, "bad_sscc_range",
			"An SSCC range under a %d-digit company prefix runs from 0 to %d; %d to %d does not fit.",
			len(r.CompanyPrefix), limit, r.First, r.Last)
	}
	return nil
}

// Contains reports whether serial is in the range.
func (r Range) Contains(serial int64) bool { return serial >= r.First && serial <= r.Last }

// SSCC returns the SSCC of a serial reference in the range.
func (r Range) SSCC(serial int64) (string, error) {
	if err := r.Validate(); err != nil {
		return "", err
	}
	if !r.Contains(serial) {
		return "", core.Errorf(core.EINVALID, "bad_sscc_range", "Serial reference %d is outside this station's range %d to %d.", serial, r.First, r.Last)
	}
	payload := strconv.Itoa(r.Extension) + r.CompanyPrefix + fmt.Sprintf("%0*d", r.SerialDigits(), serial)
	s, err := gs1.AppendCheckDigit(payload)
	if err != nil {
		return "", fmt.Errorf("sscc: %w", err)
	}
	return s, nil
}

// ForTerminal returns the range of terminal number n (1 to 999): the
// serial references whose leading TerminalDigits digits are n. Terminals
// numbered apart under the same prefix and extension never share an SSCC.
// Under a 7-digit prefix each terminal has a million SSCCs; under a
// 10-digit prefix only a thousand, so such companies should assign
// ranges explicitly.
func ForTerminal(companyPrefix string, extension, n int) (Range, error) {
	r := Range{CompanyPrefix: companyPrefix, Extension: extension}
	if err := r.Validate(); err != nil {
		return r, err
	}
	if n < 1 || n > 999 {
		return r, core.Errorf(core.EINVALID, "bad_terminal_number", "A terminal number for SSCCs is 1 to 999, not %d.", n)
	}
	block := pow10(r.SerialDigits() - TerminalDigits)
	r.First = int64(n) * block
	r.Last = r.First + block - 1
	return r, nil
}

// Valid reports whether s is 18 digits with a correct check digit.
func Valid(s string) bool { return len(s) == Length && gs1.ValidCheckDigit(s) }

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}
