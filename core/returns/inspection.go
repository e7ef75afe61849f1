// Package returns is return inspection as a state machine: given a return's
// state and one scan or action, it decides what changes (an Effect) or why
// nothing may change (a core error). It never touches storage: core/sqlite
// loads the Inspection, asks it, and commits the Effect with its events.
//
// The inspector's loop is: scan an item (it must be the very unit that was
// shipped, else it is recorded and flagged), grade it with one key, confirm
// the disposition the business's rules propose (or override it with a
// reason), scan a bin when it goes back to stock; at the end the refund
// decision goes to the hub, unless fraud signals hold the return for a
// supervisor first.
package returns

import (
	"time"

	"github.com/stationhand/stationhand/core"
)

// Line is one product the customer announced, with what was shipped.
type Line struct {
	ID        int64
	LineNo    int
	ProductID int64 // 0 when the product is not known here
	SKU       string
	Name      string
	Category  string
	GTIN      string // the product's code as printed on it, for training and tests
	WeightG   int
	Qty       int
	Reason    string
	Comment   string
	// Serials and Lots shipped on the original order line: the hub's list
	// and what this station picked. Empty maps mean nothing is on record.
	Serials       map[string]bool
	Lots          map[string]bool
	CaptureSerial bool
	CaptureLot    bool
	HomeBin       string // where the product is usually stocked, suggested for restocking
}

// ItemStatus is where a received unit is in inspection.
type ItemStatus string

const (
	ItemReceived  ItemStatus = "received"  // scanned, in the inspector's hand
	ItemInspected ItemStatus = "inspected" // graded and decided
	ItemRestocked ItemStatus = "restocked" // back in a bin
)

// Item is one unit the inspector scanned, matched to a line or flagged.
type Item struct {
	ID         int64
	LineID     int64 // 0 for a unit that matches no announced line
	ProductID  int64 // 0 for a barcode not known here
	SKU        string
	Name       string
	Category   string
	GTIN       string
	Serial     string
	Lot        string
	Flag       core.ReturnFlag // "" when the unit matched its line
	FlagDetail string          // what the flag is about, in English (the hub's events)
	FlagText   FlagText        // the same, for the screens to word
	Status     ItemStatus

	Grade        core.Grade
	RuleID       int64
	Disposition  core.Disposition
	RefundPct    int
	RefundReason string
	Overridden   bool
	BinCode      string // where it was restocked
	HomeBin      string
}

// Restockable reports whether the unit can go back to a bin.
func (it Item) Restockable() bool { return it.ProductID != 0 }

// Inspection is one return being inspected: what was announced, what has
// been received so far, and the rules that decide.
type Inspection struct {
	ID              int64
	RMA             string
	OrderRef        string
	Customer        core.Customer
	Status          core.ReturnStatus
	Unexpected      bool
	DeliveredAt     time.Time // zero when unknown: counted as delivered today
	ShippedWeightG  int
	ReceivedWeightG int // 0 until the parcel is weighed
	// CustomerReturns is how many returns the customer made in the policy
	// window: the larger of the hub's count and this station's.
	CustomerReturns int

	Lines []Line
	Items []Item

	Rules      Rules
	Policy     Policy
	Checklists map[string][]string // by category; "" for any other

	Refund *Refund    // proposed (held) or decided refund; nil before finishing
	Flags  []FlagNote // the fraud signals found when finishing
}

// StepKind is what the inspector must do next.
type StepKind string

const (
	StepItem    StepKind = "item"    // scan the next item out of the parcel
	StepGrade   StepKind = "grade"   // grade the item in hand (1 to 5) and confirm
	StepRestock StepKind = "restock" // put the item in a bin and scan the bin
	StepFinish  StepKind = "finish"  // everything announced is inspected: finish
	StepHeld    StepKind = "held"    // finished, waiting for a supervisor
	StepDone    StepKind = "done"    // the refund decision went to the hub
)

// Step is the next thing to do, for the screen.
type Step struct {
	Kind    StepKind
	Item    *Item // the item in hand, for StepGrade and StepRestock
	Missing int   // announced units not received yet
}

// Next returns the step the inspection is at.
func (in *Inspection) Next() Step {
	switch in.Status {
	case core.ReturnHeld:
		return Step{Kind: StepHeld, Missing: in.Missing()}
	case core.ReturnInspected, core.ReturnCancelled:
		return Step{Kind: StepDone}
	}
	for i := range in.Items {
		if in.Items[i].Status == ItemReceived {
			return Step{Kind: StepGrade, Item: &in.Items[i], Missing: in.Missing()}
		}
	}
	for i := range in.Items {
		if it := &in.Items[i]; it.Status == ItemInspected && it.Disposition == core.DispositionRestock {
			return Step{Kind: StepRestock, Item: it, Missing: in.Missing()}
		}
	}
	missing := in.Missing()
	if missing == 0 && len(in.Lines) > 0 {
		return Step{Kind: StepFinish}
	}
	return Step{Kind: StepItem, Missing: missing}
}

// Received returns how many units matched a line.
func (in *Inspection) Received(lineID int64) int {
	n := 0
	for _, it := range in.Items {
		if it.LineID == lineID {
			n++
		}
	}
	return n
}

// Remaining returns how many announced units of a line are still to come.
func (in *Inspection) Remaining(l *Line) int { return max(l.Qty-in.Received(l.ID), 0) }

// Missing returns how many announced units have not been received.
func (in *Inspection) Missing() int {
	n := 0
	for i := range in.Lines {
		n += in.Remaining(&in.Lines[i])
	}
	return n
}

// Line returns the line with the given id, or nil.
func (in *Inspection) Line(id int64) *Line {
	for i := range in.Lines {
		if in.Lines[i].ID == id {
			return &in.Lines[i]
		}
	}
	return nil
}

// Item returns the item with the given id, or nil.
func (in *Inspection) Item(id int64) *Item {
	for i := range in.Items {
		if in.Items[i].ID == id {
			return &in.Items[i]
		}
	}
	return nil
}

// DaysSinceDelivery counts whole days from delivery to now; 0 when the
// delivery date is unknown.
func (in *Inspection) DaysSinceDelivery(now time.Time) int {
	if in.DeliveredAt.IsZero() || now.Before(in.DeliveredAt) {
		return 0
	}
	return int(now.Sub(in.DeliveredAt) / (24 * time.Hour))
}

// ExpectedWeightG is what the announced items should weigh: the shipped
// weight when the hub sent one, else the products' weights added up.
func (in *Inspection) ExpectedWeightG() int {
	if in.ShippedWeightG > 0 {
		return in.ShippedWeightG
	}
	g := 0
	for _, l := range in.Lines {
		g += l.WeightG * l.Qty
	}
	return g
}

// Propose returns what the rules say for an item at a grade, and the
// decision that stands before any override: a flagged item is held for a
// supervisor with no refund, whatever the rules say.
func (in *Inspection) Propose(it *Item, g core.Grade, now time.Time) (rule, final Decision) {
	f := Facts{Grade: g, Category: it.Category, Days: in.DaysSinceDelivery(now)}
	if l := in.Line(it.LineID); l != nil {
		f.Reason = l.Reason
	} else if in.Unexpected {
		f.Reason = core.ReasonUnexpected
	}
	rule = in.Rules.Decide(f)
	final = rule
	if it.Flag != "" {
		final = Decision{RuleID: rule.RuleID, Disposition: core.DispositionHold, Matched: rule.Matched,
			Note: FlaggedNote(it.Flag)}
	}
	if final.Disposition == core.DispositionRestock && !it.Restockable() {
		final.Disposition = core.DispositionHold
	}
	return rule, final
}
