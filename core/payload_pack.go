package core

// Payloads of the pack workflow (see payload.go).

// PackItemVerified is the payload of EventPackItemVerified: one unit
// scanned into the open package.
type PackItemVerified struct {
	Package int    `json:"package"` // 1-based package of the order
	SKU     string `json:"sku"`
	Line    int64  `json:"line"`
	Qty     int    `json:"qty"`
	Serial  string `json:"serial,omitempty"`
	Lot     string `json:"lot,omitempty"`
}

// PackItemRemoved is the payload of EventPackItemRemoved.
type PackItemRemoved struct {
	Package int    `json:"package"`
	SKU     string `json:"sku"`
	Line    int64  `json:"line"`
	Qty     int    `json:"qty"`
}

// PackPackagesPlanned is the payload of EventPackPackagesPlanned.
type PackPackagesPlanned struct {
	Packages int   `json:"packages"`
	Relabel  []int `json:"relabel"` // closed packages whose labels were printed again ("1 of 3")
}

// PackedItem is one line's units in a closed package.
type PackedItem struct {
	SKU    string `json:"sku"`
	Line   int64  `json:"line"`
	Qty    int    `json:"qty"`
	Serial string `json:"serial,omitempty"`
	Lot    string `json:"lot,omitempty"`
}

// PackPackageClosed is the payload of EventPackPackageClosed: the package's
// SSCC, carton, weight and contents.
type PackPackageClosed struct {
	Package          int          `json:"package"`
	Packages         int          `json:"packages"`
	SSCC             string       `json:"sscc"`
	Carton           string       `json:"carton"`
	WeightG          int          `json:"weight_g"`
	WeightAcceptedBy int64        `json:"weight_accepted_by"` // the supervisor who accepted a weight out of tolerance, 0 if none
	Items            []PackedItem `json:"items"`
	CartonMM         []int        `json:"carton_mm"`                  // length, width, height: what the order system buys a label for
	CarrierTracking  string       `json:"carrier_tracking,omitempty"` // the carrier label the package took, if the order had one
}

// OrderPackedPayload is the payload of EventOrderPacked.
type OrderPackedPayload struct {
	Packages int      `json:"packages"`
	SSCCs    []string `json:"ssccs"`
	Tote     string   `json:"tote"`
	Units    int      `json:"units"`  // units packed
	Picked   int      `json:"picked"` // units picked
	Short    int      `json:"short"`
}
