package returns

import (
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// FlagText is what a flag is about, as a stable key and its values by
// name ("other_order_serial": Serial, Order), so a screen says it in the
// reader's language; English is the same in English, which core records as
// the item's FlagDetail and the FlagNote's Detail (the hub's events, the
// log). Weights are grams (Weight, Shipped), counts are ints; everything
// else is text as scanned.
type FlagText struct {
	Key  string         `json:"key"`
	Args map[string]any `json:"args,omitempty"`
}

// Keys of FlagText: what a flag says about the unit or the parcel.
const (
	FlagTextNotOurs          = "not_ours"           // GTIN
	FlagTextOtherOrder       = "other_order"        // Order
	FlagTextOtherOrderSerial = "other_order_serial" // Serial, Order
	FlagTextNotAnnounced     = "not_announced"      // SKU, Order
	FlagTextNotInOrder       = "not_in_order"       // SKU, Order
	FlagTextSerialMismatch   = "serial_mismatch"    // Serial, Shipped (serials)
	FlagTextExtraUnit        = "extra_unit"         // SKU, Announced
	FlagTextLotMismatch      = "lot_mismatch"       // Lot, Shipped (lots)
	FlagTextWeight           = "weight"             // Weight, Shipped (grams)
	FlagTextFrequent         = "frequent_returner"  // Returns, Days
)

// FlagTextKeys are every key a FlagText can have, for the screens' tests.
var FlagTextKeys = []string{FlagTextNotOurs, FlagTextOtherOrder, FlagTextOtherOrderSerial, FlagTextNotAnnounced,
	FlagTextNotInOrder, FlagTextSerialMismatch, FlagTextExtraUnit, FlagTextLotMismatch, FlagTextWeight, FlagTextFrequent}

func flagText(key string, args ...any) FlagText {
	t := FlagText{Key: key, Args: map[string]any{}}
	for i := 0; i+1 < len(args); i += 2 {
		t.Args[args[i].(string)] = args[i+1]
	}
	return t
}

// English is the text in English, as core records it.
func (t FlagText) English() string {
	s := func(name string) string { return fmt.Sprint(t.Args[name]) }
	n := func(name string) int {
		switch v := t.Args[name].(type) {
		case int:
			return v
		case float64: // read back from JSON
			return int(v)
		}
		return 0
	}
	switch t.Key {
	case FlagTextNotOurs:
		return "GTIN " + s("GTIN")
	case FlagTextOtherOrder:
		return "shipped on order " + s("Order")
	case FlagTextOtherOrderSerial:
		return fmt.Sprintf("serial %s was shipped on order %s", s("Serial"), s("Order"))
	case FlagTextNotAnnounced:
		return s("SKU") + " is on order " + s("Order") + " but not on the return"
	case FlagTextNotInOrder:
		return s("SKU") + " is not on order " + s("Order")
	case FlagTextSerialMismatch:
		return fmt.Sprintf("serial %s; shipped %s", s("Serial"), s("Shipped"))
	case FlagTextExtraUnit:
		return fmt.Sprintf("%s: all %d announced already received", s("SKU"), n("Announced"))
	case FlagTextLotMismatch:
		return fmt.Sprintf("lot %s; shipped %s", s("Lot"), s("Shipped"))
	case FlagTextWeight:
		return fmt.Sprintf("parcel weighs %s, shipped %s", FormatGrams(n("Weight")), FormatGrams(n("Shipped")))
	case FlagTextFrequent:
		return fmt.Sprintf("%d returns in %d days", n("Returns"), n("Days"))
	}
	return ""
}

// FlagNote is a fraud signal and what it is about: for a flagged unit,
// the unit (Item: its name, else its GTIN) and the unit's FlagText; for
// the parcel's weight or a frequent returner, their own. Detail is the
// English the hub's events carry (Note).
type FlagNote struct {
	Flag   core.ReturnFlag `json:"flag"`
	Detail string          `json:"detail,omitempty"`
	Item   string          `json:"item,omitempty"`
	Text   FlagText        `json:"text"`
}

// Note is the signal as the hub's events carry it.
func (n FlagNote) Note() core.ReturnFlagNote {
	return core.ReturnFlagNote{Flag: n.Flag, Detail: n.Detail}
}

// Notes are the signals as the hub's events carry them.
func Notes(flags []FlagNote) []core.ReturnFlagNote {
	if flags == nil {
		return nil
	}
	out := make([]core.ReturnFlagNote, len(flags))
	for i, f := range flags {
		out[i] = f.Note()
	}
	return out
}

// shortLabel names the unit without words of its own: its name, else its
// GTIN (what a translated text puts beside its own words).
func (it *Item) shortLabel() string {
	if it.Name != "" {
		return it.Name
	}
	return it.GTIN
}

// flag sets e's flag and what it is about.
func (e *Effect) flag(f core.ReturnFlag, t FlagText) {
	e.Flag, e.FlagText, e.FlagDetail = f, t, t.English()
}

func joinSorted(s []string) string { return strings.Join(s, ", ") }
