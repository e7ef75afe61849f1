// Package pick is the picking workflow as a state machine: given a batch's
// state and one scan or action, it decides what changes (an Effect) or why
// nothing may change (a core error). It never touches storage; core/sqlite
// loads the Batch, asks it, and commits the Effect with its event.
package pick

import "github.com/stationhand/stationhand/core"

// Task is one stop on the pick list: a quantity of one order line from one
// bin.
type Task struct {
	ID        int64
	OrderID   int64
	OrderRef  string
	LineID    int64
	Seq       int
	BinID     int64
	BinCode   string
	ProductID int64
	SKU       string
	Name      string
	GTIN      string // the product's first code, for training mode
	Qty       int
	Picked    int
	Short     int

	CaptureLot    bool
	CaptureSerial bool
	CaptureExpiry bool
}

// Remaining is how many units are still to pick.
func (t Task) Remaining() int { return t.Qty - t.Picked - t.Short }

// Done reports whether nothing is left to do on the task.
func (t Task) Done() bool { return t.Remaining() <= 0 }

// Order is one order of a batch and the tote it goes into.
type Order struct {
	ID     int64
	Ref    string
	Tote   string // "" until the picker scans a tote for it
	Status core.OrderStatus
}

// Action is something the picker did that Undo can reverse.
type Action struct {
	ID     int64
	TaskID int64
	Kind   string // "pick" or "short"
	Qty    int
}

// Batch is a picker's work: one or more orders, their tasks in walking
// order, and where the picker is.
type Batch struct {
	ID      string
	StaffID int64
	Orders  []Order
	Tasks   []Task // sorted by Seq: the walking order

	ConfirmedTaskID  int64 // the task whose bin was scanned
	AwaitToteOrderID int64 // cluster picking: the item in hand goes to this order's tote
	LastAction       *Action
	UsedSerials      map[string]bool // serials already picked in this batch
}

func (b *Batch) order(id int64) *Order {
	for i := range b.Orders {
		if b.Orders[i].ID == id {
			return &b.Orders[i]
		}
	}
	return nil
}

func (b *Batch) task(id int64) *Task {
	for i := range b.Tasks {
		if b.Tasks[i].ID == id {
			return &b.Tasks[i]
		}
	}
	return nil
}

// Current returns the task to work on next, skipping done tasks and tasks of
// cancelled orders, or nil when the batch is finished.
func (b *Batch) Current() *Task {
	for i := range b.Tasks {
		t := &b.Tasks[i]
		if t.Done() {
			continue
		}
		if o := b.order(t.OrderID); o != nil && o.Status == core.OrderCancelled {
			continue
		}
		return t
	}
	return nil
}

// OrderDone reports whether every task of the order is done and nothing of
// it is still in the picker's hand.
func (b *Batch) OrderDone(orderID int64) bool {
	if b.AwaitToteOrderID == orderID {
		return false
	}
	for _, t := range b.Tasks {
		if t.OrderID == orderID && !t.Done() {
			return false
		}
	}
	return true
}

// Cluster reports whether the batch picks several orders at once, so every
// item must be put into its order's tote by scanning the tote.
func (b *Batch) Cluster() bool { return len(b.Orders) > 1 }

// Progress returns how many units are done (picked or short) and how many
// the batch has in all.
func (b *Batch) Progress() (done, total int) {
	for _, t := range b.Tasks {
		done += t.Picked + t.Short
		total += t.Qty
	}
	return done, total
}

// StepKind is what the picker must do next.
type StepKind string

const (
	StepTote StepKind = "tote" // scan an empty tote for an order (or, in a cluster, the tote for the item in hand)
	StepBin  StepKind = "bin"  // go to the bin and scan it
	StepItem StepKind = "item" // scan the item (repeatedly, or once and type the count)
	StepDone StepKind = "done" // the batch is finished
)

// Step describes the next thing to do, for the screen.
type Step struct {
	Kind  StepKind
	Task  *Task  // the task at hand, nil for StepDone and tote assignment
	Order *Order // the order whose tote is wanted, for StepTote
	// Expect lists the scans that would be right now, for training mode.
	Expect []string
	// ToteToAssign is true when the order needs a tote assigned (any empty
	// tote will do), false when the item in hand goes to its known tote.
	ToteToAssign bool
}

// Next returns the step the picker is at.
func (b *Batch) Next() Step {
	for i := range b.Orders {
		o := &b.Orders[i]
		if o.Tote == "" && o.Status != core.OrderCancelled {
			return Step{Kind: StepTote, Order: o, ToteToAssign: true}
		}
	}
	if b.AwaitToteOrderID != 0 {
		if o := b.order(b.AwaitToteOrderID); o != nil {
			return Step{Kind: StepTote, Order: o, Expect: []string{ToteCode(o.Tote)}}
		}
	}
	t := b.Current()
	if t == nil {
		return Step{Kind: StepDone}
	}
	if b.ConfirmedTaskID != t.ID && !b.binConfirmedFor(t) {
		return Step{Kind: StepBin, Task: t, Expect: []string{BinCode(t.BinCode)}}
	}
	return Step{Kind: StepItem, Task: t, Expect: []string{t.GTIN}}
}

// binConfirmedFor reports whether the confirmed task was at the same bin as
// t: the picker is standing there already and need not scan it again.
func (b *Batch) binConfirmedFor(t *Task) bool {
	c := b.task(b.ConfirmedTaskID)
	return c != nil && c.BinID == t.BinID
}

// Barcode prefixes for the station's own labels, as scan.DefaultPrefixes.
// Used only to show the expected scans in training mode.
var (
	BinCode  = func(code string) string { return "BIN-" + code }
	ToteCode = func(code string) string { return "TOTE-" + code }
)
