package core

// The order lifecycle: which status follows which, which event moves an
// order, and who may move it. The station's store (taking the hub's word on
// progress) and the hub's store (judging and applying terminals' events)
// both ask these functions; neither keeps a rule of its own.

// stage ranks order statuses by how far along an order is. Statuses of
// one stage are alternatives (a shipped order is never staged), so an
// order never moves between them.
var stage = map[OrderStatus]int{
	OrderOpen:      0,
	OrderPicking:   1,
	OrderPicked:    2,
	OrderPacked:    3,
	OrderStaged:    3,
	OrderShipped:   4,
	OrderCollected: 4,
	OrderExpired:   4,
}

// Advances reports whether an order at status from moves forward by going
// to status to. An order only ever moves forward on news from elsewhere;
// cancelled is outside the lifecycle (only the hub's ingest sets it, and
// nothing moves an order out of it).
func (from OrderStatus) Advances(to OrderStatus) bool {
	f, fok := stage[from]
	t, tok := stage[to]
	return fok && tok && t > f
}

// Reasons the lifecycle refuses an event for an order.
const (
	ReasonOrderCancelled = "order_cancelled" // work towards the customer on an order cancelled meanwhile
	ReasonOrderClaimed   = "order_claimed"   // picking an order another terminal claimed first
	ReasonOtherLocation  = "other_location"  // an order of another location than the terminal's
)

// EventKind says what an event type means to the orders it names.
type EventKind struct {
	// Picking: work only the terminal holding the order's claim may
	// record (or any terminal while nobody holds it).
	Picking bool
	// Fulfilling: work that moves the order towards its customer, void
	// once the order is cancelled. Putting things back and mere records
	// are always taken.
	Fulfilling bool
	// MovesTo is the status the event moves the order forward to, if any.
	MovesTo OrderStatus
	// NoStaff: the event may be recorded by the terminal itself, with
	// staff_id 0 (no person did it). Every other event names a member of
	// the terminal's location's staff.
	NoStaff bool
}

// EventOrderShipped records the carrier's collection of a packed order.
const EventOrderShipped = "order.shipped"

// EventExceptionResolved records that a person handled an exception.
const EventExceptionResolved = "exception.resolved"

// EventUnsendable stands, in a terminal's sequence, for an event the hub
// refused as a whole request and can never take (too large to send, say):
// the terminal pushes this record of it instead, so its sequence moves on.
const EventUnsendable = "event.unsendable"

