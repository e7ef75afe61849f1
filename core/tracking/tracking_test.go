package tracking

import "testing"

// Published examples: 1Z999AA10123456784 is the example of UPS's check
// digit description; EE123456785TH and AA473124829GB are the UPU S10
// examples (an EMS item of Thailand Post, a Royal Mail item).
func TestUPSPublishedExamples(t *testing.T) {
	for _, n := range []string{"1Z999AA10123456784"} {
		if !ValidUPS(n) {
			t.Errorf("%s: the published number does not validate", n)
		}
	}
	for _, n := range []string{"1Z999AA10123456785", "1Z999AA1012345678", "2Z999AA10123456784", "1Z999aa10123456784"} {
		if ValidUPS(n) {
			t.Errorf("%s validates, but its check digit or form is wrong", n)
		}
	}
	got, err := UPS("999AA1", "01", 2345678)
	if err != nil || got != "1Z999AA10123456784" {
		t.Errorf("UPS(999AA1, 01, 2345678) = %q, %v; want 1Z999AA10123456784", got, err)
	}
}

func TestS10PublishedExamples(t *testing.T) {
	for _, n := range []string{"EE123456785TH", "AA473124829GB", "RR123456785GB"} {
		if !ValidS10(n) {
			t.Errorf("%s: the published number does not validate", n)
		}
	}
	for _, n := range []string{"EE123456784TH", "EE12345678TH", "E1123456785TH"} {
		if ValidS10(n) {
			t.Errorf("%s validates, but its check digit or form is wrong", n)
		}
	}
	// Remainders giving 10 and 11 map to 0 and 5.
	cases := map[string]byte{"00000000": '5', "12345678": '5', "47312482": '9'}
	for serial, want := range cases {
		if d, err := S10CheckDigit(serial); err != nil || d != want {
			t.Errorf("S10CheckDigit(%s) = %c, %v; want %c", serial, d, err, want)
		}
	}
	got, err := S10("EE", 12345678, "TH")
	if err != nil || got != "EE123456785TH" {
		t.Errorf("S10(EE, 12345678, TH) = %q, %v", got, err)
	}
}

// Every number the builders make validates, over a range that hits every
// check digit, including S10's 10 -> 0 and 11 -> 5 cases.
func TestBuiltNumbersValidate(t *testing.T) {
	seen := map[byte]bool{}
	for i := 0; i < 2000; i++ {
		n, err := S10("EE", i*4099, "TH")
		if err != nil || !ValidS10(n) {
			t.Fatalf("S10 %d: %q %v", i, n, err)
		}
		seen[n[10]] = true
		u, err := UPS("A1B2C3", "01", i*4999)
		if err != nil || !ValidUPS(u) {
			t.Fatalf("UPS %d: %q %v", i, u, err)
		}
	}
	if len(seen) != 10 {
		t.Errorf("S10 check digits seen: %d of 10", len(seen))
	}
}
