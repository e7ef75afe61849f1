package label

import (
	"io"
	"testing"
	"time"
)

// The target: at least 500 shipping-label PDFs a second on one
// core. Run with: go test ./core/label -run - -bench . -cpu 1 -benchmem
//
// Each iteration renders a different label (its own SSCC), as a batch
// would; fonts are parsed once per process, subsets made per document.
// Besides wall time, the label benchmarks report the process's CPU time
// per label (labels/cpu-s): on a machine shared with other work, wall time
// overstates what one label costs.

func benchLabels(b *testing.B, l ShippingLabel) {
	b.ReportAllocs()
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		i++
		l.SSCC = ssccN(i)
		if err := WriteShippingLabelPDF(io.Discard, l); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, b.N, cpuTime()-cpu)
}

// reportRates adds labels per second of wall time and of CPU time.
func reportRates(b *testing.B, labels int, cpu time.Duration) {
	b.ReportMetric(float64(labels)/b.Elapsed().Seconds(), "labels/s")
	if cpu > 0 {
		b.ReportMetric(float64(labels)/cpu.Seconds(), "labels/cpu-s")
	}
}

// BenchmarkShippingLabelPDF: Latin with accents, ß, ł (two DejaVu subsets).
func BenchmarkShippingLabelPDF(b *testing.B) { benchLabels(b, sampleLabel()) }

// BenchmarkShippingLabelPDFCyrillic: ship-to in Cyrillic.
func BenchmarkShippingLabelPDFCyrillic(b *testing.B) {
	l := sampleLabel()
	l.To = moscow
	benchLabels(b, l)
}

// BenchmarkShippingLabelPDFCJK: ship-to in Chinese, so a third font (a
// Droid Sans Fallback subset) is embedded.
func BenchmarkShippingLabelPDFCJK(b *testing.B) {
	l := sampleLabel()
	l.To = beijing
	benchLabels(b, l)
}

// BenchmarkShippingLabelsPDFBatch200: 200 labels as one 200-page PDF (the
// fonts are embedded once); reported per label.
func BenchmarkShippingLabelsPDFBatch200(b *testing.B) {
	ls := make([]ShippingLabel, 200)
	for i := range ls {
		ls[i] = sampleLabel()
		ls[i].SSCC = ssccN(i)
	}
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if err := WriteShippingLabelsPDF(io.Discard, ls); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, b.N*len(ls), cpuTime()-cpu)
}

func BenchmarkShippingLabelZPL(b *testing.B) {
	l := sampleLabel()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ShippingLabelZPL(l, 203); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPackingSlipPDF(b *testing.B) {
	s := PackingSlip{Order: sampleOrder(20), Packages: 2, ReturnURL: "https://shop.example.com/returns?order=WEB-100234"}
	b.ReportAllocs()
	for b.Loop() {
		if err := WritePackingSlipPDF(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBagTagPDF(b *testing.B) {
	t := BagTag{OrderRef: "WEB-100234", CustomerName: "Zoë Großmann", Bag: 1, Bags: 2, BagCode: "BAG-100234-1"}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteBagTagPDF(io.Discard, t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkShippingLabelPDFThai: ship-to in Thai, shaped (marks stacked
// by GPOS) and drawn by glyph from Noto Sans Thai subsets.
func BenchmarkShippingLabelPDFThai(b *testing.B) {
	l := sampleLabel()
	l.To = scriptAddresses[3].to
	benchLabels(b, l)
}

// BenchmarkShippingLabelPDFArabic: ship-to in Arabic, right to left,
// joined, with digits: bidi, shaping and ActualText spans.
func BenchmarkShippingLabelPDFArabic(b *testing.B) {
	l := sampleLabel()
	l.To = scriptAddresses[5].to
	benchLabels(b, l)
}
