package pack_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
)

func TestParseWeight(t *testing.T) {
	tests := []struct {
		in    string
		grams int
		looks bool // LooksLikeWeight
	}{
		{"1.25 kg", 1250, true},
		{"1,25kg", 1250, true},
		{"0.850KG", 850, true},
		{"850 g", 850, true},
		{"850g\r\n", 850, true},
		{"1.25", 1250, true},
		{"2", 2000, false}, // a bare count in a scan field is a quantity
		{"2.2 lb", 998, true},
		{"12 oz", 340, true},
		{"ST,GS,+  1.250kg", 1250, true},
		{"US,NT,0.500 kg", 500, true},
		{"0 kg", 0, true},
		{"-1 kg", 0, false},
		{"1.2.3 kg", 0, false},
		{"heavy", 0, false},
		{"5012345000015", 0, false},
		{"2000 kg", 0, true},
	}
	for _, tt := range tests {
		g, err := pack.ParseWeight(tt.in)
		if tt.grams == 0 {
			if err == nil || core.ErrorReason(err) != core.ErrBadWeight.Reason || core.ErrorMessage(err) == "" {
				t.Errorf("ParseWeight(%q) = %d, %v; want a bad_weight error", tt.in, g, err)
			}
		} else if err != nil || g != tt.grams {
			t.Errorf("ParseWeight(%q) = %d, %v; want %d", tt.in, g, err, tt.grams)
		}
		if got := pack.LooksLikeWeight(tt.in); got != tt.looks {
			t.Errorf("LooksLikeWeight(%q) = %v, want %v", tt.in, got, tt.looks)
		}
	}
}

func TestFormatWeight(t *testing.T) {
	for g, want := range map[int]string{850: "850 g", 1000: "1 kg", 1250: "1.25 kg", 20000: "20 kg"} {
		if got := pack.FormatWeight(g); got != want {
			t.Errorf("FormatWeight(%d) = %q, want %q", g, got, want)
		}
	}
}
