package gs1

import "testing"

func TestCheckDigit(t *testing.T) {
	tests := []struct{ payload, want string }{
		{"400638133393", "1"},      // EAN-13 4006381333931
		{"03600029145", "2"},       // UPC-A 036000291452
		{"9638507", "4"},           // EAN-8 96385074
		{"0950600013435", "2"},     // GTIN 09506000134352 (GS1 example)
		{"1231231231233", "3"},     // GTIN 12312312312333
		{"12345678901234567", "5"}, // SSCC 123456789012345675
		{"00000000000000000", "0"},
		{"1", "7"},
	}
	for _, tt := range tests {
		d, err := CheckDigit(tt.payload)
		if err != nil || string(d) != tt.want {
			t.Errorf("CheckDigit(%s) = %c, %v; want %s", tt.payload, d, err, tt.want)
		}
		full, _ := AppendCheckDigit(tt.payload)
		if !ValidCheckDigit(full) {
			t.Errorf("ValidCheckDigit(%s) = false", full)
		}
		last := full[len(full)-1]
		bad := full[:len(full)-1] + string('0'+(last-'0'+1)%10)
		if ValidCheckDigit(bad) {
			t.Errorf("ValidCheckDigit(%s) = true", bad)
		}
	}
	for _, bad := range []string{"", "12a4"} {
		if _, err := CheckDigit(bad); err == nil {
			t.Errorf("CheckDigit(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"", "7", "1x", "40063813339３"} {
		if ValidCheckDigit(bad) {
			t.Errorf("ValidCheckDigit(%q) = true", bad)
		}
	}
}

// Vectors from the GS1 Barcode Syntax Tests for the csumalpha linter.
func TestCheckPair(t *testing.T) {
	valid := []string{
		"22", "!22", "!!22",
		"1987654Ad4X4bL5ttr2310c2K",
		"12345678901234567890123NT",
		"12345_ABCDEFGHIJKLMCP",
		"12345_abcdefghijklmN3",
		"12345_!\"%&'()*+,-./LC",
		"12345_0123456789:;<=>?62",
		"7907665Bm8v2AB", "97850l6KZm0yCD", "149512464PM+GH",
		"23956qk1&dB!23", "57453Uq3qA<H67", "00000!HV",
		"99999zzzzzzzzzzzzzzzzzzT2",
	}
	for _, s := range valid {
		if !ValidCheckPair(s) {
			want, _ := CheckPair(s[:len(s)-2])
			t.Errorf("ValidCheckPair(%q) = false (computed %s)", s, want)
		}
	}
	for _, s := range []string{"", "2", "33", "1987654Ad4X4bL5ttr2310cXK", "1987654Ad4X4bL5ttr2310c2X", " 2345678901234567890123NT"} {
		if ValidCheckPair(s) {
			t.Errorf("ValidCheckPair(%q) = true", s)
		}
	}
}
