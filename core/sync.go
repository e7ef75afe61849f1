package core

import "time"

// ChangeSet is a batch of facts from the hub (or the demo seeder) that the
// local store applies in one transaction, together with the cursor that the
// next pull continues from. Records are keyed by their natural keys (SKU, bin
// code, order ExternalID, staff ID as the hub assigns it) because local row
// ids mean nothing outside this terminal.
type ChangeSet struct {
	Cursor          string           `json:"cursor"`
	Products        []Product        `json:"products,omitempty"`
	Bins            []Bin            `json:"bins,omitempty"`
	Stock           []StockRecord    `json:"stock,omitempty"`
	Staff           []StaffRecord    `json:"staff,omitempty"`
	Orders          []Order          `json:"orders,omitempty"`           // new or changed orders, lines included
	CancelledOrders []string         `json:"cancelled_orders,omitempty"` // ExternalIDs
	Progress        []OrderProgress  `json:"progress,omitempty"`         // orders moved on by the work of terminals
	Rejections      []EventRejection `json:"rejections,omitempty"`       // events of ours the hub refused
	Returns         []Return         `json:"returns,omitempty"`          // returns announced (RMAs), new or changed
}

// OrderProgress is where the hub has an order after the events of the
// location's terminals: claimed (and by which terminal), picked, packed,
// handed over. A terminal that did not do the work learns from it that the
// order is no longer its to start.
type OrderProgress struct {
	ExternalID string      `json:"external_id"`
	Status     OrderStatus `json:"status"`
	ClaimedBy  string      `json:"claimed_by,omitempty"` // the terminal holding the pick, if any
	// PutBack lists what was picked for the order under a claim the hub
	// took back (the terminal revoked, or a supervisor released it): the
	// order is back in the queue and these units must go back to their
	// bins.
	PutBack []PutBackItem `json:"put_back,omitempty"`
	// Decisions are what a supervisor decided about the order's
	// exceptions at the hub's console, the latest of each kind: a station
	// closes its open exceptions of that kind for the order raised before
	// the decision (see HubDecision).
	Decisions []HubDecision `json:"decisions,omitempty"`
}

// HubDecision is a supervisor's decision at the hub on an exception that
// the stations of the order's location hold.
type HubDecision struct {
	Kind string    `json:"kind"` // the station exception kind it closes: HubDecisionPutBack, HubDecisionRelabel
	At   time.Time `json:"at"`   // the hub's time of the decision
	By   string    `json:"by"`   // the hub user who took it
}

// Kinds of HubDecision, named as the exceptions they close.
const (
	HubDecisionPutBack = "put_back" // the units picked for the order are back in their bins
	HubDecisionRelabel = "relabel"  // the package was labelled again for its new address
)

// PutBackItem is a quantity of a product to put back into a bin.
type PutBackItem struct {
	SKU string `json:"sku"`
	Bin string `json:"bin"`
	Qty int    `json:"qty"`
}

// StockRecord sets the quantity of a product in a bin.
type StockRecord struct {
	BinCode string `json:"bin"`
	SKU     string `json:"sku"`
	Qty     int    `json:"qty"`
}

// StaffRecord is a member of staff as the hub sends it: the PIN only as a
// hash (see core/sqlite's HashPIN).
type StaffRecord struct {
	Staff
	PINHash string `json:"pin_hash"`
	Active  bool   `json:"active"`
}

// EventRejection is the hub's answer to an event it recorded but could not
// apply (a pick on an order cancelled meanwhile, say). The terminal shows it
// as an exception for a person to handle.
type EventRejection struct {
	EventID string    `json:"event_id"`
	Seq     int64     `json:"seq"`
	OrderID string    `json:"order_id,omitempty"` // the order(s) concerned, comma-separated ExternalIDs
	Reason  string    `json:"reason"`
	Message string    `json:"message"`
	At      time.Time `json:"at"`
}
