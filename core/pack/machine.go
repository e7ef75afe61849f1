package pack

import (
	"fmt"
	"slices"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// MaxPackages is the most packages one order may ship in.
const MaxPackages = 99

// Input is one scan, with what the store knows about the scanned code.
type Input struct {
	Code        scan.Code
	ProductID   int64  // the product an item code belongs to here; 0 if unknown
	ProductName string // its name, to tell the packer what they scanned
	// OtherOrder is another order waiting to be packed that still needs
	// this product ("" if none), and OtherTote its tote: where a unit that
	// is not this order's belongs.
	OtherOrder string
	OtherTote  string
}

// EffectKind says what an accepted scan or action changes.
type EffectKind string

const (
	EffectNone   EffectKind = ""       // accepted, nothing changes
	EffectVerify EffectKind = "verify" // units scanned into the open package (opening it if needed)
	EffectRemove EffectKind = "remove" // the last scanned units taken out of the open package
	EffectPlan   EffectKind = "plan"   // the number of packages changed
	EffectClose  EffectKind = "close"  // the open package closed with its carton and weight
)

// Effect is the change an accepted input makes. The store persists it with
// its event in one transaction, fills in the ids and the SSCC it
// allocated, then calls Order.Apply.
type Effect struct {
	Kind    EffectKind
	Package int // the package concerned

	// EffectVerify and EffectRemove.
	LineID int64
	ItemID int64 // the item row: set by the store for EffectVerify
	BoxID  int64 // the package row: set by the store for EffectVerify
	Qty    int
	Serial string
	Lot    string
	NewBox bool // EffectVerify: this unit opens package Package

	// EffectPlan and EffectClose: how many packages the order ships in.
	Packages int
	// EffectPlan: closed packages whose labels must be printed again
	// because the count on them changed.
	Relabel []int

	// EffectClose.
	Carton  core.Carton
	WeightG int
	Final   bool   // the last package: the order is packed
	SSCC    string // set by the store
	// WeightAcceptedBy is the supervisor who accepted a weight outside
	// the expected window; 0 when it was inside.
	WeightAcceptedBy int64
}

// Scan decides what a scan does.
func (o *Order) Scan(in Input) (Effect, error) {
	if err := o.workable(); err != nil {
		return Effect{}, err
	}
	switch in.Code.Kind {
	case scan.KindGTIN, scan.KindGS1:
		return o.scanItem(in)
	case scan.KindQuantity:
		return o.typeQuantity(in.Code.Quantity)
	}
	return Effect{}, o.notNow()
}

// workable refuses any change to an order that is cancelled, packed, or
// back in picking (a picker undid a unit).
func (o *Order) workable() error {
	switch o.Status {
	case core.OrderCancelled:
		return core.Errorf(core.ECONFLICT, core.ErrOrderCancelled.Reason, "Order %s was cancelled: do not ship it. Take it to the exceptions shelf.", o.Ref)
	case core.OrderPacked, core.OrderShipped:
		return core.Errorf(core.ECONFLICT, "unexpected_scan", "Order %s is packed. Scan the next order or tote.", o.Ref)
	case core.OrderOpen, core.OrderPicking:
		return core.Errorf(core.ECONFLICT, core.ErrOrderNotPicked.Reason, "Order %s is being picked again: finish its picking before packing it.", o.Ref)
	}
	return nil
}

func (o *Order) scanItem(in Input) (Effect, error) {
	if in.ProductID == 0 {
		return Effect{}, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Item %s is not known here. Check the item; it may not belong to this order.", in.Code.GTIN)
	}
	var mine []*Line
	for i := range o.Lines {
		if o.Lines[i].ProductID == in.ProductID {
			mine = append(mine, &o.Lines[i])
		}
	}
	name := nameOr(in.ProductName, in.Code.GTIN)
	elsewhere := ""
	if in.OtherOrder != "" {
		elsewhere = " It belongs to order " + in.OtherOrder
		if in.OtherTote != "" {
			elsewhere += " (tote " + in.OtherTote + ")"
		}
		elsewhere += ": put it back there."
	}
	if len(mine) == 0 {
		if in.OtherOrder != "" {
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrOtherOrderItem.Reason, fmt.Sprintf("%s is not in order %s.%s", name, o.Ref, elsewhere), name, o.Ref)
		}
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrWrongItem.Reason, fmt.Sprintf("Wrong item: %s is not in order %s. Take it out and set it aside.", name, o.Ref), name)
	}
	var l *Line
	for _, x := range mine {
		if x.Remaining() > 0 {
			l = x
			break
		}
	}
	if l == nil {
		x := mine[0]
		if x.Picked == 0 && x.Short > 0 {
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrExtraItem.Reason, fmt.Sprintf("%s was short at picking: none of it should be here.%s", x.Name, orAside(elsewhere)), x.Name)
		}
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrExtraItem.Reason, fmt.Sprintf("One too many: all %d × %s are packed.%s", x.Packed, x.Name, orAside(elsewhere)), x.Packed, x.Name)
	}
	c := in.Code
	if l.CaptureSerial {
		if c.Serial == "" {
			return Effect{}, core.Errorf(core.ECONFLICT, core.ErrCaptureRequired.Reason, "%s is serialised: scan the GS1 barcode with its serial number, not the plain product code.", l.Name)
		}
		if o.serialPacked(c.Serial) {
			return Effect{}, core.Errorf(core.ECONFLICT, core.ErrDuplicateSerial.Reason, "Serial %s is already packed. Scan another unit.", c.Serial)
		}
		if len(l.Serials) > 0 && !slices.Contains(l.Serials, c.Serial) {
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrWrongItem.Reason, fmt.Sprintf("Wrong unit: serial %s was not picked for order %s. Scan the unit from its tote.", c.Serial, o.Ref), c.Serial)
		}
	}
	e := Effect{Kind: EffectVerify, Package: o.Current(), LineID: l.ID, Qty: 1, Serial: c.Serial, Lot: c.Lot}
	e.NewBox = o.Open() == nil
	return e, nil
}

