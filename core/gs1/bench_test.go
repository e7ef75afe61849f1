package gs1

import "testing"

func BenchmarkParse(b *testing.B) {
	for _, bm := range []struct{ name, in string }{
		{"GS1-128 lot+expiry", "]C1010950600013435217261231" + "10ABC123" + GS + "21SER1"},
		{"bracketed", "(01)09506000134352(17)261231(10)ABC123"},
		{"digital link", "https://example.com/01/09506000134352/10/ABC123?17=261231"},
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
