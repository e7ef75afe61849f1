package pickup

import (
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// Bag is one bag of a pickup order and where it is.
type Bag struct {
	N         int
	Code      string // BagCode(order, N)
	ShelfID   int64  // 0 until it is on a hold shelf
	ShelfCode string
	Handed    bool // scanned out to the customer during the handoff under way
}

// Placed reports whether the bag is on a hold shelf.
func (b Bag) Placed() bool { return b.ShelfID != 0 }

// Staging is a picked store-pickup order being bagged and put on the hold
// shelves, or a staged one whose bags are being moved.
type Staging struct {
	OrderID     int64
	OrderRef    string
	Customer    string
	Fulfillment core.Fulfillment
	Status      core.OrderStatus
	Bags        []Bag // in bag order; empty until the bag count is set
	InHand      int   // the bag just scanned, waiting for its shelf; 0 for none
}

// StageStepKind is what the associate must do next.
type StageStepKind string

const (
	StageCount  StageStepKind = "count"  // say how many bags the order fills (tags print)
	StageBag    StageStepKind = "bag"    // scan a bag's tag
	StageShelf  StageStepKind = "shelf"  // scan the hold shelf for the bag in hand
	StageStaged StageStepKind = "staged" // every bag is on a shelf: scan a bag to move it
)

// StageStep describes the next thing to do, for the screen.
type StageStep struct {
	Kind StageStepKind
	Bag  *Bag // StageBag: the next bag not on a shelf; StageShelf: the bag in hand
}

// Next returns the step the associate is at.
func (s *Staging) Next() StageStep {
	if len(s.Bags) == 0 {
		return StageStep{Kind: StageCount}
	}
	if b := s.bag(s.InHand); b != nil {
		return StageStep{Kind: StageShelf, Bag: b}
	}
	for i := range s.Bags {
		if !s.Bags[i].Placed() {
			return StageStep{Kind: StageBag, Bag: &s.Bags[i]}
		}
	}
	return StageStep{Kind: StageStaged}
}

func (s *Staging) bag(n int) *Bag {
	for i := range s.Bags {
		if s.Bags[i].N == n {
			return &s.Bags[i]
		}
	}
	return nil
}

// Placed returns how many bags are on a shelf.
func (s *Staging) Placed() int {
	n := 0
	for _, b := range s.Bags {
		if b.Placed() {
			n++
		}
	}
	return n
}

// Shelves lists the distinct shelves the bags are on, in bag order.
func (s *Staging) Shelves() []string { return shelvesOf(s.Bags) }

func shelvesOf(bags []Bag) []string {
	var out []string
	seen := map[string]bool{}
	for _, b := range bags {
		if b.ShelfCode != "" && !seen[b.ShelfCode] {
			seen[b.ShelfCode] = true
			out = append(out, b.ShelfCode)
		}
	}
	return out
}

// open checks that the order can be staged (picked) or its bags moved
// (staged).
func (s *Staging) open() error {
	switch {
	case s.Fulfillment != core.FulfillStorePickup:
		return core.Errorf(core.ECONFLICT, core.ErrNotReadyToStage.Reason, "Order %s is not a store pickup: take it to packing.", s.OrderRef)
	case s.Status == core.OrderPicked || s.Status == core.OrderStaged:
		return nil
	case s.Status == core.OrderOpen || s.Status == core.OrderPicking:
		return core.Errorf(core.ECONFLICT, core.ErrNotReadyToStage.Reason, "Order %s is not picked yet: finish picking it first.", s.OrderRef)
	case s.Status == core.OrderCancelled:
		return core.Errorf(core.ECONFLICT, core.ErrOrderCancelled.Reason, "Order %s was cancelled: do not stage it. Put its items back (see Exceptions).", s.OrderRef)
	}
	return core.Errorf(core.ECONFLICT, core.ErrNotReadyToStage.Reason, "Order %s is %s: there is nothing to stage.", s.OrderRef, s.Status)
}

// SetBags says how many bags the order fills; their tags are printed next.
// The count can change until the order is staged, but never below a bag
// already on a shelf.
func (s *Staging) SetBags(n int) (Effect, error) {
	if err := s.open(); err != nil {
		return Effect{}, err
	}
	if s.Status == core.OrderStaged {
		return Effect{}, core.Errorf(core.ECONFLICT, "already_staged", "Order %s is already staged in %d bags. To move a bag, scan it and then its new shelf.", s.OrderRef, len(s.Bags))
	}
	if n < 1 || n > MaxBags {
		return Effect{}, core.Errorf(core.EINVALID, core.ErrBadQuantity.Reason, "An order fills 1 to %d bags, not %d.", MaxBags, n)
	}
	for _, b := range s.Bags {
		if b.Placed() && b.N > n {
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrBadQuantity.Reason, fmt.Sprintf("Bag %d is already on shelf %s: the order needs at least %d bags.", b.N, b.ShelfCode, b.N))
		}
	}
	return Effect{Kind: EffectTagBags, Bags: n}, nil
}

