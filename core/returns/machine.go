package returns

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// Product is what the store knows about a scanned item's product.
type Product struct {
	ID            int64
	SKU           string
	Name          string
	Category      string
	CaptureSerial bool
	CaptureLot    bool
	HomeBin       string
}

// Input is one scan, with what the store knows about the scanned code.
type Input struct {
	Code    scan.Code
	Product *Product // the product an item code names here; nil if none
	BinID   int64    // the bin a bin code names; 0 if unknown
	BinCode string
	// ShippedOn is the order the scanned serial was shipped on, by this
	// station's records; "" when unknown.
	ShippedOn string
	// OnOrder reports whether the product is on the original order.
	OnOrder bool
}

// EffectKind says what an accepted scan or action changes.
type EffectKind string

const (
	EffectReceive EffectKind = "receive" // a unit out of the parcel: matched to a line, or flagged
	EffectConfirm EffectKind = "confirm" // graded and decided
	EffectRestock EffectKind = "restock" // back in a bin: stock +1
	EffectWeigh   EffectKind = "weigh"   // the parcel weighed
	EffectFinish  EffectKind = "finish"  // refund decided, or held for a supervisor
	EffectReview  EffectKind = "review"  // a supervisor's decision on a held return
	EffectUndo    EffectKind = "undo"    // the last scanned unit taken back before it was graded
)

// Override is the inspector's change to the rules' decision. A reason is
// always required; a refund above the rules' needs a supervisor.
type Override struct {
	Disposition core.Disposition `json:"disposition"`
	RefundPct   int              `json:"refund_pct"`
	Reason      string           `json:"reason"`
	// SupervisorID is set by the store only after it checked the
	// supervisor's PIN.
	SupervisorID int64 `json:"supervisor_id,omitempty"`
}

// Confirmation is what the inspector confirms for the item in hand.
type Confirmation struct {
	Grade     core.Grade
	Checklist []Check
	Notes     string
	Photos    []string // files on this station
	Override  *Override
}

// Effect is the change an accepted input makes. The store persists it with
// its events in one transaction, then calls Apply.
type Effect struct {
	Kind   EffectKind
	ItemID int64 // the item concerned; for EffectReceive the store sets it when it inserts the item

	// EffectReceive
	LineID     int64
	ProductID  int64
	SKU        string
	Name       string
	Category   string
	HomeBin    string
	GTIN       string
	Serial     string
	Lot        string
	Flag       core.ReturnFlag
	FlagDetail string   // in English, for the hub's events
	FlagText   FlagText // the same, for the screens to word

	// EffectConfirm
	Grade     core.Grade
	Rule      Decision // what the rules said
	Final     Decision // what stands: the rules' decision, a flag's hold, or the override
	Override  *Override
	Checklist []Check
	Notes     string
	Photos    []string

	// EffectRestock
	BinID   int64
	BinCode string

	// EffectWeigh
	WeightG    int
	ExpectedG  int
	Suspicious bool

	// EffectFinish and EffectReview
	Refund       *Refund
	Flags        []FlagNote
	Held         bool
	Approved     bool
	SupervisorID int64
	Note         string
}

