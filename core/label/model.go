package label

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/stationhand/stationhand/core"
)

// ShippingLabel is what goes on one 4x6 inch carrier label: one per package.
type ShippingLabel struct {
	From     core.Address
	To       core.Address
	OrderRef string // the order's ExternalID
	Service  string // carrier service, e.g. "Express"
	Carrier  string
	WeightG  int // package weight in grams; 0 leaves the weight off
	Package  int // this package's number, 1-based
	Packages int // how many packages the shipment has

	// SSCC is the package's Serial Shipping Container Code: 18 digits,
	// the last a GS1 mod-10 check digit. It is printed as a GS1-128 barcode
	// of AI (00).
	SSCC string
	// CompanyPrefixLen is the length of the GS1 Company Prefix inside the
	// SSCC (7 to 10), used only to group the human-readable digits; 0 means 7.
	CompanyPrefixLen int

	// ShipmentRef identifies the shipment to the carrier and the hub; it is
	// printed as a DataMatrix symbol and as text.
	ShipmentRef string
}

// PackingSlip is the paper that travels inside the first package: what was
// ordered, what is in the shipment, what was short, and how to return.
type PackingSlip struct {
	Order     core.Order // lines carry Qty, PickedQty, ShortQty, ShortReason
	Packages  int        // how many packages the order ships in
	ReturnURL string     // printed as a QR code and as text
	Paper     string     // "A4" or "Letter"; "" means A4
}

// BagTag is the tag on a store-pickup bag, read from the hold shelf.
type BagTag struct {
	OrderRef     string
	CustomerName string
	Bag, Bags    int    // this bag's number (1-based) and how many bags
	BagCode      string // printed as a Code 128 barcode; printable ASCII
}

// Paper sizes for packing slips.
const (
	PaperA4     = "A4"
	PaperLetter = "Letter"
)

func invalid(reason, format string, args ...any) error {
	return core.Errorf(core.EINVALID, reason, format, args...)
}

// Validate reports the first problem that would make the label wrong or
// unreadable, as a *core.Error with code EINVALID.
func (l ShippingLabel) Validate() error {
	if err := validateAddress("ship-from", l.From); err != nil {
		return err
	}
	if err := validateAddress("ship-to", l.To); err != nil {
		return err
	}
	if strings.TrimSpace(l.OrderRef) == "" {
		return invalid("missing_order_ref", "The label has no order reference.")
	}
	if l.Packages < 1 || l.Package < 1 || l.Package > l.Packages {
		return invalid("bad_package_count", "Package %d of %d is not possible.", l.Package, l.Packages)
	}
	if l.WeightG < 0 {
		return invalid("bad_weight", "The package weight cannot be negative.")
	}
	if err := ValidateSSCC(l.SSCC); err != nil {
		return err
	}
	if l.CompanyPrefixLen != 0 && (l.CompanyPrefixLen < 7 || l.CompanyPrefixLen > 10) {
		return invalid("bad_company_prefix", "A GS1 Company Prefix has 7 to 10 digits, not %d.", l.CompanyPrefixLen)
	}
	if strings.TrimSpace(l.ShipmentRef) == "" {
		return invalid("missing_shipment_ref", "The label has no shipment reference.")
	}
	if !printableASCII(l.ShipmentRef) || len(l.ShipmentRef) > 100 {
		return invalid("bad_shipment_ref", "The shipment reference %q must be 1 to 100 plain ASCII characters.", l.ShipmentRef)
	}
	return nil
}

// Validate reports the first problem with the packing slip as a
// *core.Error with code EINVALID.
func (s PackingSlip) Validate() error {
	if strings.TrimSpace(s.Order.ExternalID) == "" {
		return invalid("missing_order_ref", "The packing slip has no order number.")
	}
	if err := validateAddress("ship-to", s.Order.ShipTo); err != nil {
		return err
	}
	if s.Paper != "" && s.Paper != PaperA4 && s.Paper != PaperLetter {
		return invalid("bad_paper", "Paper %q is not supported: use A4 or Letter.", s.Paper)
	}
	if s.Packages < 1 {
		return invalid("bad_package_count", "An order ships in at least one package, not %d.", s.Packages)
	}
	if len(s.Order.Lines) == 0 {
		return invalid("no_lines", "Order %s has no lines to list.", s.Order.ExternalID)
	}
	for _, ln := range s.Order.Lines {
		if ln.Qty < 0 || ln.PickedQty < 0 || ln.ShortQty < 0 || ln.PickedQty+ln.ShortQty > ln.Qty {
			return invalid("bad_quantity", "Line %d (%s): ordered %d, packed %d, short %d do not add up.",
				ln.LineNo, ln.SKU, ln.Qty, ln.PickedQty, ln.ShortQty)
		}
	}
	if s.ReturnURL == "" || !printableASCII(s.ReturnURL) {
		return invalid("bad_return_url", "The packing slip needs a return address (a plain web address) for its QR code.")
	}
	return nil
}

// Validate reports the first problem with the bag tag as a *core.Error
// with code EINVALID.
func (b BagTag) Validate() error {
	if strings.TrimSpace(b.OrderRef) == "" {
		return invalid("missing_order_ref", "The bag tag has no order number.")
	}
	if strings.TrimSpace(b.CustomerName) == "" {
		return invalid("missing_customer", "The bag tag has no customer name.")
	}
	if b.Bags < 1 || b.Bag < 1 || b.Bag > b.Bags {
		return invalid("bad_bag_count", "Bag %d of %d is not possible.", b.Bag, b.Bags)
	}
	if b.BagCode == "" || !printableASCII(b.BagCode) || utf8.RuneCountInString(b.BagCode) > 40 {
		return invalid("bad_bag_code", "The bag code %q must be 1 to 40 plain ASCII characters.", b.BagCode)
	}
	return nil
}

func validateAddress(which string, a core.Address) error {
	missing := func(field string) error {
		return core.Explained(core.EINVALID, "missing_address", fmt.Sprintf("The %s address has no %s.", which, field))
	}
	switch {
	case strings.TrimSpace(a.Name) == "" && strings.TrimSpace(a.Company) == "":
		return missing("name")
	case strings.TrimSpace(a.Line1) == "":
		return missing("street")
	case strings.TrimSpace(a.City) == "":
		return missing("city")
	case strings.TrimSpace(a.Country) == "":
		return missing("country")
	}
	return nil
}

// printableASCII reports whether s is non-empty printable ASCII (space to
// tilde): what Code 128, DataMatrix and QR byte modes carry without
// ambiguity.
func printableASCII(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}
