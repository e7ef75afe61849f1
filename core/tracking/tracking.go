// Package tracking knows the check digits of carrier tracking numbers, so
// that demo data and tests carry numbers a carrier's own validation would
// accept, and a mistyped number can be told apart from a real one.
//
// Two formats are implemented: UPS "1Z" numbers (18 characters, a mod-10
// check digit over the 15 characters after "1Z", letters mapped to
// digits) and UPU S10 numbers used by national posts (Thailand Post,
// Royal Mail, …: two letters, eight digits, a mod-11 check digit, the
// two-letter country).
package tracking

import (
	"fmt"
	"strings"
)

// upsValue maps a character of a UPS tracking number to its digit: digits
// stand for themselves, letters for (position in the alphabet + 1) mod 10
// (A=2, B=3, … H=9, I=0, J=1, …), as UPS's check digit rules say.
func upsValue(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'A' && c <= 'Z':
		return (int(c-'A') + 2) % 10, true
	}
	return 0, false
}

// UPSCheckDigit returns the check digit of a UPS "1Z" number from the 15
// characters after "1Z" (shipper, service and package number): odd
// positions count once, even positions twice, and the digit brings the sum
// up to a multiple of 10.
func UPSCheckDigit(body string) (byte, error) {
	if len(body) != 15 {
		return 0, fmt.Errorf("a UPS number has 15 characters between 1Z and its check digit, not %d", len(body))
	}
	sum := 0
	for i := 0; i < len(body); i++ {
		v, ok := upsValue(body[i])
		if !ok {
			return 0, fmt.Errorf("a UPS number has only digits and capital letters, not %q", body[i])
		}
		if i%2 == 1 {
			v *= 2
		}
		sum += v
	}
	return byte('0' + (10-sum%10)%10), nil
}

// UPS builds a valid UPS "1Z" tracking number from a shipper number (6
// characters), a service code (2) and a package number (7 digits).
func UPS(shipper, service string, pkg int) (string, error) {
	body := fmt.Sprintf("%s%s%07d", strings.ToUpper(shipper), strings.ToUpper(service), pkg)
	d, err := UPSCheckDigit(body)
	if err != nil {
		return "", err
	}
	return "1Z" + body + string(d), nil
}

// ValidUPS reports whether n is a UPS "1Z" number with a right check digit.
func ValidUPS(n string) bool {
	if len(n) != 18 || !strings.HasPrefix(n, "1Z") {
		return false
	}
	d, err := UPSCheckDigit(n[2:17])
	return err == nil && d == n[17]
}

// s10Weights are the UPU S10 weights of the eight serial digits.
var s10Weights = [8]int{8, 6, 4, 2, 3, 5, 9, 7}

// S10CheckDigit returns the check digit of a UPU S10 serial number (eight
// digits): the weighted sum's remainder mod 11 taken from 11, where 10
// becomes 0 and 11 becomes 5.
func S10CheckDigit(serial string) (byte, error) {
	if len(serial) != 8 {
		return 0, fmt.Errorf("an S10 serial number has 8 digits, not %d", len(serial))
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := serial[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("an S10 serial number has only digits, not %q", c)
		}
		sum += int(c-'0') * s10Weights[i]
	}
	d := 11 - sum%11
	switch d {
	case 10:
		d = 0
	case 11:
		d = 5
	}
	return byte('0' + d), nil
}

// S10 builds a valid UPU S10 number: service indicator (two letters, e.g.
// "EE" for EMS), serial (0 to 99,999,999) and country (two letters, e.g. "TH").
func S10(service string, serial int, country string) (string, error) {
	if len(service) != 2 || len(country) != 2 || !letters(service) || !letters(country) {
		return "", fmt.Errorf("an S10 number needs a two-letter service indicator and country, not %q and %q", service, country)
	}
	if serial < 0 || serial > 99_999_999 {
		return "", fmt.Errorf("an S10 serial number is 0 to 99999999, not %d", serial)
	}
	s := fmt.Sprintf("%08d", serial)
	d, _ := S10CheckDigit(s)
	return strings.ToUpper(service) + s + string(d) + strings.ToUpper(country), nil
}

// ValidS10 reports whether n is a UPU S10 number with a right check digit.
func ValidS10(n string) bool {
	if len(n) != 13 || !letters(n[:2]) || !letters(n[11:]) {
		return false
	}
	d, err := S10CheckDigit(n[2:10])
	return err == nil && d == n[10]
}

func letters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