// StageInput is one scan at the staging screen, with what the store knows
// about the scanned code.
type StageInput struct {
	Scan      Scan
	ShelfID   int64  // the bin a bin code names; 0 if unknown
	ShelfZone string // its zone
}

// Scan decides what a scan does at the current step: a bag tag takes that
// bag in hand, a hold shelf puts the bag in hand on it.
func (s *Staging) Scan(in StageInput) (Effect, error) {
	if err := s.open(); err != nil {
		return Effect{}, err
	}
	switch {
	case in.Scan.Bag != nil:
		return s.scanBag(*in.Scan.Bag)
	case in.Scan.Code.Kind == scan.KindBin:
		return s.scanShelf(in)
	case in.Scan.Code.Kind == scan.KindQuantity && len(s.Bags) == 0:
		return s.SetBags(in.Scan.Code.Quantity)
	}
	return Effect{}, s.notNow()
}

func (s *Staging) scanBag(ref BagRef) (Effect, error) {
	if !strings.EqualFold(ref.OrderRef, s.OrderRef) {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrWrongBag.Reason, "This bag is for order %s, not %s. Keep the bags of each order together.", ref.OrderRef, s.OrderRef)
	}
	if len(s.Bags) == 0 {
		return Effect{}, core.Errorf(core.ECONFLICT, "bag_count_first", "Say how many bags order %s fills first, so their tags print.", s.OrderRef)
	}
	b := s.bag(ref.N)
	if b == nil {
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrWrongBag.Reason, fmt.Sprintf("Order %s has %d bags: there is no bag %d. Throw that tag away.", s.OrderRef, len(s.Bags), ref.N), ref.N)
	}
	return Effect{Kind: EffectBagInHand, Bag: b.N}, nil
}

func (s *Staging) scanShelf(in StageInput) (Effect, error) {
	b := s.bag(s.InHand)
	if b == nil {
		if len(s.Bags) == 0 {
			return Effect{}, core.Errorf(core.ECONFLICT, "bag_count_first", "Say how many bags order %s fills first, so their tags print.", s.OrderRef)
		}
		return Effect{}, core.Errorf(core.ECONFLICT, "bag_first", "Scan the bag first, then the shelf you put it on.")
	}
	code := in.Scan.Code.ID
	if in.ShelfID == 0 {
		return Effect{}, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Shelf %s is not known here.", code)
	}
	if !IsHoldShelf(in.ShelfZone) {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrNotHoldShelf.Reason, "%s is a stock bin, not a hold shelf. Put bag %d on a hold shelf and scan its label.", code, b.N)
	}
	switch {
	case b.ShelfID == in.ShelfID:
		return Effect{Kind: EffectNone, Bag: b.N, ShelfID: in.ShelfID, ShelfCode: code}, nil
	case b.Placed():
		return Effect{Kind: EffectMoveBag, Bag: b.N, ShelfID: in.ShelfID, ShelfCode: code, FromShelf: b.ShelfCode}, nil
	}
	last := s.Status == core.OrderPicked && s.Placed() == len(s.Bags)-1
	return Effect{Kind: EffectPlaceBag, Bag: b.N, ShelfID: in.ShelfID, ShelfCode: code, Staged: last}, nil
}

func (s *Staging) notNow() error {
	step := s.Next()
	var want string
	switch step.Kind {
	case StageCount:
		want = fmt.Sprintf("Type how many bags order %s fills.", s.OrderRef)
	case StageBag:
		want = fmt.Sprintf("Scan the tag of bag %d.", step.Bag.N)
	case StageShelf:
		want = fmt.Sprintf("Put bag %d on a hold shelf and scan the shelf label.", step.Bag.N)
	default:
		want = "The order is on the shelves. Scan a bag to move it."
	}
	return core.Explained(core.ECONFLICT, "unexpected_scan", "Not now. "+want)
}

// Apply changes the staging as the effect says. Call it after the effect
// was committed.
func (s *Staging) Apply(e Effect) {
	switch e.Kind {
	case EffectTagBags:
		bags := make([]Bag, e.Bags)
		for i := range bags {
			bags[i] = Bag{N: i + 1, Code: BagCode(s.OrderRef, i+1)}
			if old := s.bag(i + 1); old != nil {
				bags[i] = *old
			}
		}
		s.Bags, s.InHand = bags, 0
	case EffectBagInHand:
		s.InHand = e.Bag
	case EffectPlaceBag, EffectMoveBag:
		b := s.bag(e.Bag)
		b.ShelfID, b.ShelfCode = e.ShelfID, e.ShelfCode
		s.InHand = 0
		if e.Staged {
			s.Status = core.OrderStaged
		}
	case EffectNone:
		if e.Bag != 0 {
			s.InHand = 0
		}
	}
}