// Scan decides what a scan does at the current step.
func (in *Inspection) Scan(inp Input) (Effect, error) {
	step := in.Next()
	switch step.Kind {
	case StepHeld:
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrReturnClosed.Reason, "Return %s waits for a supervisor: nothing more can be scanned into it.", in.RMA)
	case StepDone:
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrReturnClosed.Reason, "Return %s is finished.", in.RMA)
	}
	switch inp.Code.Kind {
	case scan.KindGTIN, scan.KindGS1:
		switch step.Kind {
		case StepGrade:
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrItemInHand.Reason, fmt.Sprintf("Grade %s first (press 1 to 5), then confirm with Enter. Then scan the next item.", step.Item.label()), step.Item.shortLabel())
		case StepRestock:
			return Effect{}, core.Explained(core.ECONFLICT, core.ErrItemInHand.Reason, fmt.Sprintf("Put %s in a bin and scan the bin first%s.", step.Item.label(), suggest(step.Item.HomeBin)), step.Item.shortLabel())
		}
		return in.receive(inp)
	case scan.KindBin:
		if step.Kind != StepRestock {
			return Effect{}, in.notNow(step)
		}
		if inp.BinID == 0 {
			return Effect{}, core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Bin %s is not known here.", inp.Code.ID)
		}
		return Effect{Kind: EffectRestock, ItemID: step.Item.ID, ProductID: step.Item.ProductID, SKU: step.Item.SKU,
			BinID: inp.BinID, BinCode: inp.BinCode}, nil
	}
	return Effect{}, in.notNow(step)
}

// receive matches a unit to an announced line: the same product, the very
// serial shipped for serialised products, a shipped lot where lots are
// tracked. A unit that does not match is recorded with a flag.
func (in *Inspection) receive(inp Input) (Effect, error) {
	c := inp.Code
	e := Effect{Kind: EffectReceive, GTIN: c.GTIN, Serial: c.Serial, Lot: c.Lot}
	p := inp.Product
	if p == nil {
		e.flag(core.FlagNotOurs, flagText(FlagTextNotOurs, "GTIN", c.GTIN))
		return e, nil
	}
	e.ProductID, e.SKU, e.Name, e.Category, e.HomeBin = p.ID, p.SKU, p.Name, p.Category, p.HomeBin
	var missing []string
	if p.CaptureSerial && c.Serial == "" {
		missing = append(missing, "serial number")
	}
	if p.CaptureLot && c.Lot == "" {
		missing = append(missing, "lot")
	}
	if len(missing) > 0 {
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrCaptureRequired.Reason, fmt.Sprintf("%s needs its %s: scan the GS1 barcode on the item, not the plain EAN.", p.Name, strings.Join(missing, " and ")), p.Name)
	}
	if c.Serial != "" {
		for _, it := range in.Items {
			if it.ProductID == p.ID && it.Serial == c.Serial {
				return Effect{}, core.Errorf(core.ECONFLICT, core.ErrDuplicateSerial.Reason, "Serial %s was already scanned into this return.", c.Serial)
			}
		}
	}
	var lines []*Line
	for i := range in.Lines {
		if l := &in.Lines[i]; l.ProductID == p.ID {
			lines = append(lines, l)
		}
	}
	otherOrder := inp.ShippedOn != "" && inp.ShippedOn != in.OrderRef
	if len(lines) == 0 {
		switch {
		case otherOrder:
			e.flag(core.FlagOtherOrder, flagText(FlagTextOtherOrder, "Order", inp.ShippedOn))
		case inp.OnOrder:
			e.flag(core.FlagNotAnnounced, flagText(FlagTextNotAnnounced, "SKU", p.SKU, "Order", in.OrderRef))
		default:
			e.flag(core.FlagNotInOrder, flagText(FlagTextNotInOrder, "SKU", p.SKU, "Order", in.OrderRef))
		}
		return e, nil
	}
	if c.Serial != "" {
		var shipped []string
		for _, l := range lines {
			if l.Serials[c.Serial] && in.Remaining(l) > 0 {
				e.LineID = l.ID
				return e, nil
			}
			for s := range l.Serials {
				shipped = append(shipped, s)
			}
		}
		switch {
		case otherOrder:
			e.flag(core.FlagOtherOrder, flagText(FlagTextOtherOrderSerial, "Serial", c.Serial, "Order", inp.ShippedOn))
			return e, nil
		case len(shipped) > 0:
			sort.Strings(shipped)
			e.flag(core.FlagSerialMismatch, flagText(FlagTextSerialMismatch, "Serial", c.Serial, "Shipped", joinSorted(shipped)))
			return e, nil
		}
		// Nothing on record says which serials were shipped: the serial is
		// recorded with the unit for the hub to check.
	}
	var open []*Line
	for _, l := range lines {
		if in.Remaining(l) > 0 {
			open = append(open, l)
		}
	}
	if len(open) == 0 {
		e.flag(core.FlagExtraUnit, flagText(FlagTextExtraUnit, "SKU", p.SKU, "Announced", in.announced(p.ID)))
		return e, nil
	}
	if c.Lot != "" {
		var shipped []string
		for _, l := range open {
			if len(l.Lots) == 0 || l.Lots[c.Lot] {
				e.LineID = l.ID
				return e, nil
			}
			for lot := range l.Lots {
				shipped = append(shipped, lot)
			}
		}
		sort.Strings(shipped)
		e.flag(core.FlagLotMismatch, flagText(FlagTextLotMismatch, "Lot", c.Lot, "Shipped", joinSorted(shipped)))
		return e, nil
	}
	e.LineID = open[0].ID
	return e, nil
}

