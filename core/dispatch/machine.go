// Package dispatch is the dock's workflow: parcels scanned into a carrier
// handover (a cage, a trolley, a truck), and the handover closed with a
// manifest when the carrier takes it. Like core/pick and core/pack it is a
// pure machine: the store loads a Handover and what a scan names, the
// machine decides an Effect, the store persists it with its events in one
// transaction and calls Apply.
package dispatch

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Status is where a handover is.
type Status string

const (
	StatusOpen   Status = "open"   // parcels are scanned into it
	StatusClosed Status = "closed" // the carrier took it; its manifest is printed
)

// Handover is a carrier's cage, trolley or truck at the dock and the
// parcels scanned into it.
type Handover struct {
	ID      int64
	Code    string // the id after HANDOVER-
	Carrier string
	Status  Status
	Parcels []Parcel // in scan order
	// Splits are the orders a supervisor let leave without all their
	// parcels, with the supervisor's id.
	Splits   map[string]int64
	OpenedAt time.Time
	ClosedAt time.Time // zero while open
}

// Parcel is one package of an order in a handover.
type Parcel struct {
	ID        int64
	OrderRef  string
	Package   int // package Package of Packages
	Packages  int
	SSCC      string
	Tracking  string
	Service   string
	StaffID   int64
	ScannedAt time.Time
	// Sealed: the parcel was on a manifest already (the handover was
	// closed and reopened): it can no longer be undone.
	Sealed bool
}

// Label is the printed carrier label a package carries.
type Label struct {
	Carrier  string
	Service  string
	Tracking string
}

// PackageState is one package of an order as the dock sees it.
type PackageState struct {
	Seq    int
	Closed bool // packed: closed with its SSCC
	// DispatchedIn is the handover the package is in ("" if none).
	DispatchedIn string
	// Tracking is the tracking number it left with, or its printed
	// carrier label's; Label that label (nil: none printed).
	Tracking string
	Label    *Label
}

// Input is one parcel scan, with what the store found for the code.
type Input struct {
	Scanned string // the code as scanned, for messages
	Found   bool   // the code names a package here
	// The order and the package the code names.
	OrderRef    string
	OrderStatus core.OrderStatus
	Package     int
	Packages    int // how many packages the order ships in
	SSCC        string
	Label       *Label // nil: no carrier label was printed for the package
	// Order lists every package of the order (the scanned one included).
	Order []PackageState
}

// EffectKind says what an accepted action changes.
type EffectKind string

const (
	EffectScan   EffectKind = "scan"   // a parcel goes into the handover
	EffectUndo   EffectKind = "undo"   // the last scan taken back
	EffectSplit  EffectKind = "split"  // a supervisor lets an incomplete order leave
	EffectClose  EffectKind = "close"  // the carrier took the handover: manifest, orders shipped
	EffectReopen EffectKind = "reopen" // a supervisor reopened a closed handover
)

// Effect is the change an accepted action makes. The store persists it
// with its events in one transaction, fills in the parcel's id, then calls
// Handover.Apply.
type Effect struct {
	Kind   EffectKind
	Parcel Parcel // EffectScan and EffectUndo
	// EffectSplit: the order allowed to leave incomplete. EffectReopen and
	// EffectSplit: the supervisor who allowed it.
	OrderRef     string
	SupervisorID int64
	// EffectClose: the orders whose every parcel has now left, with all
	// their tracking numbers (order.shipped each), and those leaving
	// incomplete by a supervisor's split.
	Shipped []ShippedOrder
	Partial []ShippedOrder
}

// ShippedOrder is an order and the tracking numbers of its parcels that
// have left.
type ShippedOrder struct {
	Ref      string
	Tracking []string
	SSCCs    []string
}

