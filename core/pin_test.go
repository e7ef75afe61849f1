package core

import (
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

func TestPINLockGrows(t *testing.T) {
	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{{1, 0}, {4, 0}, {5, 30 * time.Second}, {6, time.Minute}, {7, 2 * time.Minute}, {12, time.Hour}, {40, time.Hour}} {
		if got := PINLockFor(tc.failures); got != min(tc.want, time.Hour) {
			t.Errorf("PINLockFor(%d) = %v, want %v", tc.failures, got, tc.want)
		}
	}
}

func TestPINPolicy(t *testing.T) {
	if err := CheckPINPolicy([]Role{RoleSupervisor}, "9999"); ErrorReason(err) != "pin_too_short" {
		t.Fatalf("a 4-digit supervisor PIN: %v", err)
	}
	if err := CheckPINPolicy([]Role{RoleSupervisor}, "909192"); err != nil {
		t.Fatal(err)
	}
	if err := CheckPINPolicy([]Role{RolePicker}, "1111"); err != nil {
		t.Fatal(err)
	}
}

// The cost production hashes carry.
func TestPINCostDefault(t *testing.T) {
	h, err := HashPINCost("123456", bcrypt.MinCost)
	if err != nil || !CheckPIN(h, "123456") || CheckPIN(h, "123457") {
		t.Fatal("hash and check")
	}
	if PINCost < 12 {
		t.Fatalf("PINCost %d: one guess must cost at least 250 ms on a station", PINCost)
	}
}

// BenchmarkCheckPIN is what one PIN guess costs at PINCost (target: at
// least 250 ms on a station PC).
func BenchmarkCheckPIN(b *testing.B) {
	h, err := HashPIN("482913")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		CheckPIN(h, "000000")
	}
}
