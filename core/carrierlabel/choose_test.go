package carrierlabel

import (
	"testing"

	"github.com/stationhand/stationhand/core"
)

// TestChoosePicksThePrinterThatTakesTheLabel: a label goes to a printer
// of its own format first, a PDF label to a ZPL printer only when no PDF
// printer is there, and a ZPL label never to a PDF printer.
func TestChoosePicksThePrinterThatTakesTheLabel(t *testing.T) {
	pdf := Target{Format: FormatPDF}
	zpl := Target{Format: FormatZPL, DPI: 203}
	for _, tc := range []struct {
		name    string
		label   core.LabelFormat
		targets []Target
		want    string // "" none
	}{
		{"zpl label, pdf and zpl printers", core.LabelFormatZPL, []Target{pdf, zpl}, FormatZPL},
		{"pdf label, zpl and pdf printers", core.LabelFormatPDF, []Target{zpl, pdf}, FormatPDF},
		{"pdf label, only a zpl printer", core.LabelFormatPDF, []Target{zpl}, FormatZPL},
		{"zpl label, only a pdf printer", core.LabelFormatZPL, []Target{pdf}, ""},
		{"no printer", core.LabelFormatPDF, nil, ""},
	} {
		got, ok := Choose(core.CarrierLabel{Format: tc.label}, tc.targets)
		if (tc.want == "") == ok || got.Format != tc.want {
			t.Errorf("%s: %+v %v, want %q", tc.name, got, ok, tc.want)
		}
	}
}
