package core

// Errors of the dispatch workflow at the dock. Compare with errors.Is; the
// messages the workflow returns name the parcel, the order and the carrier.
var (
	ErrOtherCarrier         = &Error{Code: ECONFLICT, Reason: "other_carrier", Message: "This parcel goes with another carrier."}
	ErrIntercepted          = &Error{Code: ECONFLICT, Reason: "order_intercepted", Message: "This order was cancelled after packing: pull the parcel aside, do not ship it."}
	ErrNoCarrierLabel       = &Error{Code: ECONFLICT, Reason: "no_carrier_label", Message: "This parcel has no carrier label yet."}
	ErrCarrierLabelVoided   = &Error{Code: ECONFLICT, Reason: "carrier_label_voided", Message: "This carrier label was voided: take it off the parcel and put on the new one."}
	ErrAlreadyDispatched    = &Error{Code: ECONFLICT, Reason: "already_dispatched", Message: "This parcel is already dispatched."}
	ErrIncompleteOrder      = &Error{Code: ECONFLICT, Reason: "incomplete_order", Message: "Not every parcel of this order is here: a supervisor must allow it to leave incomplete."}
	ErrHandoverClosed       = &Error{Code: ECONFLICT, Reason: "handover_closed", Message: "This handover is closed: a supervisor must reopen it."}
	ErrHandoverNotChosen    = &Error{Code: ECONFLICT, Reason: "handover_not_chosen", Message: "Choose or scan a handover first."}
	ErrUnknownParcel        = &Error{Code: ENOTFOUND, Reason: "unknown_parcel", Message: "No parcel here has this SSCC or tracking number."}
	ErrHandoverNeedsCarrier = &Error{Code: EINVALID, Reason: "handover_needs_carrier", Message: "A new handover needs its carrier."}
)

// OrderShippedPayload is the payload of an order.shipped event: the order
// left the dock, every parcel with its carrier's tracking number. The hub
// marks the order shipped and serves the tracking numbers to its order
// system.
type OrderShippedPayload struct {
	Carrier  string          `json:"carrier"`
	Handover string          `json:"handover"` // the handover that closed last
	Tracking []string        `json:"tracking"` // every parcel's tracking number, in package order
	Parcels  []ShippedParcel `json:"parcels"`
}

// ShippedParcel is one parcel of a shipped order.
type ShippedParcel struct {
	Package  int    `json:"package"`
	SSCC     string `json:"sscc"`
	Tracking string `json:"tracking"`
	Service  string `json:"service,omitempty"`
	Handover string `json:"handover"`
}

// DispatchParcelPayload is the payload of dispatch.parcel_scanned and
// dispatch.parcel_undone.
type DispatchParcelPayload struct {
	Handover string `json:"handover"`
	Carrier  string `json:"carrier"`
	Package  int    `json:"package"`
	Packages int    `json:"packages"`
	SSCC     string `json:"sscc"`
	Tracking string `json:"tracking"`
	Service  string `json:"service,omitempty"`
}

// DispatchHandoverPayload is the payload of the handover events (opened,
// closed, reopened). Closed lists the orders shipped by it and those that
// left incomplete on a supervisor's split.
type DispatchHandoverPayload struct {
	Handover     string   `json:"handover"`
	Carrier      string   `json:"carrier"`
	Parcels      int      `json:"parcels,omitempty"`
	Shipped      []string `json:"shipped,omitempty"`
	Partial      []string `json:"partial,omitempty"`
	SupervisorID int64    `json:"supervisor_id,omitempty"`
}

// DispatchSplitPayload is the payload of dispatch.split_allowed.
type DispatchSplitPayload struct {
	Handover     string `json:"handover"`
	SupervisorID int64  `json:"supervisor_id"`
}
