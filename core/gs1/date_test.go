package gs1

import (
	"errors"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	now := time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)
	tests := []struct{ in, want string }{
		{"261231", "2026-12-31"},
		{"261200", "2026-12-31"}, // DD=00: last day of the month
		{"240200", "2024-02-29"}, // leap year
		{"250200", "2025-02-28"},
		{"750101", "2075-01-01"}, // 50 ahead: this century
		{"760101", "1976-01-01"}, // 51 ahead: previous century
		{"000101", "2000-01-01"},
	}
	for _, tt := range tests {
		got, err := Date(tt.in, now)
		if err != nil || got.Format("2006-01-02") != tt.want || got.Location() != time.UTC {
			t.Errorf("Date(%s) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	// Late in a century, small years roll into the next one.
	got, err := Date("300101", time.Date(2080, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || got.Year() != 2130 {
		t.Errorf("Date(300101) in 2080 = %v, %v; want 2130", got, err)
	}
	for _, bad := range []string{"261300", "260230", "250229", "2612", "26123a"} {
		if _, err := Date(bad, now); !errors.Is(err, ErrBadDate) {
			t.Errorf("Date(%s) error = %v, want bad_date", bad, err)
		}
	}
}
