package core

import "time"

// Payloads of the pick workflow and of staff (see payload.go).

// PickClaimed is the payload of EventPickClaimed: a picker took a batch of
// orders (the event's order_id lists them, comma-separated).
type PickClaimed struct {
	Batch  string   `json:"batch"`
	Orders []string `json:"orders"`
	Tasks  int      `json:"tasks"` // bin visits planned
}

// PickToteAssigned is the payload of EventPickToteAssigned.
type PickToteAssigned struct {
	Batch string `json:"batch"`
	Tote  string `json:"tote"`
}

// PickBinConfirmed is the payload of EventPickBinConfirmed.
type PickBinConfirmed struct {
	Batch string `json:"batch"`
	Bin   string `json:"bin"`
}

// PickItemPicked is the payload of EventPickItemPicked: units taken from a
// bin for an order line.
type PickItemPicked struct {
	Batch  string `json:"batch"`
	SKU    string `json:"sku"`
	GTIN   string `json:"gtin"`
	Bin    string `json:"bin"`
	Qty    int    `json:"qty"`
	Line   int64  `json:"line"` // the station's order line id
	Tote   string `json:"tote"`
	Lot    string `json:"lot,omitempty"`
	Serial string `json:"serial,omitempty"`
	Expiry string `json:"expiry,omitempty"` // YYYY-MM-DD
}

// PickItemToted is the payload of EventPickItemToted (cluster picking: the
// unit in hand went into its order's tote).
type PickItemToted struct {
	Batch string `json:"batch"`
	Tote  string `json:"tote"`
}

// PickShort is the payload of EventPickShort: units not found in a bin.
type PickShort struct {
	Batch  string `json:"batch"`
	SKU    string `json:"sku"`
	Bin    string `json:"bin"`
	Qty    int    `json:"qty"`
	Reason string `json:"reason"`
	Line   int64  `json:"line"`
}

// PickUndone is the payload of EventPickUndone: the last pick or short taken back.
type PickUndone struct {
	Batch  string `json:"batch"`
	Undone string `json:"undone"` // "pick" or "short"
	SKU    string `json:"sku"`
	Bin    string `json:"bin"`
	Qty    int    `json:"qty"`
	Line   int64  `json:"line"`
}

// PickReleased is the payload of EventPickReleased: a supervisor released
// an open pick (one event per order).
type PickReleased struct {
	Batch  string `json:"batch"`
	Picker int64  `json:"picker"` // the staff member who held it
}

// PickReassigned is the payload of EventPickReassigned.
type PickReassigned struct {
	Batch string `json:"batch"`
	From  int64  `json:"from"`
	To    int64  `json:"to"`
}

// OrderPickedPayload is the payload of EventOrderPicked.
type OrderPickedPayload struct {
	Batch  string `json:"batch"`
	Tote   string `json:"tote"`
	Picked int    `json:"picked"` // units picked over all lines
	Short  int    `json:"short"`  // units short
}

// StaffSignedIn is the payload of EventStaffSignedIn.
type StaffSignedIn struct {
	Method string `json:"method"` // "pin", "badge", …
}

// StaffPINLocked is the payload of EventStaffPINLocked.
type StaffPINLocked struct {
	Failures    int       `json:"failures"`
	LockedUntil time.Time `json:"locked_until"`
}

// ExceptionResolved is the payload of EventExceptionResolved.
type ExceptionResolved struct {
	ExceptionID int64  `json:"exception_id"`
	Kind        string `json:"kind"`
}

// Unsendable is the payload of EventUnsendable: what the event the hub
// could never take was.
type Unsendable struct {
	Type         string `json:"type"`
	StaffID      int64  `json:"staff_id"`
	PayloadBytes int    `json:"payload_bytes"`
	Reason       string `json:"reason"`
	Message      string `json:"message"`
	OrderIDBytes int    `json:"order_id_bytes,omitempty"` // set when the order id itself was too long to keep
}