func (in *Inspection) announced(productID int64) int {
	n := 0
	for _, l := range in.Lines {
		if l.ProductID == productID {
			n += l.Qty
		}
	}
	return n
}

// Confirm grades the item in hand and fixes its disposition and refund:
// the rules' decision, or the inspector's override.
func (in *Inspection) Confirm(c Confirmation, now time.Time) (Effect, error) {
	step := in.Next()
	if step.Kind != StepGrade {
		return Effect{}, in.notNow(step)
	}
	if !c.Grade.Valid() {
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrGradeRequired.Reason, fmt.Sprintf("Grade %s first: press 1 to 5.", step.Item.label()), step.Item.shortLabel())
	}
	it := step.Item
	rule, final := in.Propose(it, c.Grade, now)
	e := Effect{Kind: EffectConfirm, ItemID: it.ID, Grade: c.Grade, Rule: rule, Final: final,
		Checklist: c.Checklist, Notes: strings.TrimSpace(c.Notes), Photos: slices.Clone(c.Photos)}
	if c.Override != nil {
		o := *c.Override
		o.Reason = strings.TrimSpace(o.Reason)
		switch {
		case o.Reason == "":
			return Effect{}, core.Errorf(core.EINVALID, core.ErrReasonRequired.Reason, "Say why you override the rules' decision.")
		case !o.Disposition.Valid():
			return Effect{}, core.Errorf(core.EINVALID, "bad_disposition", "%q is not a disposition.", o.Disposition)
		case o.RefundPct < 0 || o.RefundPct > 100:
			return Effect{}, core.Errorf(core.EINVALID, "bad_refund", "A refund is 0 to 100 per cent, not %d.", o.RefundPct)
		case o.Disposition == core.DispositionRestock && !it.Restockable():
			return Effect{}, core.Errorf(core.ECONFLICT, core.ErrCannotRestock.Reason, "This barcode is not one of our products: it cannot go back to stock.")
		case o.RefundPct > final.RefundPct && o.SupervisorID == 0:
			return Effect{}, core.Errorf(core.EFORBIDDEN, core.ErrSupervisorRequired.Reason,
				"The override raises the refund from %d%% to %d%%: a supervisor must approve it with their PIN.", final.RefundPct, o.RefundPct)
		}
		e.Override = &o
		e.Final = Decision{RuleID: rule.RuleID, Disposition: o.Disposition, RefundPct: o.RefundPct, Note: o.Reason, Matched: rule.Matched}
	}
	return e, nil
}

