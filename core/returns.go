package core

import "time"

// Return is a customer's return: the parcel the customer sends back and what
// they said is in it. The hub announces returns (an RMA) in its change sets;
// a station records one itself when a parcel arrives with no return on
// record (Unexpected).
type Return struct {
	RMA      string   `json:"rma"`       // the return number: what the return label's RMA- barcode carries
	OrderRef string   `json:"order_ref"` // the original order's ExternalID
	Customer Customer `json:"customer"`
	// Status is ReturnExpected for a return to inspect; ReturnCancelled
	// withdraws one nobody has started inspecting.
	Status ReturnStatus `json:"status,omitempty"`
	// PackageSSCC is the SSCC on the return parcel's label, when the carrier
	// label carries one; scanning it finds the return.
	PackageSSCC string    `json:"package_sscc,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// DeliveredAt is when the original order reached the customer: the
	// disposition rules count the days since then. Zero when unknown.
	DeliveredAt time.Time `json:"delivered_at"`
	// ShippedWeightG is what the announced items weighed when they were
	// shipped, in grams; 0 means unknown (the station then adds up the
	// products' weights).
	ShippedWeightG int `json:"shipped_weight_g,omitempty"`
	// CustomerReturns is how many returns the customer made in the fraud
	// policy's window (this one included), as the hub counts them across
	// every store; the station uses the larger of it and its own count.
	CustomerReturns int          `json:"customer_returns,omitempty"`
	Unexpected      bool         `json:"unexpected,omitempty"`
	Lines           []ReturnLine `json:"lines"`
}

// ReturnLine is one product the customer says they sent back, with what was
// shipped to them so the station can tell the very unit.
type ReturnLine struct {
	LineNo  int    `json:"line_no"`
	SKU     string `json:"sku"`
	Name    string `json:"name,omitempty"`
	Qty     int    `json:"qty"`
	Reason  string `json:"reason"`            // one of the Reason… constants, or the hub's own key
	Comment string `json:"comment,omitempty"` // the customer's own words
	// Serials and Lots are the serial numbers and lots shipped on the
	// original order line; empty when the product tracks neither.
	Serials []string `json:"serials,omitempty"`
	Lots    []string `json:"lots,omitempty"`
}

// ReturnStatus is where a return is at the station.
type ReturnStatus string

const (
	ReturnExpected   ReturnStatus = "expected"   // announced, parcel not opened yet
	ReturnInspecting ReturnStatus = "inspecting" // the inspector has scanned at least one item
	ReturnHeld       ReturnStatus = "held"       // inspected, but fraud signals wait for a supervisor
	ReturnInspected  ReturnStatus = "inspected"  // done: the refund decision went to the hub
	ReturnCancelled  ReturnStatus = "cancelled"  // withdrawn by the hub before inspection
)

// Reasons a customer gives for a return. The hub may send its own keys too;
// the disposition rules match them as text.
const (
	ReasonChangedMind    = "changed_mind"
	ReasonWrongSize      = "wrong_size"
	ReasonDefective      = "defective"
	ReasonArrivedDamaged = "arrived_damaged"
	ReasonNotAsDescribed = "not_as_described"
	ReasonWrongItemSent  = "wrong_item_sent"
	ReasonOther          = "other"
	ReasonUnexpected     = "unexpected" // a parcel with no return on record: nobody said why
)

// Grade is the condition of a returned item, on a fixed scale. The number is
// the key the inspector presses.
type Grade int

const (
	GradeNone         Grade = 0
	GradeNewSealed    Grade = 1 // never opened, seal intact
	GradeLikeNew      Grade = 2 // opened, no sign of use
	GradeUsed         Grade = 3 // signs of use, works and is complete
	GradeDamaged      Grade = 4 // broken, stained, scratched beyond resale
	GradeMissingParts Grade = 5 // something that came with it is not there
)

// Grades lists the scale in key order.
var Grades = []Grade{GradeNewSealed, GradeLikeNew, GradeUsed, GradeDamaged, GradeMissingParts}

// Valid reports whether g is on the scale.
func (g Grade) Valid() bool { return g >= GradeNewSealed && g <= GradeMissingParts }

// Key is the stable name of the grade, as events carry it.
func (g Grade) Key() string {
	switch g {
	case GradeNewSealed:
		return "new_sealed"
	case GradeLikeNew:
		return "opened_like_new"
	case GradeUsed:
		return "used"
	case GradeDamaged:
		return "damaged"
	case GradeMissingParts:
		return "missing_parts"
	}
	return ""
}

// String is the grade in words, for the screen.
func (g Grade) String() string {
	switch g {
	case GradeNewSealed:
		return "New, sealed"
	case GradeLikeNew:
		return "Opened, like new"
	case GradeUsed:
		return "Used"
	case GradeDamaged:
		return "Damaged"
	case GradeMissingParts:
		return "Missing parts"
	}
	return "Not graded"
}

// Disposition is what happens to a returned item.
type Disposition string

const (
	DispositionRestock        Disposition = "restock"          // back to a bin, sellable again
	DispositionRefurbish      Disposition = "refurbish"        // repair, test or repack first
	DispositionLiquidate      Disposition = "liquidate"        // sell off as seconds
	DispositionDispose        Disposition = "dispose"          // throw away or recycle
	DispositionReturnToVendor Disposition = "return_to_vendor" // back to the supplier
	DispositionHold           Disposition = "hold"             // set aside for a supervisor (flagged items)
)

// Dispositions lists every disposition, in the order the screens offer them.
var Dispositions = []Disposition{DispositionRestock, DispositionRefurbish, DispositionLiquidate,
	DispositionDispose, DispositionReturnToVendor, DispositionHold}

// Valid reports whether d is a known disposition.
func (d Disposition) Valid() bool {
	for _, x := range Dispositions {
		if x == d {
			return true
		}
	}
	return false
}

// Label is the disposition in words, for the screen.
func (d Disposition) Label() string {
	switch d {
	case DispositionRestock:
		return "Restock"
	case DispositionRefurbish:
		return "Refurbish"
	case DispositionLiquidate:
		return "Liquidate"
	case DispositionDispose:
		return "Dispose"
	case DispositionReturnToVendor:
		return "Return to vendor"
	case DispositionHold:
		return "Hold for supervisor"
	}
	return string(d)
}

// RefundKind is the refund decision the hub turns into money.
type RefundKind string

const (
	RefundFull    RefundKind = "full"
	RefundPartial RefundKind = "partial" // always with reasons
	RefundNone    RefundKind = "none"
)

// RefundKindOf names a refund of pct percent.
func RefundKindOf(pct int) RefundKind {
	switch {
	case pct >= 100:
		return RefundFull
	case pct <= 0:
		return RefundNone
	}
	return RefundPartial
}

// ReturnFlag is a reason to hold a return for a supervisor before any refund.
type ReturnFlag string

const (
	FlagSerialMismatch   ReturnFlag = "serial_mismatch"   // the serial is not the one shipped on the order
	FlagLotMismatch      ReturnFlag = "lot_mismatch"      // the lot is not one shipped on the order
	FlagOtherOrder       ReturnFlag = "other_order"       // the unit was shipped on another order
	FlagNotInOrder       ReturnFlag = "not_in_order"      // our product, but not on this order
	FlagNotOurs          ReturnFlag = "not_ours"          // a barcode this business does not sell
	FlagNotAnnounced     ReturnFlag = "not_announced"     // on the order, but the customer did not say they sent it
	FlagExtraUnit        ReturnFlag = "extra_unit"        // more units than the customer announced
	FlagWeight           ReturnFlag = "weight"            // the parcel weighs far from what was shipped
	FlagFrequentReturner ReturnFlag = "frequent_returner" // the customer returns a lot
)

// ReturnFlags are every flag, for the screens' words and their tests.
var ReturnFlags = []ReturnFlag{FlagSerialMismatch, FlagLotMismatch, FlagOtherOrder, FlagNotInOrder, FlagNotOurs,
	FlagNotAnnounced, FlagExtraUnit, FlagWeight, FlagFrequentReturner}

// Label is the flag in words, for the screen.
func (f ReturnFlag) Label() string {
	switch f {
	case FlagSerialMismatch:
		return "Serial number does not match what was shipped"
	case FlagLotMismatch:
		return "Lot does not match what was shipped"
	case FlagOtherOrder:
		return "Item was shipped on another order"
	case FlagNotInOrder:
		return "Item is not from this order"
	case FlagNotOurs:
		return "Item is not one of ours"
	case FlagNotAnnounced:
		return "Item was not announced on the return"
	case FlagExtraUnit:
		return "More units than announced"
	case FlagWeight:
		return "Parcel weight far from shipped weight"
	case FlagFrequentReturner:
		return "Customer with many returns"
	}
	return string(f)
}

// Event types written by the return inspection workflow. Every payload
// carries "rma"; the event's order is the return's original order.
const (
	EventReturnUnexpected    = "return.unexpected"     // a parcel with no return on record, recorded against an order
	EventReturnItemReceived  = "return.item_received"  // a unit matched an announced line
	EventReturnItemFlagged   = "return.item_flagged"   // a unit that does not match: recorded, never accepted silently
	EventReturnItemUndone    = "return.item_undone"    // the inspector took back the last scan before grading it
	EventReturnItemInspected = "return.item_inspected" // graded, checklist, notes, photos, disposition and refund share
	EventReturnOverride      = "return.override"       // the inspector changed the rules' decision, with a reason
	EventReturnItemRestocked = "return.item_restocked" // the unit went back to a bin: stock +1
	EventReturnWeighed       = "return.weighed"        // the parcel's weight, and whether it is far from the shipped weight
	EventReturnHeld          = "return.held"           // fraud signals: a supervisor must review before any refund
	EventReturnReviewed      = "return.reviewed"       // the supervisor's decision on a held return
	EventReturnRefund        = "return.refund_decided" // full, partial (with reasons) or none: the hub refunds
	EventReturnRulesChanged  = "return.rules_changed"  // the business changed the disposition table
)

// Errors of the return workflow.
var (
	ErrNoReturn           = &Error{Code: ENOTFOUND, Reason: "no_return", Message: "No return is on record for this."}
	ErrItemInHand         = &Error{Code: ECONFLICT, Reason: "item_in_hand", Message: "Finish the item in hand first."}
	ErrGradeRequired      = &Error{Code: ECONFLICT, Reason: "grade_required", Message: "Grade the item first: press 1 to 5."}
	ErrSupervisorRequired = &Error{Code: EFORBIDDEN, Reason: "supervisor_required", Message: "A supervisor must approve this."}
	ErrReasonRequired     = &Error{Code: EINVALID, Reason: "reason_required", Message: "Say why."}
	ErrItemsMissing       = &Error{Code: ECONFLICT, Reason: "items_missing", Message: "Some announced items were not received."}
	ErrReturnClosed       = &Error{Code: ECONFLICT, Reason: "return_closed", Message: "This return is already finished."}
	ErrCannotRestock      = &Error{Code: ECONFLICT, Reason: "cannot_restock", Message: "This item cannot go back to stock."}
)