func (o *Order) serialPacked(serial string) bool {
	for _, b := range o.Boxes {
		for _, it := range b.Items {
			if it.Serial == serial {
				return true
			}
		}
	}
	return false
}

// typeQuantity handles a count typed after scanning one unit: "this
// package holds n of these".
func (o *Order) typeQuantity(n int) (Effect, error) {
	last := o.LastItem()
	if last == nil {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrBadQuantity.Reason, "Scan one unit of the item first, then type how many go in this package.")
	}
	l := o.line(last.LineID)
	if l.CaptureSerial {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrBadQuantity.Reason, "%s is serialised: scan every unit.", l.Name)
	}
	have := o.InOpen(l.ID)
	if n <= have {
		return Effect{}, core.Errorf(core.EINVALID, core.ErrBadQuantity.Reason, "Package %d already holds %d × %s. Type the total it holds, more than %d.", o.Current(), have, l.Name, have)
	}
	if n-have > l.Remaining() {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrExtraItem.Reason, "Too many: only %d more × %s are to pack, so this package can hold at most %d.", l.Remaining(), l.Name, have+l.Remaining())
	}
	return Effect{Kind: EffectVerify, Package: o.Current(), LineID: l.ID, Qty: n - have}, nil
}

// Remove takes the last scanned units out of the open package again.
func (o *Order) Remove() (Effect, error) {
	if err := o.workable(); err != nil {
		return Effect{}, err
	}
	last := o.LastItem()
	if last == nil {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrNothingToUndo.Reason, "There is nothing to take out: package %d is empty.", o.Current())
	}
	return Effect{Kind: EffectRemove, Package: o.Current(), LineID: last.LineID, ItemID: last.ID, Qty: last.Qty, Serial: last.Serial}, nil
}

// Plan sets how many packages the order ships in. Labels already printed
// for closed packages say "n of" the old count: the effect lists them for
// printing again.
func (o *Order) Plan(n int) (Effect, error) {
	if err := o.workable(); err != nil {
		return Effect{}, err
	}
	if n < 1 || n > MaxPackages {
		return Effect{}, core.Errorf(core.EINVALID, core.ErrBadQuantity.Reason, "An order ships in 1 to %d packages, not %d.", MaxPackages, n)
	}
	closed := o.Closed()
	if n <= closed {
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrPackageCount.Reason, fmt.Sprintf("%d packages are closed already and order %s still has units to pack: it needs at least %d packages.", closed, o.Ref, closed+1))
	}
	if n == o.Planned {
		return Effect{Kind: EffectNone, Packages: n}, nil
	}
	e := Effect{Kind: EffectPlan, Package: o.Current(), Packages: n}
	for _, b := range o.Boxes {
		if b.Closed {
			e.Relabel = append(e.Relabel, b.Seq)
		}
	}
	return e, nil
}

// Close closes the open package in carton, weighing weightG grams. The
// last package (nothing left to pack) packs the order.
func (o *Order) Close(carton core.Carton, weightG int) (Effect, error) {
	e, err := o.CloseAccepted(carton, weightG, 0)
	if err != nil {
		return e, err
	}
	if err := o.checkWeight(carton, weightG); err != nil {
		return Effect{}, err
	}
	return e, nil
}

