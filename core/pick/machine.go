package pick

import (
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// Input is one scan, with what the store knows about the scanned code.
type Input struct {
	Code        scan.Code
	ProductID   int64  // the product an item code belongs to here; 0 if unknown
	ProductName string // its name, to tell the picker what they scanned
	BinID       int64  // the bin a bin code names; 0 if unknown
	ToteOrderID int64  // the open order a scanned tote holds; 0 if the tote is empty
	Now         time.Time
}

// EffectKind says what an accepted scan or action changes.
type EffectKind string

const (
	EffectNone       EffectKind = ""            // accepted, nothing to record (a bin scanned again)
	EffectAssignTote EffectKind = "assign_tote" // an empty tote now holds an order
	EffectConfirmBin EffectKind = "confirm_bin" // the picker is at the task's bin
	EffectPick       EffectKind = "pick"        // units taken from the bin
	EffectPutInTote  EffectKind = "put_in_tote" // cluster picking: the unit in hand went into its tote
	EffectShort      EffectKind = "short"       // the rest of the task cannot be picked
	EffectUndo       EffectKind = "undo"        // the last pick or short reversed
)

// Effect is the change an accepted input makes. The store persists it with
// its event in one transaction, then calls Batch.Apply.
type Effect struct {
	Kind    EffectKind
	TaskID  int64
	OrderID int64
	Tote    string
	Qty     int
	Lot     string
	Serial  string
	Expiry  time.Time
	Reason  string
	Undone  *Action // for EffectUndo
}

// Short-pick reasons a picker can give.
const (
	ShortEmptyBin = "empty_bin"
	ShortDamaged  = "damaged"
	ShortNotFound = "not_found"
)

// ShortReasons lists the valid short-pick reasons with their labels.
var ShortReasons = []struct{ Key, Label string }{
	{ShortEmptyBin, "Bin is empty"},
	{ShortDamaged, "Item damaged"},
	{ShortNotFound, "Cannot find it"},
}

// Scan decides what a scan does at the current step.
func (b *Batch) Scan(in Input) (Effect, error) {
	step := b.Next()
	switch in.Code.Kind {
	case scan.KindTote:
		return b.scanTote(step, in)
	case scan.KindBin:
		return b.scanBin(step, in)
	case scan.KindGTIN, scan.KindGS1:
		return b.scanItem(step, in)
	case scan.KindQuantity:
		return b.typeQuantity(step, in)
	}
	return Effect{}, b.notNow(step)
}

func (b *Batch) scanTote(step Step, in Input) (Effect, error) {
	tote := in.Code.ID
	switch {
	case step.Kind == StepTote && step.ToteToAssign:
		if in.ToteOrderID != 0 && in.ToteOrderID != step.Order.ID {
			return Effect{}, core.Errorf(core.ECONFLICT, core.ErrToteInUse.Reason, "Tote %s already holds another order. Take an empty tote.", tote)
		}
		for _, o := range b.Orders {
			if o.Tote == tote && o.ID != step.Order.ID {
				return Effect{}, core.Errorf(core.ECONFLICT, core.ErrToteInUse.Reason, "Tote %s is already used for order %s in this batch.", tote, o.Ref)
			}
		}
		return Effect{Kind: EffectAssignTote, OrderID: step.Order.ID, Tote: tote}, nil
	case step.Kind == StepTote:
		if tote != step.Order.Tote {
			return Effect{}, core.Errorf(core.ECONFLICT, core.ErrWrongTote.Reason, "Wrong tote: %s is not for order %s. Put the item in tote %s.", tote, step.Order.Ref, step.Order.Tote)
		}
		return Effect{Kind: EffectPutInTote, OrderID: step.Order.ID, Tote: tote}, nil
	}
	if in.ToteOrderID != 0 && b.order(in.ToteOrderID) == nil {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrWrongTote.Reason, "Tote %s belongs to another order, not to this pick.", tote)
	}
	return Effect{}, b.notNow(step)
}

