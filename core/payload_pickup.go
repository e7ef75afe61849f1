package core

// Payloads of store pickup (see payload.go).

// PickupRefusal is units of a line the customer refused at handoff.
type PickupRefusal struct {
	LineID int64  `json:"line"`
	SKU    string `json:"sku"`
	Name   string `json:"name"`
	Qty    int    `json:"qty"`
	Reason string `json:"reason"`
}

// BagShelf says on which hold shelf a bag is.
type BagShelf struct {
	Bag   int    `json:"bag"`
	Shelf string `json:"shelf"`
}

// OrderStagedPayload is the payload of EventOrderStaged: every bag is on a
// hold shelf.
type OrderStagedPayload struct {
	Bags []BagShelf `json:"bags"`
}

// CurbsideSpot is where a curbside customer waited.
type CurbsideSpot struct {
	Bay string `json:"bay"`
	Car string `json:"car"`
}

// OrderCollectedPayload is the payload of EventOrderCollected: who
// collected, how they were verified, and what they refused.
type OrderCollectedPayload struct {
	Method     string          `json:"method"`    // VerifyCode or VerifyIDCheck
	Collector  string          `json:"collector"` // CollectorCustomer or CollectorAlternate
	VerifiedBy int64           `json:"verified_by"`
	VerifiedAt string          `json:"verified_at"` // RFC 3339
	Bags       int             `json:"bags"`
	IDType     string          `json:"id_type,omitempty"`
	Curbside   *CurbsideSpot   `json:"curbside,omitempty"`
	Refused    []PickupRefusal `json:"refused,omitempty"`
}

// LineUnits is a number of units of an order line.
type LineUnits struct {
	Line int64  `json:"line"`
	SKU  string `json:"sku"`
	Qty  int    `json:"qty"`
}

// OrderExpiredPayload is the payload of EventOrderExpired: not collected
// in time; its items go back to stock.
type OrderExpiredPayload struct {
	Bags    int         `json:"bags"`
	Shelves []string    `json:"shelves"`
	Items   []LineUnits `json:"items"`
}

// PickupBagsTagged is the payload of EventPickupBagsTagged.
type PickupBagsTagged struct {
	Bags int `json:"bags"`
}

// PickupBagStaged is the payload of EventPickupBagStaged.
type PickupBagStaged struct {
	Bag   int    `json:"bag"`
	Shelf string `json:"shelf"`
}

// PickupBagMoved is the payload of EventPickupBagMoved.
type PickupBagMoved struct {
	Bag  int    `json:"bag"`
	From string `json:"from"`
	To   string `json:"to"`
}

// PickupCustomerArrived is the payload of EventPickupCustomerArrived.
type PickupCustomerArrived struct {
	Where string `json:"where"` // "counter" or "curbside"
	Bay   string `json:"bay,omitempty"`
	Car   string `json:"car,omitempty"`
}

// PickupCodeRejected is the payload of EventPickupCodeRejected.
type PickupCodeRejected struct {
	Attempt int `json:"attempt"` // wrong codes so far, this one included
}

// PickupLocked is the payload of EventPickupLocked.
type PickupLocked struct {
	WrongCodes int `json:"wrong_codes"`
}

// PickupUnlocked is the payload of EventPickupUnlocked.
type PickupUnlocked struct {
	Supervisor int64 `json:"supervisor"`
}

// PickupVerified is the payload of EventPickupVerified.
type PickupVerified struct {
	Method    string `json:"method"`
	Collector string `json:"collector"`
	IDType    string `json:"id_type,omitempty"`
}

// PickupBagHanded is the payload of EventPickupBagHanded.
type PickupBagHanded struct {
	Bag   int    `json:"bag"`
	Shelf string `json:"shelf"`
}

// PickupItemRefused is the payload of EventPickupItemRefused.
type PickupItemRefused struct {
	Line   int64  `json:"line"`
	SKU    string `json:"sku"`
	Qty    int    `json:"qty"`
	Reason string `json:"reason"`
}

// PickupRefundDue is the payload of EventPickupRefundDue.
type PickupRefundDue struct {
	Items []PickupRefusal `json:"items"`
}

// PickupAbandoned is the payload of EventPickupAbandoned (empty).
type PickupAbandoned struct{}

// PickupRestocked is the payload of EventPickupRestocked.
type PickupRestocked struct {
	Line   int64  `json:"line"`
	SKU    string `json:"sku"`
	Qty    int    `json:"qty"`
	Bin    string `json:"bin"`
	Reason string `json:"reason"` // "refused" or "expired"
}
