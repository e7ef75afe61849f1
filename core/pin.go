package core

import (
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// pinCost is bcrypt's work factor for PINs: a PIN has few digits, so the hash
// must be slow to brute-force from a stolen database, yet sign-in stays
// well under 100 ms on a station PC.
const pinCost = 10

// HashPIN returns the hash stored for a PIN. PINs are 4 to 8 digits.
func HashPIN(pin string) (string, error) {
	if len(pin) < 4 || len(pin) > 8 {
		return "", Errorf(EINVALID, "bad_pin", "A PIN has 4 to 8 digits.")
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return "", Errorf(EINVALID, "bad_pin", "A PIN has only digits.")
		}
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), pinCost)
	if err != nil {
		return "", fmt.Errorf("hash PIN: %w", err)
	}
	return string(h), nil
}

// CheckPIN reports whether pin matches hash.
func CheckPIN(hash, pin string) bool {
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(pin))
	return err == nil && !errors.Is(err, bcrypt.ErrMismatchedHashAndPassword)
}