func (b *Batch) scanBin(step Step, in Input) (Effect, error) {
	switch step.Kind {
	case StepBin, StepItem:
	default:
		return Effect{}, b.notNow(step)
	}
	t := step.Task
	if in.BinID == 0 {
		return Effect{}, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Bin %s is not known here.", in.Code.ID)
	}
	if in.BinID != t.BinID {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrWrongBin.Reason, "Wrong bin: this is %s. Go to bin %s.", in.Code.ID, t.BinCode)
	}
	if step.Kind == StepItem {
		return Effect{Kind: EffectNone, TaskID: t.ID}, nil
	}
	return Effect{Kind: EffectConfirmBin, TaskID: t.ID, OrderID: t.OrderID}, nil
}

func (b *Batch) scanItem(step Step, in Input) (Effect, error) {
	if step.Kind == StepTote {
		return Effect{}, b.notNow(step)
	}
	if step.Kind == StepDone {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrOverPick.Reason, "This pick is finished: nothing more to pick.")
	}
	t := step.Task
	if in.ProductID == 0 {
		return Effect{}, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Item %s is not known here. Pick %s.", in.Code.GTIN, t.Name)
	}
	if in.ProductID != t.ProductID {
		if last := b.lastPickedTask(); last != nil && last.ProductID == in.ProductID && last.Done() {
			return Effect{}, core.Errorf(core.ECONFLICT, core.ErrOverPick.Reason, "One too many: all %d × %s are picked. Put it back.", last.Picked, last.Name)
		}
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrWrongItem.Reason, "Wrong item: this is %s. Pick %s.", nameOr(in.ProductName, in.Code.GTIN), t.Name)
	}
	if step.Kind == StepBin {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrBinNotConfirmed.Reason, "Scan bin %s first, then the item.", t.BinCode)
	}
	c := in.Code
	var missing []string
	if t.CaptureLot && c.Lot == "" {
		missing = append(missing, "lot")
	}
	if t.CaptureSerial && c.Serial == "" {
		missing = append(missing, "serial number")
	}
	if t.CaptureExpiry && c.Expiry.IsZero() {
		missing = append(missing, "expiry date")
	}
	if len(missing) > 0 {
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrCaptureRequired.Reason, fmt.Sprintf("%s needs its %s: scan the GS1 barcode on the item, not the shelf code.", t.Name, joinAnd(missing)), t.Name)
	}
	if c.Serial != "" && b.UsedSerials[c.Serial] {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrDuplicateSerial.Reason, "Serial %s was already picked. Scan a different unit.", c.Serial)
	}
	if !c.Expiry.IsZero() && !in.Now.IsZero() && c.Expiry.Before(startOfDay(in.Now)) {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrExpired.Reason, "This unit expired on %s. Do not ship it: take another one.", c.Expiry.Format("2006-01-02"))
	}
	return Effect{Kind: EffectPick, TaskID: t.ID, OrderID: t.OrderID, Qty: 1, Lot: c.Lot, Serial: c.Serial, Expiry: c.Expiry}, nil
}

// typeQuantity handles a count typed after scanning one unit: "I have N of
// these in hand for this line".
func (b *Batch) typeQuantity(step Step, in Input) (Effect, error) {
	t := b.lastPickedTask()
	if t == nil || (step.Kind != StepItem && step.Kind != StepTote) || (step.Task != nil && step.Task.ID != t.ID) {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrBadQuantity.Reason, "Scan one unit of the item first, then type how many you have.")
	}
	if step.Kind == StepTote && (step.ToteToAssign || step.Order.ID != t.OrderID) {
		return Effect{}, b.notNow(step)
	}
	if t.CaptureSerial || t.CaptureLot || t.CaptureExpiry {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrBadQuantity.Reason, "%s must be scanned unit by unit (its lot, serial or expiry is recorded).", t.Name)
	}
	n := in.Code.Quantity
	if n > t.Qty-t.Short {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrOverPick.Reason, "Too many: the line needs %d × %s.", t.Qty-t.Short, t.Name)
	}
	if n <= t.Picked {
		return Effect{}, core.Errorf(core.EINVALID, core.ErrBadQuantity.Reason, "You already have %d × %s. Type the total you have in hand, more than %d.", t.Picked, t.Name, t.Picked)
	}
	return Effect{Kind: EffectPick, TaskID: t.ID, OrderID: t.OrderID, Qty: n - t.Picked}, nil
}

