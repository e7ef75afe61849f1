package pickup

import (
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// MaxWrongCodes is how many wrong pickup codes lock an order.
const MaxWrongCodes = 5

// VerificationTTL is how long a verification holds: a handoff completed
// later must verify the customer again (the person at the counter may have
// changed).
const VerificationTTL = 30 * time.Minute

// IDTypes are the kinds of photo ID an ID check may be done with. Only the
// kind is recorded, never the document's number.
var IDTypes = []struct{ Key, Label string }{
	{"driving_licence", "Driving licence"},
	{"passport", "Passport"},
	{"national_id", "National ID card"},
	{"other_photo_id", "Other photo ID"},
}

// RefuseReasons are why a customer may refuse an item at handoff.
var RefuseReasons = []struct{ Key, Label string }{
	{"damaged", "Damaged"},
	{"wrong_item", "Not what they ordered"},
	{"changed_mind", "Changed their mind"},
	{"quality", "Quality / expiry"},
}

// Verification is how the person collecting was verified.
type Verification struct {
	Method    string    // core.VerifyCode or core.VerifyIDCheck
	Collector string    // core.CollectorCustomer or core.CollectorAlternate
	Name      string    // who collects: the customer's or the alternate's name
	IDType    string    // the kind of ID checked (one of IDTypes), for VerifyIDCheck
	StaffID   int64     // who verified
	At        time.Time //
}

// Curbside is where a curbside customer waits.
type Curbside struct {
	Bay string // the numbered bay
	Car string // make, colour or plate, as the customer said
}

// Line is an order line as the handoff sees it.
type Line struct {
	ID      int64
	SKU     string
	Name    string
	Picked  int // units in the bags
	Refused int // units the customer refuses in the handoff under way

	RefuseReason string // why, one of RefuseReasons
}

// Refusal is units of a line the customer refused.
type Refusal = core.PickupRefusal

// Handoff is a staged order being handed to its customer.
type Handoff struct {
	OrderID    int64
	OrderRef   string
	Customer   string
	AltPickup  string // the alternate pickup person named on the order, if any
	PickupCode string
	Status     core.OrderStatus
	Bags       []Bag
	Lines      []Line

	WrongCodes int
	Locked     bool
	ArrivedAt  time.Time // zero until the customer is at the counter or a bay
	Curbside   *Curbside
	Verified   *Verification // nil until verified
}

// HandoffStepKind is what the associate must do next.
type HandoffStepKind string

const (
	HandoffLocked   HandoffStepKind = "locked"   // too many wrong codes: a supervisor must release it
	HandoffVerify   HandoffStepKind = "verify"   // verify the customer
	HandoffBags     HandoffStepKind = "bags"     // scan the bags out
	HandoffComplete HandoffStepKind = "complete" // every bag scanned: complete the handoff
	HandoffDone     HandoffStepKind = "done"     // not (or no longer) handed over here: collected, expired, …
)

// HandoffStep describes the next thing to do, for the screen.
type HandoffStep struct {
	Kind HandoffStepKind
	Bag  *Bag // HandoffBags: the next bag to scan
}

// Next returns the step the handoff is at, as of now.
func (h *Handoff) Next(now time.Time) HandoffStep {
	switch {
	case h.Status != core.OrderStaged:
		return HandoffStep{Kind: HandoffDone}
	case h.Locked:
		return HandoffStep{Kind: HandoffLocked}
	case !h.verified(now):
		return HandoffStep{Kind: HandoffVerify}
	}
	for i := range h.Bags {
		if !h.Bags[i].Handed {
			return HandoffStep{Kind: HandoffBags, Bag: &h.Bags[i]}
		}
	}
	return HandoffStep{Kind: HandoffComplete}
}

func (h *Handoff) verified(now time.Time) bool {
	return h.Verified != nil && now.Sub(h.Verified.At) <= VerificationTTL
}

// Shelves lists the distinct shelves the bags are on.
func (h *Handoff) Shelves() []string { return shelvesOf(h.Bags) }

// Refusals lists the refused units of the handoff under way.
func (h *Handoff) Refusals() []Refusal {
	var out []Refusal
	for _, l := range h.Lines {
		if l.Refused > 0 {
			out = append(out, Refusal{LineID: l.ID, SKU: l.SKU, Name: l.Name, Qty: l.Refused, Reason: l.RefuseReason})
		}
	}
	return out
}

// ready checks that the order can be handed over now.
func (h *Handoff) ready() error {
	switch h.Status {
	case core.OrderStaged:
	case core.OrderCollected:
		return core.Errorf(core.ECONFLICT, core.ErrNotReadyToHandle.Reason, "Order %s was already collected.", h.OrderRef)
	case core.OrderCancelled:
		return core.Errorf(core.ECONFLICT, core.ErrOrderCancelled.Reason, "Order %s was cancelled: do not hand it over.", h.OrderRef)
	case core.OrderExpired:
		return core.Errorf(core.ECONFLICT, core.ErrNotReadyToHandle.Reason, "Order %s expired and went back to stock. Ask the customer to contact customer service.", h.OrderRef)
	default:
		return core.Errorf(core.ECONFLICT, core.ErrNotReadyToHandle.Reason, "Order %s is not ready for pickup yet (it is %s).", h.OrderRef, h.Status)
	}
	if h.Locked {
		return core.Errorf(core.EFORBIDDEN, core.ErrPickupLocked.Reason, "Order %s is locked after %d wrong pickup codes. A supervisor must release it with their PIN.", h.OrderRef, h.WrongCodes)
	}
	return nil
}

// Arrive notes that the customer is at the counter, the first time only.
func (h *Handoff) Arrive(now time.Time) (Effect, error) {
	if h.Status != core.OrderStaged || !h.ArrivedAt.IsZero() {
		return Effect{}, nil
	}
	return Effect{Kind: EffectArrive, At: now}, nil
}

// NoteCurbside records the bay (and car) where a curbside customer waits.
func (h *Handoff) NoteCurbside(c Curbside, now time.Time) (Effect, error) {
	if err := h.ready(); err != nil {
		return Effect{}, err
	}
	c.Bay, c.Car = strings.TrimSpace(c.Bay), strings.TrimSpace(c.Car)
	if c.Bay == "" {
		return Effect{}, core.Errorf(core.EINVALID, "bay_required", "Type the bay number where the customer is parked.")
	}
	return Effect{Kind: EffectCurbside, Curbside: c, At: now}, nil
}

// VerifyInput is what the associate checked.
type VerifyInput struct {
	Method    string // core.VerifyCode or core.VerifyIDCheck
	Code      string // VerifyCode: the code scanned from the QR or typed
	Collector string // core.CollectorCustomer (default) or core.CollectorAlternate
	IDType    string // VerifyIDCheck: one of IDTypes; the ID's number is never asked for
	StaffID   int64
	Now       time.Time
}

// Verify checks the person collecting. A wrong code is an EffectWrongCode:
// it must be committed (it counts towards the lock) and then reported with
// Effect.Err.
func (h *Handoff) Verify(in VerifyInput) (Effect, error) {
	if err := h.ready(); err != nil {
		return Effect{}, err
	}
	if in.StaffID == 0 {
		return Effect{}, core.ErrBadCredentials
	}
	if h.verified(in.Now) {
		return Effect{}, nil
	}
	v := Verification{Method: in.Method, Collector: in.Collector, StaffID: in.StaffID, At: in.Now}
	if v.Collector == "" {
		v.Collector = core.CollectorCustomer
	}
	switch v.Collector {
	case core.CollectorCustomer:
		v.Name = h.Customer
	case core.CollectorAlternate:
		if h.AltPickup == "" {
			return Effect{}, core.Errorf(core.ECONFLICT, "no_alt_pickup", "No one else is named to collect order %s: only %s may collect it.", h.OrderRef, h.Customer)
		}
		v.Name = h.AltPickup
	default:
		return Effect{}, core.Errorf(core.EINVALID, "bad_collector", "Say who collects: the customer or the person they named.")
	}
	switch in.Method {
	case core.VerifyCode:
		code := normaliseCode(in.Code)
		if code == "" {
			return Effect{}, core.Errorf(core.EINVALID, "empty_code", "Scan the customer's pickup QR code or type their code.")
		}
		if h.PickupCode == "" {
			return Effect{}, core.Errorf(core.ECONFLICT, "no_pickup_code", "Order %s has no pickup code: check the customer's photo ID instead.", h.OrderRef)
		}
		if code != normaliseCode(h.PickupCode) {
			n := h.WrongCodes + 1
			return Effect{Kind: EffectWrongCode, Attempts: n, Lock: n >= MaxWrongCodes, At: in.Now}, nil
		}
	case core.VerifyIDCheck:
		if !validKey(IDTypes, in.IDType) {
			return Effect{}, core.Errorf(core.EINVALID, "bad_id_type", "Choose which photo ID you checked.")
		}
		v.IDType = in.IDType
	default:
		return Effect{}, core.ErrNotVerified
	}
	return Effect{Kind: EffectVerify, Verification: v, At: in.Now}, nil
}

func normaliseCode(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

func validKey(list []struct{ Key, Label string }, k string) bool {
	for _, x := range list {
		if x.Key == k {
			return true
		}
	}
	return false
}

// ScanBag hands one bag over. Bags go out only to a verified customer.
func (h *Handoff) ScanBag(ref BagRef, now time.Time) (Effect, error) {
	if err := h.ready(); err != nil {
		return Effect{}, err
	}
	if !strings.EqualFold(ref.OrderRef, h.OrderRef) {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrWrongBag.Reason, "Wrong bag: this one is for order %s. Put it back on its shelf; %s's bags are on %s.", ref.OrderRef, h.Customer, strings.Join(h.Shelves(), ", "))
	}
	if !h.verified(now) {
		return Effect{}, h.notVerified(now)
	}
	for _, b := range h.Bags {
		if b.N == ref.N {
			if b.Handed {
				return Effect{}, nil
			}
			return Effect{Kind: EffectHandBag, Bag: b.N, ShelfCode: b.ShelfCode, At: now}, nil
		}
	}
	return Effect{}, core.Explained(core.ECONFLICT, core.ErrWrongBag.Reason, fmt.Sprintf("Order %s has %d bags: there is no bag %d.", h.OrderRef, len(h.Bags), ref.N), ref.N)
}

func (h *Handoff) notVerified(now time.Time) error {
	if h.Verified != nil && !h.verified(now) {
		return core.Errorf(core.ECONFLICT, core.ErrNotVerified.Reason, "The verification of order %s is more than %d minutes old: verify the customer again.", h.OrderRef, int(VerificationTTL.Minutes()))
	}
	return core.ErrNotVerified
}

// Refuse records that the customer does not take qty units of a line: they
// go back to stock and are refunded when the handoff completes.
func (h *Handoff) Refuse(lineID int64, qty int, reason string, now time.Time) (Effect, error) {
	if err := h.ready(); err != nil {
		return Effect{}, err
	}
	if !h.verified(now) {
		return Effect{}, h.notVerified(now)
	}
	if !validKey(RefuseReasons, reason) {
		return Effect{}, core.Errorf(core.EINVALID, "bad_reason", "Choose why the customer refuses the item.")
	}
	for _, l := range h.Lines {
		if l.ID != lineID {
			continue
		}
		if qty < 1 || qty > l.Picked-l.Refused {
			return Effect{}, core.Explained(core.EINVALID, core.ErrBadQuantity.Reason, fmt.Sprintf("The bags hold %d × %s; %d already refused.", l.Picked, l.Name, l.Refused))
		}
		return Effect{Kind: EffectRefuse, LineID: lineID, Qty: qty, Reason: reason, At: now}, nil
	}
	return Effect{}, core.Errorf(core.ENOTFOUND, "no_line", "That item is not in order %s.", h.OrderRef)
}

// Complete records the handoff. It is refused without a current
// verification, and while any bag has not been scanned out: the error then
// names the shelf where the missing bag should be.
func (h *Handoff) Complete(now time.Time) (Effect, error) {
	if err := h.ready(); err != nil {
		return Effect{}, err
	}
	if !h.verified(now) {
		return Effect{}, h.notVerified(now)
	}
	if len(h.Bags) == 0 {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrNotReadyToHandle.Reason, "Order %s has no bags on record: stage it first.", h.OrderRef)
	}
	var missing []string
	for _, b := range h.Bags {
		if !b.Handed {
			where := "on no shelf"
			if b.ShelfCode != "" {
				where = "on shelf " + b.ShelfCode
			}
			missing = append(missing, fmt.Sprintf("bag %d of %d (%s)", b.N, len(h.Bags), where))
		}
	}
	if len(missing) > 0 {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrBagMissing.Reason, "Not every bag was scanned: get %s and scan it.", strings.Join(missing, ", "))
	}
	return Effect{Kind: EffectComplete, Verification: *h.Verified, Refused: h.Refusals(), At: now}, nil
}

