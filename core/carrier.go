package core

// LabelFormat is the page description language of a carrier label document.
type LabelFormat string

const (
	LabelFormatPDF LabelFormat = "pdf" // printed to a PDF printer scaled to 4x6, or rasterised to ^GF for a ZPL printer
	LabelFormatZPL LabelFormat = "zpl" // sent raw to a ZPL printer
)

// CarrierLabel is a shipping label a carrier or marketplace issued for one
// parcel of an order: its tracking number and the document to print. The
// order system buys it, before the order reaches the warehouse or after a
// package closes (weight and carton known), and it reaches the station with
// the order.
type CarrierLabel struct {
	// PackageSeq is the package of the order the label belongs to (1-based);
	// 0 means "the order's next package without a label": labels bought in
	// advance rarely know how the order will be packed.
	PackageSeq int         `json:"package,omitempty"`
	Carrier    string      `json:"carrier"`           // carrier code, e.g. "UPS", "DHL", "SPX"
	Service    string      `json:"service,omitempty"` // e.g. "Ground", "Express"
	Tracking   string      `json:"tracking"`          // what the carrier's barcode on the label encodes
	Format     LabelFormat `json:"format"`
	Document   []byte      `json:"document"` // base64 in JSON
	// Voided: the label no longer counts. A station voids a printed label
	// when the order's address changed after it was printed; the hub keeps
	// it in the order's list, marked, so re-sending it brings nothing back.
	Voided bool `json:"voided,omitempty"`
}

// Event types of shipping: carrier labels and the dock.
const (
	// EventCarrierLabelPrinted records that a package's carrier label was
	// printed (which tracking number went on which package).
	EventCarrierLabelPrinted = "carrier.label_printed"
	// EventCarrierLabelVoided records that a printed carrier label no
	// longer counts (the order's address changed after it was printed):
	// the dock refuses its tracking number, and the hub asks the order
	// system for a new label for the package.
	EventCarrierLabelVoided = "carrier.label_voided"

	EventDispatchHandoverOpened   = "dispatch.handover_opened"   // a cage, trolley or truck for one carrier
	EventDispatchParcelScanned    = "dispatch.parcel_scanned"    // a parcel went into the handover
	EventDispatchParcelUndone     = "dispatch.parcel_undone"     // the last scan taken back before closing
	EventDispatchSplitAllowed     = "dispatch.split_allowed"     // a supervisor let an incomplete order leave
	EventDispatchHandoverClosed   = "dispatch.handover_closed"   // manifest printed; order.shipped written per order
	EventDispatchHandoverReopened = "dispatch.handover_reopened" // a supervisor reopened a closed handover
)

// CarrierLabelVoidedPayload is the payload of carrier.label_voided: the
// label that no longer counts and the package that needs a new one, with
// what buying it takes (as in pack.package_closed).
type CarrierLabelVoidedPayload struct {
	Package  int    `json:"package"`
	Packages int    `json:"packages"`
	SSCC     string `json:"sscc"`
	Carrier  string `json:"carrier"`
	Service  string `json:"service,omitempty"`
	Tracking string `json:"tracking"`
	Reason   string `json:"reason"` // VoidAddressChanged
	Carton   string `json:"carton"`
	WeightG  int    `json:"weight_g"`
	CartonMM []int  `json:"carton_mm"` // length, width, height
}

// VoidAddressChanged is why a carrier label is voided when the order's
// address changed after it was printed.
const VoidAddressChanged = "address_changed"
