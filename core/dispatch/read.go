package dispatch

import (
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
	"github.com/stationhand/stationhand/core/scan"
)

// Reasons of refusals while reading a dock scan.
const (
	// ReasonDestinationBarcode: the carrier's routing barcode (GS1 AI 420
	// or 421, the ship-to postal code) names where a parcel goes, which
	// many parcels share: it never identifies one parcel.
	ReasonDestinationBarcode = "destination_barcode"
	// ReasonNotAParcel: a code that names no parcel (a product, a tote).
	ReasonNotAParcel = "not_a_parcel"
)

// Reading is what a scan at the dock may name: a handover, or a parcel by
// its SSCC or by one of the carrier tracking numbers it may carry. The
// store looks the candidates up in that order.
type Reading struct {
	Handover string // the handover's id after HANDOVER-, upper-cased
	SSCC     string // 18 digits (GS1 AI 00, or plain with a valid check digit)
	// Tracking are the strings that may be the carrier's tracking number:
	// the whole Code 128 text, a GS1 consignment number (AI 401), or the
	// fields of a 2D carrier code. Upper-cased, without spaces.
	Tracking []string
	// Destination is the ship-to postal code the scan held (GS1 420 or
	// 421), for the refusal when no parcel has any of the Tracking.
	Destination string
}

// Read classifies one scan at the dock. Carrier labels carry several
// barcodes: the tracking number (Code 128 text, sometimes digits only,
// which the general parser would take for a GTIN), a GS1-128 with the
// parcel's SSCC (00) or the consignment (401), a routing GS1-128 with the
// destination postal code (420/421) and a 2D code (MaxiCode, PDF417,
// DataMatrix, QR) whose text holds the tracking number among other
// fields. A routing barcode is refused with ReasonDestinationBarcode: the
// person scanned the wrong barcode on the right label.
func Read(p scan.Parser, raw string) (Reading, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Reading{}, core.Errorf(core.EINVALID, "empty", "Nothing was scanned. Scan the parcel's label again.")
	}
	aim, body := gs1.SplitSymbology(s)
	if c, err := p.Parse(s); err == nil {
		switch c.Kind {
		case scan.KindHandover:
			return Reading{Handover: c.ID}, nil
		case scan.KindSSCC:
			r := Reading{SSCC: c.SSCC}
			if !strings.HasPrefix(strings.TrimLeft(body, "(~\x1d"), "00") {
				// 18 plain digits: a tracking number may look like an SSCC.
				r.Tracking = []string{c.SSCC}
			}
			return r, nil
		case scan.KindGTIN, scan.KindQuantity:
			// Digits only: carriers' tracking numbers are often digits
			// (12, 20, 22 of them) that happen to read as a GTIN.
			return Reading{Tracking: []string{normalise(body)}}, nil
		case scan.KindGS1:
			return Reading{}, core.Errorf(core.ECONFLICT, ReasonNotAParcel, "This is a product barcode (GTIN %s), not a parcel: scan the parcel's carrier label or SSCC label.", c.GTIN)
		case scan.KindOrder, scan.KindTote, scan.KindBin, scan.KindReturn, scan.KindPickup, scan.KindBadge, scan.KindBatch:
			return Reading{}, core.Explained(core.ECONFLICT, ReasonNotAParcel, fmt.Sprintf("This is a %s label, not a parcel: scan the parcel's carrier label or SSCC label.", c.Kind))
		}
	}
	if r, ok, err := readGS1(p, aim, body); ok || err != nil {
		return r, err
	}
	cands := []string{}
	if whole := normalise(body); validTracking(whole) {
		cands = append(cands, whole)
	}
	for _, f := range fields(body) {
		if f = normalise(f); validTracking(f) && !contains(cands, f) {
			cands = append(cands, f)
		}
	}
	if len(cands) == 0 {
		return Reading{}, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "This barcode holds no tracking number or SSCC: scan the parcel's carrier label or SSCC label.")
	}
	return Reading{Tracking: cands}, nil
}