// CloseAccepted closes the open package like Close; with a supervisor's id
// it takes a weight outside the expected window (the supervisor checked
// the contents), which the effect records.
func (o *Order) CloseAccepted(carton core.Carton, weightG int, supervisorID int64) (Effect, error) {
	if err := o.workable(); err != nil {
		return Effect{}, err
	}
	b := o.Open()
	seq := o.Current()
	if b == nil || b.Units() == 0 {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrPackageEmpty.Reason, "Nothing is in package %d yet: scan the items into it first.", seq)
	}
	if carton.Code == "" {
		return Effect{}, core.Explained(core.ErrUnknownCarton.Code, core.ErrUnknownCarton.Reason, fmt.Sprintf("Choose the carton package %d is packed in.", seq))
	}
	if weightG <= 0 {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrWeightRequired.Reason, "Weigh package %d: put it on the scale, or type the weight (for example 1.25 kg).", seq)
	}
	if carton.MaxWeightG > 0 && weightG > carton.MaxWeightG {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrTooHeavy.Reason, "Package %d weighs %s, but carton %s takes at most %s. Use a stronger carton or split the items over more packages.",
			seq, FormatWeight(weightG), carton.Name, FormatWeight(carton.MaxWeightG))
	}
	if weightG < carton.TareG {
		return Effect{}, core.Errorf(core.EINVALID, core.ErrBadWeight.Reason, "%s is less than the empty carton %s (%s): weigh package %d again.",
			FormatWeight(weightG), carton.Name, FormatWeight(carton.TareG), seq)
	}
	left := o.Remaining()
	switch {
	case left > 0 && seq >= o.Planned:
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrPackageCount.Reason, "This is package %d of %d, but %d more units are to pack. Put them in this package, or add a package first.", seq, o.Planned, left)
	case left == 0 && seq < o.Planned:
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrPackageCount.Reason, "Everything is packed, so this is the last package, but %d were planned. Set the number of packages to %d first.", o.Planned, seq)
	}
	if supervisorID == 0 {
		return Effect{Kind: EffectClose, Package: seq, Packages: o.Planned, Carton: carton, WeightG: weightG, Final: left == 0}, nil
	}
	if err := o.checkWeight(carton, weightG); err == nil {
		supervisorID = 0 // in the window: nothing to accept
	}
	return Effect{Kind: EffectClose, Package: seq, Packages: o.Planned, Carton: carton, WeightG: weightG, Final: left == 0, WeightAcceptedBy: supervisorID}, nil
}

// Apply changes the order as the effect says. Call it after the effect was
// committed.
func (o *Order) Apply(e Effect) {
	switch e.Kind {
	case EffectVerify:
		if o.Open() == nil {
			o.Boxes = append(o.Boxes, Box{ID: e.BoxID, Seq: e.Package})
		}
		b := o.Open()
		b.Items = append(b.Items, Item{ID: e.ItemID, LineID: e.LineID, Qty: e.Qty, Serial: e.Serial, Lot: e.Lot})
		o.line(e.LineID).Packed += e.Qty
	case EffectRemove:
		b := o.Open()
		b.Items = b.Items[:len(b.Items)-1]
		o.line(e.LineID).Packed -= e.Qty
	case EffectPlan:
		o.Planned = e.Packages
	case EffectClose:
		b := o.Open()
		b.Closed, b.Carton, b.WeightG, b.SSCC = true, e.Carton.Code, e.WeightG, e.SSCC
		if e.Final {
			o.Status = core.OrderPacked
		}
	}
}

// notNow explains what the packer should do instead.
func (o *Order) notNow() error {
	switch s := o.Next(); s.Kind {
	case StepClose:
		return core.Explained(core.ECONFLICT, "unexpected_scan", fmt.Sprintf("Not now. Everything is in package %d: choose the carton, weigh it and close it.", s.Package))
	case StepDone:
		return core.Errorf(core.ECONFLICT, "unexpected_scan", "Order %s is packed. Scan the next order or tote.", o.Ref)
	}
	return core.Errorf(core.ECONFLICT, "unexpected_scan", "Not now. Scan the items of order %s into package %d.", o.Ref, o.Current())
}

func nameOr(name, fallback string) string {
	if name != "" {
		return name
	}
	return fallback
}

func orAside(elsewhere string) string {
	if elsewhere != "" {
		return elsewhere
	}
	return " Take it out and set it aside."
}

// Describe sums up an effect in a few words, for the screen.
func (e Effect) Describe() string {
	switch e.Kind {
	case EffectVerify:
		return fmt.Sprintf("+%d in package %d", e.Qty, e.Package)
	case EffectRemove:
		return fmt.Sprintf("−%d from package %d", e.Qty, e.Package)
	case EffectPlan:
		return fmt.Sprintf("%d packages", e.Packages)
	case EffectClose:
		return fmt.Sprintf("package %d of %d closed", e.Package, e.Packages)
	}
	return ""
}
