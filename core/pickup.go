package core

// Event types written by the store pickup (BOPIS) workflow. The order.*
// ones move the hub's copy of the order (see sync/hub); the bopis.* ones
// record the work that led there.
const (
	EventOrderStaged    = "order.staged"    // every bag is on a hold shelf: ready for pickup (the hub tells the customer)
	EventOrderCollected = "order.collected" // handed over: who, when, how verified
	EventOrderExpired   = "order.expired"   // not collected in time: its items go back to stock

	EventPickupBagsTagged      = "bopis.bags_tagged"      // the order is packed in N bags; their tags were printed
	EventPickupBagStaged       = "bopis.bag_staged"       // a bag was put on a hold shelf
	EventPickupBagMoved        = "bopis.bag_moved"        // a bag was moved to another hold shelf
	EventPickupCustomerArrived = "bopis.customer_arrived" // the customer is at the counter or at a curbside bay
	EventPickupCodeRejected    = "bopis.code_rejected"    // a wrong pickup code was given
	EventPickupLocked          = "bopis.locked"           // too many wrong codes: handoff locked
	EventPickupUnlocked        = "bopis.unlocked"         // a supervisor released the lock
	EventPickupVerified        = "bopis.verified"         // pickup code or ID check accepted
	EventPickupBagHanded       = "bopis.bag_handed"       // a bag was scanned out to the customer
	EventPickupItemRefused     = "bopis.item_refused"     // the customer refused an item at handoff
	EventPickupRefundDue       = "bopis.refund_due"       // refused items to refund (written with order.collected)
	EventPickupAbandoned       = "bopis.handoff_abandoned"
	EventPickupRestocked       = "bopis.restocked" // a refused or expired unit went back into a bin
)

// Verification methods a handoff can be recorded with. There is no other:
// a handoff without one of these is refused (see core/pickup).
const (
	VerifyCode    = "code"     // the customer's pickup code, scanned (QR) or typed
	VerifyIDCheck = "id_check" // a photo ID was checked; only the kind of ID is recorded, never its number
)

// Who collects a store pickup order.
const (
	CollectorCustomer  = "customer"  // the customer named on the order
	CollectorAlternate = "alternate" // the alternate pickup person the customer named
)

// Sentinel errors of the store pickup workflow.
var (
	ErrNotVerified      = &Error{Code: ECONFLICT, Reason: "not_verified", Message: "Verify the customer first: scan their pickup QR code, type their code, or check their ID."}
	ErrWrongPickupCode  = &Error{Code: ECONFLICT, Reason: "wrong_pickup_code", Message: "That is not this order's pickup code."}
	ErrPickupLocked     = &Error{Code: EFORBIDDEN, Reason: "pickup_locked", Message: "Too many wrong pickup codes: this order is locked until a supervisor releases it."}
	ErrBagMissing       = &Error{Code: ECONFLICT, Reason: "bag_missing", Message: "A bag of this order has not been scanned."}
	ErrWrongBag         = &Error{Code: ECONFLICT, Reason: "wrong_bag", Message: "This bag belongs to another order."}
	ErrNotHoldShelf     = &Error{Code: ECONFLICT, Reason: "not_hold_shelf", Message: "That is not a hold shelf. Put pickup bags only on hold shelves."}
	ErrNotReadyToStage  = &Error{Code: ECONFLICT, Reason: "not_ready_to_stage", Message: "This order is not picked yet, or is not a store pickup."}
	ErrNotReadyToHandle = &Error{Code: ECONFLICT, Reason: "not_ready_for_pickup", Message: "This order is not ready for pickup."}
)