// Weigh records the parcel's weight and whether it is far from what was
// shipped.
func (in *Inspection) Weigh(grams int) (Effect, error) {
	if step := in.Next(); step.Kind == StepHeld || step.Kind == StepDone {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrReturnClosed.Reason, "Return %s is finished: weigh before finishing.", in.RMA)
	}
	if grams <= 0 || grams > 100_000 {
		return Effect{}, core.Errorf(core.EINVALID, "bad_weight", "A parcel weighs between 1 g and 100 kg.")
	}
	exp := in.ExpectedWeightG()
	return Effect{Kind: EffectWeigh, WeightG: grams, ExpectedG: exp, Suspicious: in.Policy.WeightSuspicious(grams, exp)}, nil
}

// Finish ends the inspection: the refund decision, or, when there are fraud
// signals, a hold for a supervisor before any refund. Units announced but
// not received refund nothing; finishing with some missing needs force.
func (in *Inspection) Finish(force bool) (Effect, error) {
	step := in.Next()
	switch step.Kind {
	case StepGrade, StepRestock:
		return Effect{}, core.Explained(core.ECONFLICT, core.ErrItemInHand.Reason, fmt.Sprintf("Finish %s first.", step.Item.label()), step.Item.shortLabel())
	case StepHeld, StepDone:
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrReturnClosed.Reason, "Return %s is already finished.", in.RMA)
	}
	if m := in.Missing(); m > 0 && !force {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrItemsMissing.Reason,
			"%d announced item(s) not received. Finish anyway to refund nothing for them, or scan them.", m)
	}
	if len(in.Items) == 0 && !force {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrItemsMissing.Reason, "Nothing was scanned out of this parcel.")
	}
	flags := in.fraudSignals()
	return Effect{Kind: EffectFinish, Refund: in.proposeRefund(), Flags: flags, Held: len(flags) > 0}, nil
}

// fraudSignals lists what must be reviewed before a refund: flagged units,
// a parcel weight far from the shipped weight, a frequent returner.
func (in *Inspection) fraudSignals() []FlagNote {
	var flags []FlagNote
	for _, it := range in.Items {
		if it.Flag != "" {
			flags = append(flags, FlagNote{Flag: it.Flag, Detail: strings.TrimSpace(it.label() + ": " + it.FlagDetail), Item: it.shortLabel(), Text: it.FlagText})
		}
	}
	if exp := in.ExpectedWeightG(); in.Policy.WeightSuspicious(in.ReceivedWeightG, exp) {
		t := flagText(FlagTextWeight, "Weight", in.ReceivedWeightG, "Shipped", exp)
		flags = append(flags, FlagNote{Flag: core.FlagWeight, Detail: t.English(), Text: t})
	}
	if in.Policy.Frequent(in.CustomerReturns) {
		t := flagText(FlagTextFrequent, "Returns", in.CustomerReturns, "Days", in.Policy.FrequentDays)
		flags = append(flags, FlagNote{Flag: core.FlagFrequentReturner, Detail: t.English(), Text: t})
	}
	return flags
}

// Review is a supervisor's decision on a held return: approve the proposed
// refund, or reject it (no refund) with a note.
func (in *Inspection) Review(approve bool, supervisorID int64, note string) (Effect, error) {
	if step := in.Next(); step.Kind != StepHeld {
		return Effect{}, core.Errorf(core.ECONFLICT, "not_held", "Return %s is not waiting for a supervisor.", in.RMA)
	}
	if supervisorID == 0 {
		return Effect{}, core.ErrSupervisorRequired
	}
	note = strings.TrimSpace(note)
	e := Effect{Kind: EffectReview, Approved: approve, SupervisorID: supervisorID, Note: note}
	if approve {
		e.Refund = in.Refund
		if e.Refund == nil {
			e.Refund = in.proposeRefund()
		}
		return e, nil
	}
	if note == "" {
		return Effect{}, core.Errorf(core.EINVALID, core.ErrReasonRequired.Reason, "Say why the refund is refused.")
	}
	e.Refund = in.noRefund(RefusedBy(note))
	return e, nil
}

