package scan

import "testing"

func TestDescribe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"]C1011231231231233310ABC123~17261231", "GS1 element string (GS1-128)\n" +
			"  (01) GTIN: 12312312312333\n" +
			"  (10) BATCH/LOT: ABC123\n" +
			"  (17) USE BY or EXPIRY: 261231 = 2026-12-31\n" +
			"  Read as: symbology identifier ]C1 (GS1-128): GS1 element string.\n"},
		{"https://example.com/01/09506000134352?15=270300", "GS1 Digital Link\n" +
			"  (01) GTIN: 09506000134352\n" +
			"  (15) BEST BEFORE or BEST BY: 270300 = 2027-03-31\n" +
			"  Read as: GS1 Digital Link: a web address whose path holds a GS1 key.\n"},
		{"(00)123456789012345675", "GS1 element string (bracketed)\n  (00) SSCC: 123456789012345675\n  Read as: GS1 data typed with AIs in brackets.\n"},
		{"123456789012345675", "SSCC shipping unit (pallet or parcel)\n  SSCC: 123456789012345675\n  Read as: 18 digits without symbology identifier: an SSCC.\n"},
		{"]E04006381333931", "EAN-13 product code (EAN-13/UPC)\n  GTIN: 04006381333931\n  Read as: symbology identifier ]E0 (EAN-13/UPC): 13 digits, EAN-13.\n"},
		{"0425261", "UPC-E product code\n  UPC-A: 042100005264\n  GTIN: 00042100005264\n  Read as: 7 digits without symbology identifier: UPC-E.\n"},
		{"2001234567893", "EAN-13 product code\n  GTIN: 02001234567893\n" +
			"  Note: restricted circulation number, for use in one store or company (it may carry a price or weight).\n" +
			"  Read as: 13 digits without symbology identifier: EAN-13.\n"},
		{"tote-17", "Tote code (TOTE- label)\n  ID: 17\n  Read as: own label: starts with TOTE-.\n"},
		{"PU-K7Q2", "Pickup code (PU- label)\n  ID: K7Q2\n  Read as: own label: starts with PU-.\n"},
		{"7", "Quantity typed by hand\n  Quantity: 7\n  Read as: 1 to 4 digits: a quantity typed by hand.\n"},
	}
	for _, tt := range tests {
		c, err := june2025.Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if got := c.Describe(); got != tt.want {
			t.Errorf("Describe(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	if got := (Code{}).Describe(); got != "Unknown code\n" {
		t.Errorf("zero Code: %q", got)
	}
	if got := SymbologyName("]Z9"); got != "symbology ]Z9" {
		t.Errorf("SymbologyName = %q", got)
	}
}
