package core

// Product is something the business sells and the station handles.
// Codes are the GTINs that identify it on the shelf, normalised to 14 digits
// (an EAN-13 gets one leading zero, a UPC-A two).
type Product struct {
	ID       int64
	SKU      string
	Name     string
	Category string
	Codes    []string
	WeightG  int // grams
	LengthMM int
	WidthMM  int
	HeightMM int

	// What the picker must capture with each unit, from its GS1 barcode.
	CaptureLot    bool
	CaptureSerial bool
	CaptureExpiry bool
}

// NeedsCapture reports whether any unit data must be scanned with the item.
func (p Product) NeedsCapture() bool { return p.CaptureLot || p.CaptureSerial || p.CaptureExpiry }