// Short marks the rest of the current task as not pickable.
func (b *Batch) Short(reason string) (Effect, error) {
	valid := false
	for _, r := range ShortReasons {
		valid = valid || r.Key == reason
	}
	if !valid {
		return Effect{}, core.Errorf(core.EINVALID, "bad_reason", "Choose why the item cannot be picked.")
	}
	step := b.Next()
	if step.Kind != StepBin && step.Kind != StepItem {
		return Effect{}, b.notNow(step)
	}
	t := step.Task
	return Effect{Kind: EffectShort, TaskID: t.ID, OrderID: t.OrderID, Qty: t.Remaining(), Reason: reason}, nil
}

// Undo reverses the last pick or short.
func (b *Batch) Undo() (Effect, error) {
	if b.LastAction == nil {
		return Effect{}, core.ErrNothingToUndo
	}
	t := b.task(b.LastAction.TaskID)
	return Effect{Kind: EffectUndo, TaskID: t.ID, OrderID: t.OrderID, Qty: b.LastAction.Qty, Undone: b.LastAction}, nil
}

// Apply changes the batch as the effect says. Call it after the effect was
// committed.
func (b *Batch) Apply(e Effect) {
	switch e.Kind {
	case EffectAssignTote:
		b.order(e.OrderID).Tote = e.Tote
	case EffectConfirmBin:
		b.ConfirmedTaskID = e.TaskID
	case EffectPick:
		b.task(e.TaskID).Picked += e.Qty
		if b.Cluster() {
			b.AwaitToteOrderID = e.OrderID
		}
		if e.Serial != "" {
			if b.UsedSerials == nil {
				b.UsedSerials = map[string]bool{}
			}
			b.UsedSerials[e.Serial] = true
		}
		b.LastAction = &Action{TaskID: e.TaskID, Kind: "pick", Qty: e.Qty}
	case EffectPutInTote:
		b.AwaitToteOrderID = 0
	case EffectShort:
		b.task(e.TaskID).Short += e.Qty
		b.LastAction = &Action{TaskID: e.TaskID, Kind: "short", Qty: e.Qty}
	case EffectUndo:
		t := b.task(e.TaskID)
		if e.Undone.Kind == "pick" {
			t.Picked -= e.Qty
			b.AwaitToteOrderID = 0
		} else {
			t.Short -= e.Qty
		}
		b.LastAction = nil // the store reloads the one before, if any
	}
}

func (b *Batch) lastPickedTask() *Task {
	if b.LastAction == nil || b.LastAction.Kind != "pick" {
		return nil
	}
	return b.task(b.LastAction.TaskID)
}

// notNow explains what the picker should scan instead.
func (b *Batch) notNow(step Step) error {
	var want string
	switch step.Kind {
	case StepTote:
		if step.ToteToAssign {
			want = fmt.Sprintf("Scan an empty tote for order %s.", step.Order.Ref)
		} else {
			want = fmt.Sprintf("Put the item in tote %s and scan the tote.", step.Order.Tote)
		}
		return core.Explained(core.ECONFLICT, core.ErrToteExpected.Reason, "Not now. "+want)
	case StepBin:
		want = fmt.Sprintf("Go to bin %s and scan it.", step.Task.BinCode)
	case StepItem:
		want = fmt.Sprintf("Scan %s.", step.Task.Name)
	default:
		want = "This pick is finished."
	}
	return core.Explained(core.ECONFLICT, "unexpected_scan", "Not now. "+want)
}

func nameOr(name, fallback string) string {
	if name != "" {
		return name
	}
	return fallback
}

func joinAnd(items []string) string {
	switch len(items) {
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return items[0] + ", " + joinAnd(items[1:])
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
