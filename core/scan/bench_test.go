package scan

import "testing"

func BenchmarkParse(b *testing.B) {
	for _, bm := range []struct{ name, in string }{
		{"GS1-128 lot+expiry", "]C1010950600013435217261231" + "10ABC123"},
		{"EAN-13", "4006381333931"},
		{"Digital Link", "https://example.com/01/09506000134352/10/ABC123?17=261231"},
		{"own code", "TOTE-0042"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(bm.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