// Undo takes back the last unit scanned out of the parcel while it waits
// for its grade (a wrong scan, a serial read from the wrong item): it is
// as if it was never scanned. A graded unit is decided and stays.
func (in *Inspection) Undo() (Effect, error) {
	if in.Status != core.ReturnExpected && in.Status != core.ReturnInspecting {
		return Effect{}, core.Errorf(core.ECONFLICT, core.ErrNothingToUndo.Reason, "This return is %s: nothing can be taken back.", in.Status)
	}
	for i := len(in.Items) - 1; i >= 0; i-- {
		it := in.Items[i]
		if it.Status == ItemReceived {
			return Effect{Kind: EffectUndo, ItemID: it.ID, SKU: it.SKU, Name: it.Name, Serial: it.Serial, Flag: it.Flag}, nil
		}
		break
	}
	return Effect{}, core.Errorf(core.ECONFLICT, core.ErrNothingToUndo.Reason, "Nothing to take back: no scanned item waits for its grade, and a graded item is decided.")
}

// Apply changes the inspection as the effect says. Call it after the effect
// was committed.
func (in *Inspection) Apply(e Effect) {
	if in.Status == core.ReturnExpected {
		in.Status = core.ReturnInspecting
	}
	switch e.Kind {
	case EffectReceive:
		in.Items = append(in.Items, Item{ID: e.ItemID, LineID: e.LineID, ProductID: e.ProductID, SKU: e.SKU, Name: e.Name,
			Category: e.Category, HomeBin: e.HomeBin, GTIN: e.GTIN, Serial: e.Serial, Lot: e.Lot,
			Flag: e.Flag, FlagDetail: e.FlagDetail, FlagText: e.FlagText, Status: ItemReceived})
	case EffectConfirm:
		it := in.Item(e.ItemID)
		it.Status, it.Grade, it.RuleID = ItemInspected, e.Grade, e.Rule.RuleID
		it.Disposition, it.RefundPct, it.RefundReason = e.Final.Disposition, e.Final.RefundPct, e.Final.Note
		it.Overridden = e.Override != nil
	case EffectRestock:
		it := in.Item(e.ItemID)
		it.Status, it.BinCode = ItemRestocked, e.BinCode
	case EffectWeigh:
		in.ReceivedWeightG = e.WeightG
	case EffectFinish:
		in.Refund, in.Flags = e.Refund, e.Flags
		in.Status = core.ReturnInspected
		if e.Held {
			in.Status = core.ReturnHeld
		}
	case EffectReview:
		in.Refund = e.Refund
		in.Status = core.ReturnInspected
	case EffectUndo:
		for i := range in.Items {
			if in.Items[i].ID == e.ItemID {
				in.Items = append(in.Items[:i], in.Items[i+1:]...)
				break
			}
		}
	}
}

// notNow explains what the inspector should do instead.
func (in *Inspection) notNow(step Step) error {
	var want string
	switch step.Kind {
	case StepGrade:
		want = fmt.Sprintf("Grade %s (press 1 to 5), then confirm with Enter.", step.Item.label())
	case StepRestock:
		want = fmt.Sprintf("Put %s in a bin and scan the bin%s.", step.Item.label(), suggest(step.Item.HomeBin))
	case StepFinish:
		want = "Everything announced is inspected: press Enter to finish, or scan another item found in the parcel."
	case StepHeld:
		want = "This return waits for a supervisor."
	case StepDone:
		want = "This return is finished."
	default:
		want = "Scan the next item from the parcel."
	}
	return core.Explained(core.ECONFLICT, "unexpected_scan", "Not now. "+want)
}

func (it *Item) label() string {
	switch {
	case it.Name != "" && it.Serial != "":
		return it.Name + " (serial " + it.Serial + ")"
	case it.Name != "":
		return it.Name
	case it.GTIN != "":
		return "the item " + it.GTIN
	}
	return "the item"
}

func suggest(bin string) string {
	if bin == "" {
		return ""
	}
	return " (its usual bin is " + bin + ")"
}
