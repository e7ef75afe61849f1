package pickup

import (
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// Reasons units of a pickup order go back to stock.
const (
	RestockRefused = "refused" // the customer refused them at handoff
	RestockExpired = "expired" // the order was not collected in time
)

// RestockTask is units of one order line to put back into a bin.
type RestockTask struct {
	ID        int64
	LineID    int64
	ProductID int64
	SKU       string
	Name      string
	GTIN      string // the code printed on the item, for training
	HomeBin   string // a bin that holds the product already: where it lives
	Qty       int
	Done      int
	Reason    string // RestockRefused or RestockExpired
}

// Remaining is how many units are still to put back.
func (t RestockTask) Remaining() int { return t.Qty - t.Done }

// Restock is the return to stock of one order's refused or expired units:
// scan a bin, then each unit that goes into it.
type Restock struct {
	OrderRef string
	Tasks    []RestockTask
	BinID    int64 // the bin the person stands at; 0 until scanned
	BinCode  string
}

// RestockStepKind is what the person must do next.
type RestockStepKind string

const (
	RestockBin  RestockStepKind = "bin"  // go to a bin and scan it
	RestockItem RestockStepKind = "item" // scan a unit into the bin (or another bin)
	RestockDone RestockStepKind = "done" // everything is back
)

// RestockStep describes the next thing to do, for the screen.
type RestockStep struct {
	Kind RestockStepKind
	Task *RestockTask // the first task with units left
}

// Next returns the step the return to stock is at: at a bin, the units
// that live there first; then the next unit and the bin where it lives.
// A unit may go into any stock bin all the same (Scan takes it wherever the
// person stands); the step says where it belongs.
func (r *Restock) Next() RestockStep {
	if r.BinID != 0 {
		for i := range r.Tasks {
			if t := &r.Tasks[i]; t.Remaining() > 0 && t.HomeBin == r.BinCode {
				return RestockStep{Kind: RestockItem, Task: t}
			}
		}
	}
	for i := range r.Tasks {
		if t := &r.Tasks[i]; t.Remaining() > 0 {
			if r.BinID == 0 || t.HomeBin != "" && t.HomeBin != r.BinCode {
				return RestockStep{Kind: RestockBin, Task: t}
			}
			return RestockStep{Kind: RestockItem, Task: t}
		}
	}
	return RestockStep{Kind: RestockDone}
}

// Left returns how many units are still to put back.
func (r *Restock) Left() int {
	n := 0
	for _, t := range r.Tasks {
		n += t.Remaining()
	}
	return n
}

// RestockInput is one scan, with what the store knows about the code.
type RestockInput struct {
	Code      scan.Code
	ProductID int64  // the product an item code belongs to here; 0 if unknown
	BinID     int64  // the bin a bin code names; 0 if unknown
	BinZone   string // its zone
	Now       time.Time
}

// Scan decides what a scan does: a bin is where the next units go; an item
// is one unit into that bin.
func (r *Restock) Scan(in RestockInput) (Effect, error) {
	if r.Next().Kind == RestockDone {
		return Effect{}, core.Errorf(core.ECONFLICT, "restock_done", "Everything of order %s is back in stock.", r.OrderRef)
	}
	switch in.Code.Kind {
	case scan.KindBin:
		code := in.Code.ID
		if in.BinID == 0 {
			return Effect{}, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Bin %s is not known here.", code)
		}
		if IsHoldShelf(in.BinZone) {
			return Effect{}, core.Errorf(core.ECONFLICT, core.ErrNotHoldShelf.Reason, "%s is a hold shelf: stock goes back into a stock bin.", code)
		}
		return Effect{Kind: EffectRestockBin, ShelfID: in.BinID, ShelfCode: code}, nil
	case scan.KindGTIN, scan.KindGS1:
		if in.ProductID == 0 {
			return Effect{}, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Item %s is not known here.", in.Code.GTIN)
		}
		var task *RestockTask
		for i := range r.Tasks {
			if r.Tasks[i].ProductID == in.ProductID && r.Tasks[i].Remaining() > 0 {
				task = &r.Tasks[i]
				break
			}
		}
		if task == nil {
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrWrongItem.Reason, fmt.Sprintf("That item is not one to put back for order %s.", r.OrderRef))
		}
		if r.BinID == 0 {
			hint := ""
			if task.HomeBin != "" {
				hint = fmt.Sprintf(" %s lives in bin %s.", task.Name, task.HomeBin)
			}
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrBinNotConfirmed.Reason, "Scan the bin you put it in first."+hint)
		}
		return Effect{Kind: EffectRestock, TaskID: task.ID, LineID: task.LineID, Qty: 1, ShelfID: r.BinID, ShelfCode: r.BinCode, At: in.Now}, nil
	}
	return Effect{}, core.Errorf(core.ECONFLICT, "unexpected_scan", "Not now. Scan a stock bin, then each item you put in it.")
}

// Apply changes the return to stock as the effect says. Call it after the
// effect was committed.
func (r *Restock) Apply(e Effect) {
	switch e.Kind {
	case EffectRestockBin:
		r.BinID, r.BinCode = e.ShelfID, e.ShelfCode
	case EffectRestock:
		for i := range r.Tasks {
			if r.Tasks[i].ID == e.TaskID {
				r.Tasks[i].Done += e.Qty
			}
		}
	}
}
