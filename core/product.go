package core

// Product is something the business sells and the station handles.
// Codes are the GTINs that identify it on the shelf, normalised to 14 digits
// (an EAN-13 gets one leading zero, a UPC-A two).
type Product struct {
	ID       int64    `json:"id"`
	SKU      string   `json:"sku"`
	Name     string   `json:"name"`
	Category string   `json:"category,omitempty"`
	Codes    []string `json:"codes,omitempty"`
	WeightG  int      `json:"weight_g"` // grams
	LengthMM int      `json:"length_mm"`
	WidthMM  int      `json:"width_mm"`
	HeightMM int      `json:"height_mm"`

	// What the picker must capture with each unit, from its GS1 barcode.
	CaptureLot    bool `json:"capture_lot,omitempty"`
	CaptureSerial bool `json:"capture_serial,omitempty"`
	CaptureExpiry bool `json:"capture_expiry,omitempty"`
}

// NeedsCapture reports whether any unit data must be scanned with the item.
func (p Product) NeedsCapture() bool { return p.CaptureLot || p.CaptureSerial || p.CaptureExpiry }
