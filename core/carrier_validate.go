package core

import (
	"bytes"
	"fmt"
	"strings"
)

// MaxCarrierLabelBytes is the largest carrier label document the hub takes:
// a 4x6 label is a few kilobytes of ZPL or a few tens of kilobytes of PDF;
// anything near this is a scan or a whole manifest sent by mistake.
const MaxCarrierLabelBytes = 512 << 10

// Validate says what is wrong with a carrier label as an order system sent
// it, for the person who fixes the integration: a tracking number and a
// carrier, a known format, and a document that is what its format says
// (a PDF starts with %PDF-, a ZPL label holds ^XA) and not too large.
func (l CarrierLabel) Validate() error {
	var problems []string
	if strings.TrimSpace(l.Tracking) == "" {
		problems = append(problems, "it has no tracking number")
	} else if len(l.Tracking) > 64 || strings.ContainsAny(l.Tracking, "\x00\n\r\t") {
		problems = append(problems, fmt.Sprintf("the tracking number %.70q is not one line of at most 64 characters", l.Tracking))
	}
	if strings.TrimSpace(l.Carrier) == "" {
		problems = append(problems, "it names no carrier")
	}
	if l.PackageSeq < 0 {
		problems = append(problems, fmt.Sprintf("package %d is not a package number (1, 2, …, or 0 for any)", l.PackageSeq))
	}
	switch {
	case len(l.Document) == 0:
		problems = append(problems, "its document is empty")
	case len(l.Document) > MaxCarrierLabelBytes:
		problems = append(problems, fmt.Sprintf("its document has %d KiB, more than the %d KiB a label may have", len(l.Document)>>10, MaxCarrierLabelBytes>>10))
	}
	switch l.Format {
	case LabelFormatPDF:
		if len(l.Document) > 0 && !bytes.HasPrefix(l.Document, []byte("%PDF-")) {
			problems = append(problems, "its format is pdf but the document does not start with %PDF-")
		}
	case LabelFormatZPL:
		if len(l.Document) > 0 && !bytes.Contains(l.Document[:min(len(l.Document), 4096)], []byte("^XA")) {
			problems = append(problems, "its format is zpl but the document has no ^XA (start of a ZPL label)")
		}
	default:
		problems = append(problems, fmt.Sprintf("its format %q is not pdf or zpl", l.Format))
	}
	if len(problems) == 0 {
		return nil
	}
	return Explained(EINVALID, "bad_carrier_label", fmt.Sprintf("Carrier label %s: %s.", l.Tracking, strings.Join(problems, "; ")), l.Tracking)
}

// Same reports whether two labels are the same parcel's label: a carrier
// never issues a tracking number twice.
func (l CarrierLabel) Same(o CarrierLabel) bool {
	return strings.EqualFold(l.Carrier, o.Carrier) && l.Tracking == o.Tracking
}
