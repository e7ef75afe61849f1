package pack

import (
	"io"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/label"
)

// ShipmentRef is the shipment reference printed as the 2D code on every
// label of an order: the order's own barcode, so scanning any of its
// parcels at a station finds the order.
func ShipmentRef(orderRef string) string { return "ORD-" + orderRef }

// ShippingLabel is the 4x6 label of one closed package of order o.
func ShippingLabel(o core.Order, p core.Package, s core.ShipSettings) label.ShippingLabel {
	to := o.ShipTo
	if to.Name == "" && to.Company == "" {
		to.Name = o.Customer.Name
	}
	if to.Phone == "" {
		to.Phone = o.Customer.Phone
	}
	return label.ShippingLabel{
		From: s.ShipFrom, To: to, OrderRef: o.ExternalID, Service: o.Service, Carrier: s.Carrier,
		WeightG: p.WeightG, Package: p.Seq, Packages: p.Of,
		SSCC: p.SSCC, CompanyPrefixLen: len(p.CompanyPrefix), ShipmentRef: ShipmentRef(o.ExternalID),
	}
}

// ShippingLabels are the labels of every package, in package order.
func ShippingLabels(o core.Order, pkgs []core.Package, s core.ShipSettings) []label.ShippingLabel {
	out := make([]label.ShippingLabel, len(pkgs))
	for i, p := range pkgs {
		out[i] = ShippingLabel(o, p, s)
	}
	return out
}

// PackingSlip is the slip that goes into the last package of order o: its
// lines with what was picked (and so shipped) and what was short.
func PackingSlip(o core.Order, packages int, s core.ShipSettings) label.PackingSlip {
	if o.ShipTo.Name == "" && o.ShipTo.Company == "" {
		o.ShipTo.Name = o.Customer.Name
	}
	return label.PackingSlip{Order: o, Packages: packages, ReturnURL: s.ReturnURL, Paper: s.Paper}
}

// Label output formats.
const (
	FormatPDF = "pdf" // one 4x6 inch page per label
	FormatZPL = "zpl" // one ZPL II label format per label, for Zebra printers
)

// WriteLabels writes the labels as one document in format: a PDF with a
// page per label, or the labels' ZPL one after another for a printer of
// dpi dots per inch (203 or 300). It writes nothing if any label is wrong.
func WriteLabels(w io.Writer, format string, dpi int, ls []label.ShippingLabel) error {
	switch format {
	case FormatPDF:
		return label.WriteShippingLabelsPDF(w, ls)
	case FormatZPL:
		var all []byte
		for _, l := range ls {
			z, err := label.ShippingLabelZPL(l, dpi)
			if err != nil {
				return err
			}
			all = append(all, z...)
		}
		if len(all) == 0 {
			return core.Errorf(core.EINVALID, "no_labels", "There are no labels to print.")
		}
		_, err := w.Write(all)
		return err
	}
	return core.Errorf(core.EINVALID, "bad_format", "Labels are written as pdf or zpl, not %q.", format)
}
