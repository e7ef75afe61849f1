package pack

import (
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