// Scan decides what a parcel scan does. Refused: a closed handover, a code
// that names no parcel, an order cancelled after packing (intercept), a
// package without its carrier label, a parcel for another carrier, a
// parcel already dispatched, and a parcel of an order not every package
// of which is packed, unless a supervisor allowed the split.
func (h *Handover) Scan(in Input) (Effect, error) {
	if err := h.open(); err != nil {
		return Effect{}, err
	}
	if !in.Found {
		return Effect{}, core.Errorf(core.ENOTFOUND, core.ErrUnknownParcel.Reason, "No parcel here has the SSCC or tracking number %s. Scan the parcel's SSCC label or its carrier's tracking barcode.", in.Scanned)
	}
	which := fmt.Sprintf("Parcel %d of %d of order %s", in.Package, in.Packages, in.OrderRef)
	switch in.OrderStatus {
	case core.OrderCancelled:
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrIntercepted.Reason, "STOP: order %s was cancelled after packing. Pull parcel %d of %d aside and do not ship it: it goes to the exceptions shelf for its put-back.", in.OrderRef, in.Package, in.Packages)
	case core.OrderShipped:
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrAlreadyDispatched.Reason, fmt.Sprintf("Order %s is shipped already: %s must not leave again. Set it aside and tell a supervisor.", in.OrderRef, strings.ToLower(which[:1])+which[1:]), in.OrderRef, in.Package, in.Packages)
	}
	if in.Label == nil {
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrNoCarrierLabel.Reason, which+" has no carrier label: it cannot leave without one. Put it on the \"waiting for carrier label\" shelf.", in.Package, in.Packages, in.OrderRef)
	}
	if !strings.EqualFold(in.Label.Carrier, h.Carrier) {
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrOtherCarrier.Reason, fmt.Sprintf("%s goes with %s, not %s: put it in a %s handover.", which, in.Label.Carrier, h.Carrier, in.Label.Carrier), in.Package, in.Packages, in.OrderRef, in.Label.Carrier, h.Carrier)
	}
	for _, p := range in.Order {
		if p.Seq != in.Package || p.DispatchedIn == "" {
			continue
		}
		if p.DispatchedIn == h.Code {
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrAlreadyDispatched.Reason, which+" is already in this handover: scan the next parcel.", in.Package, in.Packages, in.OrderRef, h.Code)
		}
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrAlreadyDispatched.Reason, fmt.Sprintf("%s is already dispatched in handover %s: it cannot go twice. Take it out and tell a supervisor.", which, p.DispatchedIn), in.Package, in.Packages, in.OrderRef, p.DispatchedIn)
	}
	if missing := notPacked(in.Order); len(missing) > 0 {
		if _, ok := h.Splits[in.OrderRef]; !ok {
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrIncompleteOrder.Reason, fmt.Sprintf("Order %s is incomplete: %s. Keep this parcel back until the order is complete, or a supervisor allows it to leave without.", in.OrderRef, describeMissing(missing, in.Packages)), in.OrderRef)
		}
	}
	return Effect{Kind: EffectScan, Parcel: Parcel{
		OrderRef: in.OrderRef, Package: in.Package, Packages: in.Packages, SSCC: in.SSCC,
		Tracking: in.Label.Tracking, Service: in.Label.Service,
	}}, nil
}

// AllowSplit lets order ref leave in this handover without all its parcels,
// on a supervisor's word.
func (h *Handover) AllowSplit(ref string, supervisorID int64) (Effect, error) {
	if err := h.open(); err != nil {
		return Effect{}, err
	}
	if supervisorID == 0 {
		return Effect{}, core.Errorf(core.EFORBIDDEN, core.ErrNotAllowed.Reason, "Only a supervisor can let order %s leave incomplete.", ref)
	}
	if _, ok := h.Splits[ref]; ok {
		return Effect{}, core.Errorf(core.ECONFLICT, "split_allowed", "Order %s may already leave incomplete in this handover.", ref)
	}
	return Effect{Kind: EffectSplit, OrderRef: ref, SupervisorID: supervisorID}, nil
}

// Undo takes the last scanned parcel out of the handover again; parcels
// on a manifest already cannot be.
func (h *Handover) Undo() (Effect, error) {
	if err := h.open(); err != nil {
		return Effect{}, err
	}
	if len(h.Parcels) == 0 || h.Parcels[len(h.Parcels)-1].Sealed {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrNothingToUndo.Reason, "There is no scan to take back in handover %s.", h.Code)
	}
	return Effect{Kind: EffectUndo, Parcel: h.Parcels[len(h.Parcels)-1]}, nil
}

// Close hands the handover to the carrier. orders holds, for every order
// with a parcel in the handover, all its packages (see Input.Order). An
// order with a package neither here nor dispatched before is refused
// unless a supervisor allowed its split; an order whose every package has
// now left is shipped.
func (h *Handover) Close(orders map[string][]PackageState) (Effect, error) {
	if err := h.open(); err != nil {
		return Effect{}, err
	}
	fresh := 0
	for _, p := range h.Parcels {
		if !p.Sealed {
			fresh++
		}
	}
	if fresh == 0 {
		return Effect{}, core.Errorf(core.ECONFLICT, "handover_empty", "Handover %s has no new parcel: scan the parcels before closing it.", h.Code)
	}
	e := Effect{Kind: EffectClose}
	var incomplete []string
	for _, ref := range h.Orders() {
		pkgs := orders[ref]
		var missing []int
		so := ShippedOrder{Ref: ref}
		for _, p := range pkgs {
			if !p.Closed || p.DispatchedIn == "" {
				missing = append(missing, p.Seq)
				continue
			}
			so.Tracking = append(so.Tracking, p.Tracking)
		}
		for _, p := range h.Parcels {
			if p.OrderRef == ref {
				so.SSCCs = append(so.SSCCs, p.SSCC)
			}
		}
		switch {
		case len(missing) == 0:
			e.Shipped = append(e.Shipped, so)
		case h.Splits[ref] != 0:
			e.Partial = append(e.Partial, so)
		default:
			incomplete = append(incomplete, fmt.Sprintf("%s (%s)", ref, describeMissing(missing, len(pkgs))))
		}
	}
	if len(incomplete) > 0 {
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrIncompleteOrder.Reason, fmt.Sprintf("Handover %s cannot close: order %s is incomplete. Scan the missing parcels, take the order's parcels out, or a supervisor allows it to leave incomplete.", h.Code, strings.Join(incomplete, ", ")), h.Code)
	}
	return e, nil
}