var eventKinds = map[string]EventKind{
	EventPickClaimed:      {Picking: true, Fulfilling: true},
	EventPickToteAssigned: {Picking: true, Fulfilling: true},
	EventPickBinConfirmed: {Picking: true, Fulfilling: true},
	EventPickItemPicked:   {Picking: true, Fulfilling: true},
	EventPickItemToted:    {Picking: true, Fulfilling: true},
	EventPickShort:        {Picking: true, Fulfilling: true},
	EventPickUndone:       {Picking: true},
	EventPickReleased:     {},
	EventPickReassigned:   {},
	EventOrderPicked:      {Picking: true, Fulfilling: true, MovesTo: OrderPicked},
	EventStaffSignedIn:    {},
	EventStaffPINLocked:   {},
	EventStaffPINChanged:  {},

	EventPackItemVerified:    {Fulfilling: true},
	EventPackItemRemoved:     {Fulfilling: true},
	EventPackPackagesPlanned: {Fulfilling: true},
	EventPackPackageClosed:   {Fulfilling: true},
	EventOrderPacked:         {Fulfilling: true, MovesTo: OrderPacked},
	EventOrderShipped:        {Fulfilling: true, MovesTo: OrderShipped},

	EventCarrierLabelPrinted:      {Fulfilling: true},
	EventCarrierLabelVoided:       {},
	EventDispatchHandoverOpened:   {},
	EventDispatchParcelScanned:    {Fulfilling: true},
	EventDispatchParcelUndone:     {},
	EventDispatchSplitAllowed:     {Fulfilling: true},
	EventDispatchHandoverClosed:   {},
	EventDispatchHandoverReopened: {},

	EventOrderStaged:           {Fulfilling: true, MovesTo: OrderStaged},
	EventOrderCollected:        {Fulfilling: true, MovesTo: OrderCollected},
	EventOrderExpired:          {MovesTo: OrderExpired, NoStaff: true},
	EventPickupBagsTagged:      {Fulfilling: true},
	EventPickupBagStaged:       {Fulfilling: true},
	EventPickupBagMoved:        {Fulfilling: true},
	EventPickupCustomerArrived: {},
	EventPickupCodeRejected:    {},
	EventPickupLocked:          {},
	EventPickupUnlocked:        {},
	EventPickupVerified:        {Fulfilling: true},
	EventPickupBagHanded:       {Fulfilling: true},
	EventPickupItemRefused:     {},
	EventPickupRefundDue:       {},
	EventPickupAbandoned:       {},
	EventPickupRestocked:       {},

	EventReturnUnexpected:    {},
	EventReturnItemReceived:  {},
	EventReturnItemFlagged:   {},
	EventReturnItemUndone:    {},
	EventReturnItemInspected: {},
	EventReturnOverride:      {},
	EventReturnItemRestocked: {},
	EventReturnWeighed:       {},
	EventReturnHeld:          {},
	EventReturnReviewed:      {},
	EventReturnRefund:        {},
	EventReturnRulesChanged:  {},

	EventExceptionResolved: {},
	EventUnsendable:        {NoStaff: true},
}

// KindOf returns what an event type means, and false for a type no
// terminal writes.
func KindOf(typ string) (EventKind, bool) {
	k, ok := eventKinds[typ]
	return k, ok
}

// EventTypes lists every event type a terminal writes (in no order).
func EventTypes() []string {
	out := make([]string, 0, len(eventKinds))
	for t := range eventKinds {
		out = append(out, t)
	}
	return out
}

// Refusal says why an event of type typ by terminal may not touch an order
// where p says it is ("" when it may): a cancelled order takes no more work
// towards its customer, and picking belongs to the terminal that claimed
// the order first.
func Refusal(typ string, p OrderProgress, terminal string) string {
	k := eventKinds[typ]
	switch {
	case p.Status == OrderCancelled && k.Fulfilling:
		return ReasonOrderCancelled
	case p.ClaimedBy != "" && p.ClaimedBy != terminal && k.Picking:
		return ReasonOrderClaimed
	}
	return ""
}

// Apply returns where an order is after terminal's event of type typ, which
// Refusal allowed. A claim takes the order (first claim wins: Refusal keeps
// the others out); a release gives it back only when the releasing terminal
// holds it; undoing a pick reopens a picked order; the order.* events move
// the order forward and never back.
func Apply(typ string, p OrderProgress, terminal string) OrderProgress {
	switch typ {
	case EventPickClaimed:
		p.ClaimedBy = terminal
		if p.Status == OrderOpen {
			p.Status = OrderPicking
		}
		return p
	case EventPickReleased:
		if p.ClaimedBy == terminal {
			p.ClaimedBy = ""
			if p.Status == OrderPicking {
				p.Status = OrderOpen
			}
		}
		return p
	case EventPickUndone:
		if p.Status == OrderPicked {
			p.Status = OrderPicking
		}
		return p
	case EventOrderPicked:
		p.ClaimedBy = terminal
	}
	if to := eventKinds[typ].MovesTo; to != "" && p.Status.Advances(to) {
		p.Status = to
	}
	return p
}

// Release is where an order goes when its claim is taken away from the
// terminal holding it (revoked, or released by a supervisor): back to the
// queue while it was still being picked; past picking it keeps its status.
func Release(p OrderProgress) OrderProgress {
	p.ClaimedBy = ""
	if p.Status == OrderPicking {
		p.Status = OrderOpen
	}
	return p
}
