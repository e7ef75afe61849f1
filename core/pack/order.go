// Package pack is the packing workflow as a state machine: given an order's
// packing state and one scan or action, it decides what changes (an Effect)
// or why nothing may change (a core error). It never touches storage;
// core/sqlite loads the Order, asks it, commits the Effect with its event
// (allocating the SSCC when a package closes) and then calls Apply.
//
// Packing verifies every picked unit by scanning it into a package. An
// order ships in Planned packages (one unless the packer says more); each
// closes with a carton and a weight, and gets an SSCC and a label. The last
// package to close packs the order.
package pack

import (
	"slices"

	"github.com/stationhand/stationhand/core"
)

// Line is one order line as the packer sees it: what was ordered, what
// picking found (or did not: Short), and how much of it is packed.
type Line struct {
	ID          int64
	LineNo      int
	ProductID   int64
	SKU         string
	Name        string
	GTIN        string // the code printed on the item, for training mode
	Ordered     int
	Picked      int // what came from picking: what must go into packages
	Short       int // what picking could not find; shown, never packed
	ShortReason string
	Packed      int // units in packages, closed or open

	WeightG, LengthMM, WidthMM, HeightMM int

	// CaptureSerial lines are scanned by their GS1 code with the serial;
	// Serials lists the serials picked for the line, which are the only
	// units that may go in (empty: not checked).
	CaptureSerial bool
	Serials       []string
}

// Remaining is how many picked units are not in a package yet.
func (l Line) Remaining() int { return l.Picked - l.Packed }

// Item is a quantity of one line scanned into a package.
type Item struct {
	ID     int64
	LineID int64
	Qty    int
	Serial string
	Lot    string
}

// Box is one package of the order: open while the packer fills it, closed
// with its carton, weight and SSCC.
type Box struct {
	ID      int64
	Seq     int // package Seq of the order's Planned
	Closed  bool
	Carton  string
	WeightG int
	SSCC    string
	Items   []Item // in the order they were scanned
}

// Units is how many units the box holds.
func (b Box) Units() int {
	n := 0
	for _, it := range b.Items {
		n += it.Qty
	}
	return n
}

// Order is an order's packing state.
type Order struct {
	ID          int64
	Ref         string
	Status      core.OrderStatus
	Fulfillment core.Fulfillment
	Tote        string // the tote it came in, "" if none
	StaffID     int64  // who is packing it
	Planned     int    // how many packages it ships in; at least 1
	Lines       []Line
	Boxes       []Box // closed boxes in order, then at most one open box
	// WeightTolerancePct is how far, in per cent of the contents' product
	// weights, a package's weight may be from what it should weigh (plus
	// its carton's tare spread); 0 means DefaultWeightTolerancePct, a
	// negative value turns the check off.
	WeightTolerancePct int
}

func (o *Order) line(id int64) *Line {
	for i := range o.Lines {
		if o.Lines[i].ID == id {
			return &o.Lines[i]
		}
	}
	return nil
}

// Open returns the package being filled, or nil when there is none.
func (o *Order) Open() *Box {
	if n := len(o.Boxes); n > 0 && !o.Boxes[n-1].Closed {
		return &o.Boxes[n-1]
	}
	return nil
}

// Closed returns how many packages are closed.
func (o *Order) Closed() int {
	n := 0
	for _, b := range o.Boxes {
		if b.Closed {
			n++
		}
	}
	return n
}

// Current is the number of the package being filled: the open one, or the
// next one to open.
func (o *Order) Current() int {
	if b := o.Open(); b != nil {
		return b.Seq
	}
	return o.Closed() + 1
}

// Remaining is how many picked units are not in a package yet.
func (o *Order) Remaining() int {
	n := 0
	for _, l := range o.Lines {
		n += max(l.Remaining(), 0)
	}
	return n
}

// Progress returns how many units are packed and how many must be.
func (o *Order) Progress() (packed, total int) {
	for _, l := range o.Lines {
		packed += l.Packed
		total += l.Picked
	}
	return packed, total
}

// InOpen returns how many units of a line are in the open package.
func (o *Order) InOpen(lineID int64) int {
	b := o.Open()
	if b == nil {
		return 0
	}
	n := 0
	for _, it := range b.Items {
		if it.LineID == lineID {
			n += it.Qty
		}
	}
	return n
}

// StepKind is what the packer must do next.
type StepKind string

const (
	StepItems StepKind = "items" // scan the units into the package (it may be closed early to split the order)
	StepClose StepKind = "close" // everything is in: choose the carton, weigh and close the last package
	StepDone  StepKind = "done"  // the order is packed
)

// Step is the next thing to do, for the screen.
type Step struct {
	Kind     StepKind
	Package  int      // the package being filled
	Packages int      // how many the order ships in
	Expect   []string // the item codes that would be right now, for training mode
}

// Next returns the step the packer is at.
func (o *Order) Next() Step {
	s := Step{Package: o.Current(), Packages: o.Planned}
	switch {
	case o.Status == core.OrderPacked || o.Status == core.OrderShipped:
		s.Kind, s.Package = StepDone, o.Closed()
	case o.Remaining() > 0:
		s.Kind = StepItems
		for _, l := range o.Lines {
			if l.Remaining() > 0 && l.GTIN != "" && !slices.Contains(s.Expect, l.GTIN) {
				s.Expect = append(s.Expect, l.GTIN)
			}
		}
	case o.Open() != nil && o.Open().Units() > 0:
		s.Kind = StepClose
	default:
		s.Kind, s.Package = StepDone, o.Closed()
	}
	return s
}

// LastItem returns the unit scanned last into the open package, or nil.
func (o *Order) LastItem() *Item {
	b := o.Open()
	if b == nil || len(b.Items) == 0 {
		return nil
	}
	return &b.Items[len(b.Items)-1]
}