// Reopen opens a closed handover again on a supervisor's word: a parcel
// was forgotten, or the carrier has not left yet.
func (h *Handover) Reopen(supervisorID int64) (Effect, error) {
	if h.Status != StatusClosed {
		return Effect{}, core.Errorf(core.ECONFLICT, "handover_open", "Handover %s is open: there is nothing to reopen.", h.Code)
	}
	if supervisorID == 0 {
		return Effect{}, core.Errorf(core.EFORBIDDEN, core.ErrNotAllowed.Reason, "Only a supervisor can reopen handover %s.", h.Code)
	}
	return Effect{Kind: EffectReopen, SupervisorID: supervisorID}, nil
}

// Apply changes the handover as the effect says. Call it after the effect
// was committed.
func (h *Handover) Apply(e Effect) {
	switch e.Kind {
	case EffectScan:
		h.Parcels = append(h.Parcels, e.Parcel)
	case EffectUndo:
		h.Parcels = h.Parcels[:len(h.Parcels)-1]
	case EffectSplit:
		if h.Splits == nil {
			h.Splits = map[string]int64{}
		}
		h.Splits[e.OrderRef] = e.SupervisorID
	case EffectClose:
		h.Status = StatusClosed
		for i := range h.Parcels {
			h.Parcels[i].Sealed = true
		}
	case EffectReopen:
		h.Status, h.ClosedAt = StatusOpen, time.Time{}
	}
}

// Orders lists the orders with a parcel in the handover, in scan order.
func (h *Handover) Orders() []string {
	var refs []string
	seen := map[string]bool{}
	for _, p := range h.Parcels {
		if !seen[p.OrderRef] {
			seen[p.OrderRef] = true
			refs = append(refs, p.OrderRef)
		}
	}
	return refs
}

// ServiceCount is how many parcels of one carrier service a handover holds.
type ServiceCount struct {
	Service string
	Parcels int
}

// Services counts the handover's parcels per service, by service name.
func (h *Handover) Services() []ServiceCount {
	n := map[string]int{}
	for _, p := range h.Parcels {
		n[p.Service]++
	}
	out := make([]ServiceCount, 0, len(n))
	for s, c := range n {
		out = append(out, ServiceCount{Service: s, Parcels: c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Service < out[j].Service })
	return out
}

func (h *Handover) open() error {
	if h.Status == StatusClosed {
		return core.Errorf(core.ECONFLICT, core.ErrHandoverClosed.Reason, "Handover %s (%s) is closed: the carrier has it. A supervisor must reopen it first.", h.Code, h.Carrier)
	}
	return nil
}

// notPacked lists the order's packages that are not packed yet.
func notPacked(pkgs []PackageState) []int {
	var out []int
	for _, p := range pkgs {
		if !p.Closed {
			out = append(out, p.Seq)
		}
	}
	return out
}

func describeMissing(seqs []int, of int) string {
	parts := make([]string, len(seqs))
	for i, s := range seqs {
		parts[i] = fmt.Sprintf("%d", s)
	}
	if len(seqs) == 1 {
		return fmt.Sprintf("package %s of %d is missing", parts[0], of)
	}
	return fmt.Sprintf("packages %s of %d are missing", strings.Join(parts, ", "), of)
}

// Describe sums up an effect in a few words, for the screen.
func (e Effect) Describe() string {
	switch e.Kind {
	case EffectScan:
		return fmt.Sprintf("%s %d/%d ✓ %s", e.Parcel.OrderRef, e.Parcel.Package, e.Parcel.Packages, e.Parcel.Tracking)
	case EffectUndo:
		return fmt.Sprintf("%s %d/%d taken back", e.Parcel.OrderRef, e.Parcel.Package, e.Parcel.Packages)
	case EffectSplit:
		return fmt.Sprintf("%s may leave incomplete", e.OrderRef)
	case EffectClose:
		return fmt.Sprintf("closed: %d orders shipped", len(e.Shipped))
	case EffectReopen:
		return "reopened"
	}
	return ""
}
