package scan

import (
	"time"

	"github.com/stationhand/stationhand/core/gs1"
)

// Kind says what a scanned string identifies.
type Kind string

// The kinds of code Stationhand knows.
const (
	KindGTIN     Kind = "gtin"     // a product: EAN-13, EAN-8, UPC-A, UPC-E or GTIN-14 as plain digits
	KindGS1      Kind = "gs1"      // GS1 data whose key is a GTIN (01), with lot, serial, dates...
	KindSSCC     Kind = "sscc"     // a pallet or parcel: 18-digit SSCC, plain or as (00)
	KindOrder    Kind = "order"    // own label: an order
	KindTote     Kind = "tote"     // own label: a tote
	KindBin      Kind = "bin"      // own label: a bin location
	KindReturn   Kind = "return"   // own label: a return (RMA)
	KindBadge    Kind = "badge"    // own label: a staff badge
	KindPickup   Kind = "pickup"   // a customer's pickup code
	KindHandover Kind = "handover" // own label: a carrier handover (cage, trolley, truck) at the dock
	KindBatch    Kind = "batch"    // own code: a whole pick (batch), typed at the pack station
	KindQuantity Kind = "quantity" // 1 to 4 digits typed by a person: a count, not a barcode
)

// Code is a scanned or typed string, classified and validated.
type Code struct {
	Raw       string // the input as received, before trimming
	Kind      Kind
	Symbology string // AIM identifier the scanner sent ("]C1", "]E0"), "" if none
	Format    string // what the data was: "EAN-13", "UPC-E", "GS1 Digital Link", ...

	// GTIN is the trade item number, always 14 digits: EAN-13 -> "0"+13,
	// UPC-A -> "00"+12, EAN-8 -> "000000"+8, UPC-E expanded to UPC-A first.
	// Set for KindGTIN and KindGS1.
	GTIN string
	// SSCC is the 18-digit Serial Shipping Container Code (KindSSCC).
	SSCC string
	// ID is the text after the prefix of an own code, trimmed and upper-cased.
	ID string

	// Elements holds the GS1 data of KindGS1 and KindSSCC codes read from
	// GS1 element strings, bracketed input or Digital Links.
	Elements gs1.Elements
	Lot      string // BATCH/LOT (10)
	Serial   string // SERIAL (21)
	// Expiry is USE BY or EXPIRY (17) and BestBefore is BEST BEFORE (15),
	// as midnight UTC of that date; zero when absent. DD = 00 in the data
	// means the last day of the month.
	Expiry     time.Time
	BestBefore time.Time

	Quantity int // KindQuantity: the count typed

	// AddOn is the 2- or 5-digit EAN/UPC add-on printed beside the main
	// symbol of periodicals and books (issue number, price), "" if none.
	AddOn string
	// Reading says, for a person, how the input was read when it could be
	// read more than one way: by its symbology identifier, as an EAN/UPC
	// by its length, as GS1 data without identifier or separators, as an
	// own label by its prefix, or which of EAN-8 and UPC-E the catalogue
	// knows. `stationhand parse` prints it.
	Reading string
}

// Catalogue tells the parser which products the station knows, to settle
// a reading the data alone cannot: 8 digits without a symbology identifier
// are an EAN-8 or a UPC-E, and both may have a valid check digit. The
// station's store implements it; core/scan does not depend on it.
type Catalogue interface {
	// KnowsGTIN reports whether a product in the catalogue has the
	// 14-digit GTIN.
	KnowsGTIN(gtin string) bool
}

// Prefixes are the (case-insensitive) prefixes of Stationhand's own labels
// and codes. An empty prefix turns that kind off.
type Prefixes struct {
	Order, Tote, Bin, Return, Badge, Pickup string
	// Batch starts a pick's code typed at the pack station to pack all
	// its orders: the prefix and the pick's id (its first 8 characters
	// are enough). Pickup bag tags (core/pickup.BagPrefix, "BAG-") are read
	// by core/pickup, which also prints them.
	Batch string
	// Handover labels hang on the dock's cages, trolleys and trucks.
	Handover string
}

// DefaultPrefixes are the prefixes Stationhand prints on its own labels.
var DefaultPrefixes = Prefixes{
	Order:    "ORD-",
	Tote:     "TOTE-",
	Bin:      "BIN-",
	Return:   "RMA-",
	Badge:    "BADGE-",
	Pickup:   "PU-",
	Batch:    "BATCH-",
	Handover: "HANDOVER-",
}

// Parser classifies scans. The zero Parser uses DefaultPrefixes,
// gs1.DefaultFNC1Substitute and the system clock, and has no catalogue.
type Parser struct {
	// Prefixes of own codes; the zero value means DefaultPrefixes.
	Prefixes Prefixes
	// FNC1Substitute is accepted in GS1 element strings in place of GS
	// (0x1D), which a Fyne Entry never receives; "" means "~".
	FNC1Substitute string
	// Now resolves the century of two-digit GS1 years; nil means time.Now.
	Now func() time.Time
	// Catalogue settles 8 digits that read as EAN-8 and as UPC-E; nil
	// means such a scan is refused as ambiguous.
	Catalogue Catalogue
}

// Parse classifies s with a zero Parser: default prefixes, "~" for FNC1.
func Parse(s string) (Code, error) { return Parser{}.Parse(s) }
