package core

// Errors of the dispatch workflow at the dock. Compare with errors.Is; the
// messages the workflow returns name the parcel, the order and the carrier.
var (
	ErrOtherCarrier         = &Error{Code: ECONFLICT, Reason: "other_carrier", Message: "This parcel goes with another carrier."}
	ErrIntercepted          = &Error{Code: ECONFLICT, Reason: "order_intercepted", Message: "This order was cancelled after packing: pull the parcel aside, do not ship it."}
	ErrNoCarrierLabel       = &Error{Code: ECONFLICT, Reason: "no_carrier_label", Message: "This parcel has no carrier label yet."}
	ErrAlreadyDispatched    = &Error{Code: ECONFLICT, Reason: "already_dispatched", Message: "This parcel is already dispatched."}
	ErrIncompleteOrder      = &Error{Code: ECONFLICT, Reason: "incomplete_order", Message: "Not every parcel of this order is here: a supervisor must allow it to leave incomplete."}
	ErrHandoverClosed       = &Error{Code: ECONFLICT, Reason: "handover_closed", Message: "This handover is closed: a supervisor must reopen it."}
	ErrHandoverNotChosen    = &Error{Code: ECONFLICT, Reason: "handover_not_chosen", Message: "Choose or scan a handover first."}
	ErrUnknownParcel        = &Error{Code: ENOTFOUND, Reason: "unknown_parcel", Message: "No parcel here has this SSCC or tracking number."}
	ErrHandoverNeedsCarrier = &Error{Code: EINVALID, Reason: "handover_needs_carrier", Message: "A new handover needs its carrier."}
)
