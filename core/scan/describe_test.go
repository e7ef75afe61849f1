package scan

import "testing"

func TestDescribe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"]C1011231231231233310ABC123~17261231", "GS1 element string (GS1-128)\n" +
			"  (01) GTIN: 12312312312333\n" +
			"  (10) BATCH/LOT: ABC123\n" +
			"  (17) USE BY or EXPIRY: 261231 = 2026-12-31\n"},
		{"https://example.com/01/09506000134352?15=270300", "GS1 Digital Link\n" +
			"  (01) GTIN: 09506000134352\n" +
			"  (15) BEST BEFORE or BEST BY: 270300 = 2027-03-31\n"},
		{"(00)123456789012345675", "GS1 element string (bracketed)\n  (00) SSCC: 123456789012345675\n"},
		{"123456789012345675", "SSCC shipping unit (pallet or parcel)\n  SSCC: 123456789012345675\n"},
		{"]E04006381333931", "EAN-13 product code (EAN-13/UPC)\n  GTIN: 04006381333931\n"},
		{"0425261", "UPC-E product code\n  UPC-A: 042100005264\n  GTIN: 00042100005264\n"},
		{"2001234567893", "EAN-13 product code\n  GTIN: 02001234567893\n" +
			"  Note: restricted circulation number, for use in one store or company (it may carry a price or weight).\n"},
		{"tote-17", "Tote code (TOTE- label)\n  ID: 17\n"},
		{"PU-K7Q2", "Pickup code (PU- label)\n  ID: K7Q2\n"},
		{"7", "Quantity typed by hand\n  Quantity: 7\n"},
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
