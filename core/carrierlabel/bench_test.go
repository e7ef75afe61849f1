package carrierlabel

import (
	"context"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/tracking"
)

// discard is a printer that takes every job: the benchmark measures the
// station's side (scaling the PDF, spooling the job durably), not a device.
type discard struct{}

func (discard) Print(context.Context, printing.Job) error { return nil }
func (discard) String() string                            { return "nowhere" }

func benchLabel(b *testing.B) core.CarrierLabel {
	num, _ := tracking.UPS("999AA1", "01", 2345678)
	doc, err := demo.CarrierLabelPDF("UPS", "Ground", num, shipTo)
	if err != nil {
		b.Fatal(err)
	}
	return core.CarrierLabel{Carrier: "UPS", Tracking: num, Format: core.LabelFormatPDF, Document: doc}
}

// BenchmarkPrintCarrierPDFLabel: a carrier's PDF label scaled to 4x6 and
// queued for the station's PDF printer (target: under 50 ms).
func BenchmarkPrintCarrierPDFLabel(b *testing.B) {
	l := benchLabel(b)
	q, err := printing.Open(b.TempDir(), discard{}, printing.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()
	b.ReportAllocs()
	for b.Loop() {
		doc, err := Render(l, FormatPDF, 0)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := q.Submit(printing.Job{Name: "Carrier label " + l.Tracking, Format: printing.FormatPDF, Data: doc}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCarrierPDFLabelToZPL: the same label rasterised to ^GF for a
// 203 dpi ZPL printer, once the renderer is up (its start-up, a few
// seconds of CPU once per process, is not counted).
func BenchmarkCarrierPDFLabelToZPL(b *testing.B) {
	l := benchLabel(b)
	if _, err := Render(l, FormatZPL, 203); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(l, FormatZPL, 203); err != nil {
			b.Fatal(err)
		}
	}
}