// readGS1 reads GS1 data that the general parser does not take as a code
// (it knows only GTIN and SSCC keys). A consignment (401) is a tracking
// number. USPS's IMpb reads as a ship-to postal code (420) followed by the
// tracking number, which starts with 9x and so reads as an internal AI:
// that AI and its value are the tracking number. A ship-to postal code
// (420, 421) alone is the carrier's routing barcode: it names where parcels
// go, never which parcel. Plain digits without a symbology identifier that
// merely start with 42 may be a tracking number too: they are looked up,
// and refused as a routing barcode only when no parcel has them.
func readGS1(p scan.Parser, aim, body string) (Reading, bool, error) {
	sub := p.FNC1Substitute
	if sub == "" {
		sub = gs1.DefaultFNC1Substitute
	}
	// strict: announced as GS1 (symbology identifier, brackets); surely
	// also when digits come with FNC1 separators (a 2D code's text has
	// them too, but starts with "[)>"); maybe: digits that read as 401/42x.
	strict := gs1.IsGS1Symbology(aim) || strings.HasPrefix(body, "(")
	surely := strict || aim == "" && isDigits(body[:1]) && (strings.Contains(body, gs1.GS) || strings.Contains(body, sub))
	maybe := aim == "" && len(body) > 3 && isDigits(body[:3]) && (strings.HasPrefix(body, "401") || strings.HasPrefix(body, "42"))
	if !surely && !maybe {
		return Reading{}, false, nil
	}
	m, err := gs1.Decoder{FNC1Substitute: p.FNC1Substitute}.Parse(aim + body)
	if err != nil {
		if strict {
			return Reading{}, true, err
		}
		return Reading{}, false, nil // text that merely starts with digits: read its fields
	}
	if sscc, ok := m.Elements.Get("00"); ok {
		return Reading{SSCC: sscc}, true, nil
	}
	var r Reading
	if ginc, ok := m.Elements.Get("401"); ok {
		r.Tracking = append(r.Tracking, normalise(ginc))
	}
	for _, e := range m.Elements {
		if len(e.AI) == 2 && e.AI[0] == '9' {
			r.Tracking = append(r.Tracking, normalise(e.AI+e.Value))
		}
	}
	for _, ai := range []string{"421", "420"} {
		if v, ok := m.Elements.Get(ai); ok && r.Destination == "" {
			r.Destination = postalHRI(ai, v)
		}
	}
	switch {
	case len(r.Tracking) > 0:
		return r, true, nil
	case r.Destination != "" && surely:
		return Reading{}, true, DestinationError(r.Destination)
	case r.Destination != "":
		r.Tracking = []string{normalise(body)}
		return r, true, nil
	}
	return Reading{}, true, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "This GS1 barcode (%s) names no parcel: scan the parcel's tracking number or SSCC.", m.Elements.HRI())
}

// DestinationError refuses the carrier's routing barcode, which holds the
// ship-to postal code dest.
func DestinationError(dest string) error {
	return core.Errorf(core.ECONFLICT, ReasonDestinationBarcode,
		"This is the carrier's routing barcode (ship-to postal code %s): it says where the parcel goes, not which parcel it is. Scan the tracking number barcode or the SSCC.", dest)
}

// postalHRI shows a ship-to postal code for a person: 421 leads with the
// ISO 3166 numeric country.
func postalHRI(ai, v string) string {
	if ai == "421" && len(v) > 3 {
		return v[3:] + " (country " + v[:3] + ")"
	}
	return v
}

// fields splits the text of a 2D carrier code (ANSI MH10.8.3 with RS/GS
// separators, pipes, spaces, a tracking URL) into the fields that may hold
// the tracking number.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
	})
}

// normalise makes a tracking number comparable: upper case, no spaces
// (printed tracking numbers are grouped: "1Z 999 AA1 01 2345 6784").
func normalise(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// NormaliseTracking is how tracking numbers are stored and compared.
func NormaliseTracking(s string) string { return normalise(s) }

// validTracking keeps candidates that can be a tracking number: 8 to 40
// letters and digits with at least 4 digits (carriers' numbers all carry
// digits; words and postal codes are shorter or have none).
func validTracking(s string) bool {
	if len(s) < 8 || len(s) > 40 {
		return false
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'A' && c <= 'Z':
		default:
			return false
		}
	}
	return digits >= 4
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
