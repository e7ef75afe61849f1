package gs1

import (
	"fmt"
	"strings"
)

// CheckDigit returns the GS1 mod-10 check digit ('0'-'9') for payload, the
// digits of a GTIN, SSCC, GLN or other GS1 key without their check digit.
// Any length is accepted; the rightmost payload digit is weighted 3.
func CheckDigit(payload string) (byte, error) {
	if !isDigits(payload) {
		return 0, fmt.Errorf("gs1: check digit of %q: not all digits", payload)
	}
	return checkDigit(payload), nil
}

func checkDigit(payload string) byte {
	sum, w := 0, 3
	for i := len(payload) - 1; i >= 0; i-- {
		sum += int(payload[i]-'0') * w
		w = 4 - w
	}
	return byte('0' + (10-sum%10)%10)
}

// AppendCheckDigit returns payload followed by its GS1 mod-10 check digit.
func AppendCheckDigit(payload string) (string, error) {
	d, err := CheckDigit(payload)
	if err != nil {
		return "", err
	}
	return payload + string(d), nil
}

// ValidCheckDigit reports whether s is at least two digits and its last
// digit is the GS1 mod-10 check digit of the others.
func ValidCheckDigit(s string) bool {
	return len(s) >= 2 && isDigits(s) && checkDigit(s[:len(s)-1]) == s[len(s)-1]
}

// cset82Order is CSET 82 in the order that gives each character its value
// in the alphanumeric check character pair calculation.
const cset82Order = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"

// cset32 holds the characters a check character pair is made of.
const cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// checkPairPrimes are the weights of the alphanumeric check pair, applied
// from the rightmost data character leftwards.
var checkPairPrimes = [...]int{
	2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
	73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151,
	157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233,
	239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317,
	331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419,
	421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503,
	509,
}

// CheckPair returns the two check characters that GS1 alphanumeric keys
// (GMN 8013, MUDI 8014) end with, computed over payload (CSET 82 only, at
// most 97 characters): the data characters' CSET 82 values, weighted by
// ascending primes from the right, summed modulo 1021 and split into two
// 5-bit CSET 32 characters.
func CheckPair(payload string) (string, error) {
	if len(payload) > len(checkPairPrimes) {
		return "", fmt.Errorf("gs1: check pair of %d characters: at most %d supported", len(payload), len(checkPairPrimes))
	}
	sum := 0
	for i := 0; i < len(payload); i++ {
		v := strings.IndexByte(cset82Order, payload[i])
		if v < 0 {
			return "", fmt.Errorf("gs1: check pair of %q: %q is not in CSET 82", payload, payload[i])
		}
		sum += v * checkPairPrimes[len(payload)-1-i]
	}
	sum %= 1021
	return string([]byte{cset32[sum>>5], cset32[sum&31]}), nil
}

// ValidCheckPair reports whether s ends with the correct alphanumeric check
// character pair for the characters before it.
func ValidCheckPair(s string) bool {
	if len(s) < 2 {
		return false
	}
	want, err := CheckPair(s[:len(s)-2])
	return err == nil && want == s[len(s)-2:]
}