// Abandon stops a handoff under way: the verification, the bags scanned
// and the refusals are forgotten (put the bags back on their shelves).
func (h *Handoff) Abandon() (Effect, error) {
	if h.Status != core.OrderStaged {
		return Effect{}, nil
	}
	handed := false
	for _, b := range h.Bags {
		handed = handed || b.Handed
	}
	if h.Verified == nil && !handed && len(h.Refusals()) == 0 {
		return Effect{}, nil
	}
	return Effect{Kind: EffectAbandon}, nil
}

// Unlock releases an order locked by wrong codes. The store checks the
// supervisor's PIN before it asks.
func (h *Handoff) Unlock(supervisorID int64) (Effect, error) {
	if !h.Locked {
		return Effect{}, core.Errorf(core.ECONFLICT, "not_locked", "Order %s is not locked.", h.OrderRef)
	}
	if supervisorID == 0 {
		return Effect{}, core.Errorf(core.EFORBIDDEN, core.ErrNotAllowed.Reason, "Only a supervisor can release a locked order.")
	}
	return Effect{Kind: EffectUnlock, By: supervisorID}, nil
}

// Apply changes the handoff as the effect says. Call it after the effect
// was committed.
func (h *Handoff) Apply(e Effect) {
	switch e.Kind {
	case EffectArrive:
		h.ArrivedAt = e.At
	case EffectCurbside:
		c := e.Curbside
		h.Curbside = &c
		if h.ArrivedAt.IsZero() {
			h.ArrivedAt = e.At
		}
	case EffectWrongCode:
		h.WrongCodes = e.Attempts
		h.Locked = h.Locked || e.Lock
	case EffectVerify:
		v := e.Verification
		h.Verified = &v
	case EffectHandBag:
		for i := range h.Bags {
			if h.Bags[i].N == e.Bag {
				h.Bags[i].Handed = true
			}
		}
	case EffectRefuse:
		for i := range h.Lines {
			if h.Lines[i].ID == e.LineID {
				h.Lines[i].Refused += e.Qty
				h.Lines[i].RefuseReason = e.Reason
			}
		}
	case EffectComplete:
		h.Status = core.OrderCollected
	case EffectAbandon:
		h.Verified = nil
		for i := range h.Bags {
			h.Bags[i].Handed = false
		}
		for i := range h.Lines {
			h.Lines[i].Refused, h.Lines[i].RefuseReason = 0, ""
		}
	case EffectUnlock:
		h.Locked, h.WrongCodes = false, 0
	case EffectExpire:
		h.Status = core.OrderExpired
	}
}
