package sscc_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
	"github.com/stationhand/stationhand/core/sscc"
)

func TestSSCC(t *testing.T) {
	tests := []struct {
		name   string
		r      sscc.Range
		serial int64
		want   string
		reason string
	}{
		// GS1 example data: (00) 1 0614141 123456789 7 (check digit verified by hand).
		{"GS1 example", sscc.Range{CompanyPrefix: "0614141", Extension: 1, First: 0, Last: 999999999}, 123456789, "106141411234567897", ""},
		{"10-digit prefix pads the serial", sscc.Range{CompanyPrefix: "5012345678", Extension: 0, First: 0, Last: 999999}, 42, "050123456780000429", ""},
		{"outside the range", sscc.Range{CompanyPrefix: "0614141", First: 10, Last: 20}, 21, "", "bad_sscc_range"},
		{"prefix too short", sscc.Range{CompanyPrefix: "123456", Last: 5}, 1, "", "bad_company_prefix"},
		{"prefix not digits", sscc.Range{CompanyPrefix: "06141A1", Last: 5}, 1, "", "bad_company_prefix"},
		{"range too wide for the prefix", sscc.Range{CompanyPrefix: "0614141000", Last: 1000000}, 1, "", "bad_sscc_range"},
		{"extension out of range", sscc.Range{CompanyPrefix: "0614141", Extension: 10, Last: 5}, 1, "", "bad_extension"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.SSCC(tt.serial)
			if tt.reason != "" {
				if core.ErrorReason(err) != tt.reason {
					t.Fatalf("got %q, %v; want reason %s", got, err, tt.reason)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %s", got, err, tt.want)
			}
			if !sscc.Valid(got) || !gs1.ValidCheckDigit(got) {
				t.Fatalf("%s has a wrong check digit", got)
			}
		})
	}
}

func TestForTerminalRangesAreDisjoint(t *testing.T) {
	a, err := sscc.ForTerminal("0614141", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sscc.ForTerminal("0614141", 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if a.First != 1_000_000 || a.Last != 1_999_999 || b.First != 2_000_000 || a.Size() != 1_000_000 {
		t.Fatalf("ranges %+v %+v", a, b)
	}
	if a.Contains(b.First) || b.Contains(a.Last) {
		t.Fatal("ranges overlap")
	}
	last, err := a.SSCC(a.Last)
	if err != nil {
		t.Fatal(err)
	}
	if last[:17] != "00614141001999999" {
		t.Fatalf("last SSCC of terminal 1: %s", last)
	}
	if _, err := sscc.ForTerminal("0614141", 0, 1000); core.ErrorReason(err) != "bad_terminal_number" {
		t.Fatalf("terminal 1000: %v", err)
	}
	small, err := sscc.ForTerminal("0614141000", 0, 7)
	if err != nil || small.Size() != 1000 || small.First != 7000 {
		t.Fatalf("10-digit prefix: %+v, %v", small, err)
	}
}
