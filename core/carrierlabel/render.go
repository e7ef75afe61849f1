// Package carrierlabel prints the labels carriers and marketplaces issue
// (core.CarrierLabel): it turns a label document into what the station's
// printer takes, and prints the labels that are due (PrintPending), when
// a package closes or when a label bought after packing arrives.
package carrierlabel

import (
	"bytes"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/stationhand/stationhand/core"
)

// Printer formats, as in package printing.
const (
	FormatPDF = "pdf"
	FormatZPL = "zpl"
)

// The label stock: 4x6 inches, in PDF points.
const (
	LabelWidthPt  = 4 * 72
	LabelHeightPt = 6 * 72
)

func init() {
	// pdfcpu would otherwise create a configuration directory in the
	// user's home on first use; a station needs none.
	model.ConfigPath = "disable"
}

// Render returns the document to send to a printer that takes format
// (FormatPDF or FormatZPL at dpi): a ZPL label goes to a ZPL printer as
// it is; a PDF label goes to a PDF printer as one 4x6 in page per page of
// the label, scaled to fit without distortion and centred.
func Render(l core.CarrierLabel, format string, dpi int) ([]byte, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	switch {
	case l.Format == core.LabelFormatZPL && format == FormatZPL:
		return l.Document, nil
	case l.Format == core.LabelFormatPDF && format == FormatPDF:
		return To4x6(l.Document)
	case l.Format == core.LabelFormatPDF && format == FormatZPL:
		return PDFToZPL(l.Document, dpi)
	}
	return nil, core.Errorf(core.EINVALID, "carrier_label_needs_zpl",
		"The carrier label %s is ZPL, which only a ZPL printer prints; this station's printer takes %s. Set up a ZPL label printer (stationhand label-setup), or ask the order system for PDF labels.",
		l.Tracking, format)
}

// To4x6 scales every page of a PDF onto a 4x6 in portrait page: one scale
// factor for both directions (the largest that fits, so nothing is
// distorted), the content centred, turned when that fits it larger (a 6x4
// label on 4x6 stock).
func To4x6(pdf []byte) ([]byte, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	res, err := pdfcpu.ParseResizeConfig(fmt.Sprintf("dimensions:%d %d, enforce:true", LabelWidthPt, LabelHeightPt), types.POINTS)
	if err != nil {
		return nil, fmt.Errorf("carrier label: %w", err)
	}
	var out bytes.Buffer
	if err := api.Resize(bytes.NewReader(pdf), &out, nil, res, conf); err != nil {
		return nil, core.Errorf(core.EINVALID, "carrier_label_pdf", "The carrier label's PDF cannot be read: %v.", err)
	}
	return out.Bytes(), nil
}
