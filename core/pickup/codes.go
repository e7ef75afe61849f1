package pickup

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
	"github.com/stationhand/stationhand/core/scan"
)

// BagPrefix starts the code printed on every pickup bag's tag.
const BagPrefix = "BAG-"

// MaxBags is the most bags one pickup order may be packed in.
const MaxBags = 20

// HoldZone is the bin zone of hold shelves: bins where staged pickup bags
// wait for their customer. Hold shelves are ordinary bins (scanned by their
// "BIN-" label) that never hold stock.
const HoldZone = "HOLD"

// IsHoldShelf reports whether a bin of the given zone is a hold shelf.
func IsHoldShelf(zone string) bool { return strings.EqualFold(strings.TrimSpace(zone), HoldZone) }

// BagCode returns the code on bag n (1-based) of an order: "BAG-W100001-2".
func BagCode(orderRef string, n int) string { return fmt.Sprintf("%s%s-%d", BagPrefix, orderRef, n) }

// BagRef names one bag: its order and its number.
type BagRef struct {
	OrderRef string
	N        int
}

// ParseBagCode reads a bag code, with or without the AIM symbology
// identifier a scanner may send first, case-insensitively.
func ParseBagCode(s string) (BagRef, bool) {
	_, s = gs1.SplitSymbology(strings.TrimSpace(s))
	if len(s) <= len(BagPrefix) || !strings.EqualFold(s[:len(BagPrefix)], BagPrefix) {
		return BagRef{}, false
	}
	rest := strings.ToUpper(s[len(BagPrefix):])
	i := strings.LastIndexByte(rest, '-')
	if i <= 0 {
		return BagRef{}, false
	}
	n, err := strconv.Atoi(rest[i+1:])
	if err != nil || n < 1 || n > MaxBags {
		return BagRef{}, false
	}
	return BagRef{OrderRef: rest[:i], N: n}, true
}

// Scan is one scan at a pickup screen: a bag tag, or any code the station's
// scan.Parser knows (order, tote, bin, product, pickup QR, a typed count).
type Scan struct {
	Bag  *BagRef   // set when a bag tag was scanned
	Code scan.Code // otherwise
}

// ParseScan reads one scan at a pickup screen with the station's parser.
func ParseScan(p scan.Parser, s string) (Scan, error) {
	if b, ok := ParseBagCode(s); ok {
		return Scan{Bag: &b}, nil
	}
	if t := strings.TrimSpace(s); len(t) >= len(BagPrefix) && strings.EqualFold(t[:len(BagPrefix)], BagPrefix) {
		return Scan{}, core.Errorf(core.EINVALID, "bad_bag_code", "This bag code is damaged or incomplete (%q). Rescan the bag tag.", t)
	}
	c, err := p.Parse(s)
	if err != nil {
		return Scan{}, err
	}
	return Scan{Code: c}, nil
}
