package core

import "time"

// Event types written by the pack workflow.
const (
	EventPackItemVerified    = "pack.item_verified"    // one unit scanned into the open package
	EventPackItemRemoved     = "pack.item_removed"     // the last scanned unit taken out again
	EventPackPackagesPlanned = "pack.packages_planned" // the packer changed how many packages the order ships in
	EventPackPackageClosed   = "pack.package_closed"   // a package closed: SSCC, carton, weight and items
	EventOrderPacked         = "order.packed"          // the last package closed: the order is ready to ship
)

// Errors of the pack workflow. Compare with errors.Is; the messages the
// workflow returns say which item and which order.
var (
	ErrExtraItem      = &Error{Code: ECONFLICT, Reason: "extra_item", Message: "One too many: this item is already packed."}
	ErrOtherOrderItem = &Error{Code: ECONFLICT, Reason: "other_order_item", Message: "This item belongs to another order."}
	ErrOrderNotPicked = &Error{Code: ECONFLICT, Reason: "order_not_picked", Message: "This order is not ready to pack."}
	ErrNothingToPack  = &Error{Code: ECONFLICT, Reason: "nothing_to_pack", Message: "Nothing of this order was picked: there is nothing to pack."}
	ErrPackageEmpty   = &Error{Code: ECONFLICT, Reason: "package_empty", Message: "Nothing is in this package yet."}
	ErrWeightRequired = &Error{Code: ECONFLICT, Reason: "weight_required", Message: "Weigh the package first."}
	ErrBadWeight      = &Error{Code: EINVALID, Reason: "bad_weight", Message: "That is not a weight."}
	ErrTooHeavy       = &Error{Code: ECONFLICT, Reason: "too_heavy", Message: "The package is heavier than its carton allows."}
	ErrWeightOff      = &Error{Code: ECONFLICT, Reason: "weight_off", Message: "The package does not weigh what its contents should: weigh it again, or a supervisor accepts it."}
	ErrPackageCount   = &Error{Code: ECONFLICT, Reason: "package_count", Message: "The number of packages does not match what is left to pack."}
	ErrUnknownCarton  = &Error{Code: ENOTFOUND, Reason: "unknown_carton", Message: "This carton is not in the catalogue."}
	ErrSSCCNotSet     = &Error{Code: ECONFLICT, Reason: "sscc_not_configured", Message: "This station cannot number packages yet: a supervisor must set the GS1 company prefix and the SSCC range."}
	ErrSSCCRangeUsed  = &Error{Code: ECONFLICT, Reason: "sscc_range_used", Message: "This station has used every SSCC of its range: a supervisor must give it a new range."}
	ErrNotPacked      = &Error{Code: ECONFLICT, Reason: "not_packed", Message: "This order is not packed yet."}
)

// Carton is a box size in the station's carton catalogue. Dimensions are
// inside measures in millimetres; MaxWeightG is the most the packed carton
// may weigh, TareG what it weighs empty.
type Carton struct {
	Code       string `json:"code"` // short and unique: "S", "M", "BOX-40"
	Name       string `json:"name"`
	LengthMM   int    `json:"length_mm"`
	WidthMM    int    `json:"width_mm"`
	HeightMM   int    `json:"height_mm"`
	MaxWeightG int    `json:"max_weight_g"`
	TareG      int    `json:"tare_g"`
	// TareSpreadG is how much one empty carton of this kind may differ
	// from TareG (board and glue vary): it widens the weight check.
	TareSpreadG int `json:"tare_spread_g,omitempty"`
}

// VolumeMM3 is the carton's inside volume in cubic millimetres.
func (c Carton) VolumeMM3() int64 {
	return int64(c.LengthMM) * int64(c.WidthMM) * int64(c.HeightMM)
}

// Validate reports what is wrong with a carton's catalogue entry.
func (c Carton) Validate() error {
	switch {
	case c.Code == "" || len(c.Code) > 20:
		return Errorf(EINVALID, "bad_carton", "A carton needs a code of 1 to 20 characters.")
	case c.Name == "":
		return Errorf(EINVALID, "bad_carton", "Carton %s needs a name.", c.Code)
	case c.LengthMM <= 0 || c.WidthMM <= 0 || c.HeightMM <= 0 || c.LengthMM > 5000 || c.WidthMM > 5000 || c.HeightMM > 5000:
		return Errorf(EINVALID, "bad_carton", "Carton %s needs inside dimensions between 1 and 5000 mm.", c.Code)
	case c.MaxWeightG <= 0 || c.TareG < 0 || c.TareG >= c.MaxWeightG:
		return Errorf(EINVALID, "bad_carton", "Carton %s needs a maximum weight above its empty weight.", c.Code)
	}
	return nil
}

// Package is one closed parcel of an order: what is in it, its carton and
// weight, and the SSCC that identifies it to every carrier.
type Package struct {
	OrderRef string `json:"order"`
	Seq      int    `json:"package"`  // 1-based: package Seq of Of
	Of       int    `json:"packages"` // how many packages the order ships in
	SSCC     string `json:"sscc"`
	// CompanyPrefix is the GS1 Company Prefix inside the SSCC, to print its
	// digits grouped.
	CompanyPrefix string        `json:"company_prefix,omitempty"`
	Carton        string        `json:"carton"`
	WeightG       int           `json:"weight_g"`
	Items         []PackageItem `json:"items"`
	StaffID       int64         `json:"staff_id"`
	ClosedAt      time.Time     `json:"closed_at"`
}

// PackageItem is a quantity of one order line inside a package.
type PackageItem struct {
	LineID int64  `json:"line"`
	SKU    string `json:"sku"`
	Name   string `json:"name,omitempty"`
	Qty    int    `json:"qty"`
	Serial string `json:"serial,omitempty"`
	Lot    string `json:"lot,omitempty"`
}

// ShipSettings are what a station prints on its parcels: its own address
// as the sender, the carrier, where customers return things, the paper the
// packing slip is printed on.
type ShipSettings struct {
	ShipFrom  Address `json:"ship_from"`
	Carrier   string  `json:"carrier,omitempty"`
	ReturnURL string  `json:"return_url,omitempty"`
	Paper     string  `json:"paper,omitempty"` // "A4" or "Letter"
}
