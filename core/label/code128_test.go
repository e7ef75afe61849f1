package label

import (
	"slices"
	"testing"

	lib128 "github.com/boombuler/barcode/code128"
)

// TestCode128CodeSets: the ^BC field data names the code sets the bars were
// encoded with, so a printer draws exactly the symbol the layout measured:
// 11 modules per symbol character and 13 for the stop.
func TestCode128CodeSets(t *testing.T) {
	tests := []struct {
		data    string
		gs1     bool
		zpl     string
		symbols int // start, FNC1, data, code switch and check characters
	}{
		{"0123456789012345678901234567890123456789", false, ">;0123456789012345678901234567890123456789", 22},
		{"12", false, ">;12", 3},
		{"123", false, ">;12>63", 5},
		{"12345AB", false, ">;1234>65AB", 8},
		{"123AB", false, ">:123AB", 7}, // three digits are not worth subset C
		{"BAG-WEB-100234-2", false, ">:BAG-WEB-100234-2", 18},
		{"P>77", false, ">:P>077", 6},
		{"00106141411234567897", true, ">;>800106141411234567897", 13},
	}
	for _, tt := range tests {
		bars, zpl := code128(tt.data, tt.gs1)
		if zpl != tt.zpl {
			t.Errorf("code128(%q) field data %q, want %q", tt.data, zpl, tt.zpl)
		}
		if want := 11*tt.symbols + 13; len(bars) != want {
			t.Errorf("code128(%q) has %d modules, want %d", tt.data, len(bars), want)
		}
	}
	// Where the barcode library picks the same code sets, the bars agree
	// with it module for module.
	for _, data := range []string{"0123456789", "BAG-WEB-X", "TEST-PRINT", string(lib128.FNC1) + "00106141411234567897"} {
		bc, err := lib128.Encode(data)
		if err != nil {
			t.Fatal(err)
		}
		gs1 := data[0] > 0x7f
		if gs1 {
			data = data[len(string(lib128.FNC1)):]
		}
		got, _ := code128(data, gs1)
		if want := modules1D(bc); !slices.Equal(got, want) {
			t.Errorf("code128(%q) bars differ from the library's", data)
		}
	}
}
