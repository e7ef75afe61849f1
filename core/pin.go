package core

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// PINCost is bcrypt's work factor for new PIN hashes. Every station holds
// its location's hashes (it must, to work offline), and a PIN has few
// digits, so each guess must be slow: at 12 one check takes about 250 ms
// or more on a station PC (BenchmarkCheckPIN), so the million six-digit
// PINs take days per person, not minutes. Tests lower it.
var PINCost = 12

// PIN lengths: every PIN has MinPINLen to MaxPINLen digits; the PIN of
// anyone who approves (supervisors) at least MinApproverPINLen.
const (
	MinPINLen         = 4
	MaxPINLen         = 8
	MinApproverPINLen = 6
)

// HashPIN returns the hash stored for a PIN at PINCost. PINs are 4 to 8
// digits.
func HashPIN(pin string) (string, error) { return HashPINCost(pin, PINCost) }

// HashPINCost hashes a PIN at a given bcrypt cost (the demo store's
// published PINs, tests).
func HashPINCost(pin string, cost int) (string, error) {
	if len(pin) < MinPINLen || len(pin) > MaxPINLen {
		return "", Errorf(EINVALID, "bad_pin", "A PIN has %d to %d digits.", MinPINLen, MaxPINLen)
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return "", Errorf(EINVALID, "bad_pin", "A PIN has only digits.")
		}
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), cost)
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

// Approves reports whether someone with these roles approves others' work
// (overrides, lock-out releases, refunds): their PIN must be longer and
// they cannot sign in by badge alone.
func Approves(roles []Role) bool {
	for _, r := range roles {
		if r == RoleSupervisor {
			return true
		}
	}
	return false
}

// CheckPINPolicy refuses a PIN too short for the roles it guards.
func CheckPINPolicy(roles []Role, pin string) error {
	if Approves(roles) && len(pin) < MinApproverPINLen {
		return Errorf(EINVALID, "pin_too_short",
			"A supervisor approves others' work, so their PIN has at least %d digits.", MinApproverPINLen)
	}
	return nil
}

// Wrong PINs: after FreePINTries wrong PINs in a row a person is locked
// for PINLockDelay, doubled with each further wrong PIN, up to
// MaxPINLockDelay.
const (
	FreePINTries    = 5
	PINLockDelay    = 30 * time.Second
	MaxPINLockDelay = time.Hour
)

// PINLockFor is how long a person is locked after failures wrong PINs in
// a row: nothing for the first FreePINTries-1, then 30 s, 1 min, 2 min, …
func PINLockFor(failures int) time.Duration {
	if failures < FreePINTries {
		return 0
	}
	d := PINLockDelay
	for i := FreePINTries; i < failures && d < MaxPINLockDelay; i++ {
		d *= 2
	}
	return min(d, MaxPINLockDelay)
}

// Errors of the PIN rules, for the person at the station.
var (
	ErrBadgeNeedsPIN = Errorf(EFORBIDDEN, "badge_needs_pin",
		"Supervisors sign in with their name and PIN: a badge alone could be borrowed.")
)

// ReasonPINChangeRequired: the PIN was right but is too short for the
// person's roles (set before supervisors needed six digits); they choose
// a new one before they sign in.
const ReasonPINChangeRequired = "pin_change_required"

// PINChangedPayload is the payload of EventStaffPINChanged.
type PINChangedPayload struct {
	PINHash string `json:"pin_hash"` // bcrypt
}

// CheckPINHash reports whether hash is a bcrypt hash a station may give a
// person: well formed, and at a cost of at least minCost.
func CheckPINHash(hash string, minCost int) error {
	cost, err := bcrypt.Cost([]byte(hash))
	if err != nil {
		return Errorf(EINVALID, "bad_pin_hash", "The new PIN's hash is not a bcrypt hash.")
	}
	if cost < minCost {
		return Errorf(EINVALID, "bad_pin_hash", "The new PIN's hash has cost %d, less than the %d this hub asks for.", cost, minCost)
	}
	return nil
}
