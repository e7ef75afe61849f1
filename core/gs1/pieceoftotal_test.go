package gs1

import (
	"errors"
	"testing"

	"github.com/stationhand/stationhand/core"
)

// The piece-of-total rule of ITIP (8006) and ITIP CONTENT (8026), the
// "pieceoftotal" linter of the GS1 Barcode Syntax Dictionary: the value
// ends in PP TT, piece PP of TT pieces, both of equal width, neither zero,
// and the piece at most the total. The last piece of a trade item, piece
// equal to the total ("02 of 02"), is valid and must be accepted; one past
// it is not.
func TestPieceOfTotal(t *testing.T) {
	for _, tc := range []struct {
		in     string
		reason string // "" means valid
	}{
		{"0101", ""},             // the only piece
		{"0102", ""},             // first of two
		{"0202", ""},             // last of two: equal to the total
		{"9999", ""},             // last of 99
		{"1099", ""},             // compared as numbers of equal width
		{"0201", ReasonBadValue}, // piece past the total
		{"1009", ReasonBadValue},
		{"0001", ReasonBadValue}, // piece 0
		{"0100", ReasonBadValue}, // total 0
		{"0000", ReasonBadValue},
		{"012", ReasonBadValue}, // widths differ
	} {
		reason, _ := lintPieceOfTotal(tc.in)
		if reason != tc.reason {
			t.Errorf("pieceoftotal %q: reason %q, want %q", tc.in, reason, tc.reason)
		}
	}

	// The same through the parser, on the AIs that use it.
	for _, tc := range []struct {
		in    string
		valid bool
	}{
		{"(8006)095060001343520202", true},
		{"(8006)095060001343520101", true},
		{"(8006)095060001343520102", true},
		{"(8006)095060001343520302", false},
		{"(8006)095060001343520002", false},
		{"(00)123456789012345675(8026)095060001343520303(37)4", true},
		{"(00)123456789012345675(8026)095060001343520403(37)4", false},
	} {
		_, err := Parse(tc.in)
		switch {
		case tc.valid && err != nil:
			t.Errorf("Parse(%q): %v, want it accepted", tc.in, err)
		case !tc.valid && (!errors.Is(err, &core.Error{Reason: ReasonBadValue})):
			t.Errorf("Parse(%q): %v, want it refused for its value", tc.in, err)
		}
	}
}
