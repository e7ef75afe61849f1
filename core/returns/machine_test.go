package returns

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

var (
	day   = 24 * time.Hour
	today = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

	mug  = &Product{ID: 1, SKU: "MUG", Name: "Blue Mug", Category: "Home", HomeBin: "B-01-1"}
	buds = &Product{ID: 2, SKU: "BUDS", Name: "Earbuds", Category: "Electronics", CaptureSerial: true, HomeBin: "A-02-1"}
	tea  = &Product{ID: 3, SKU: "TEA", Name: "Green Tea", Category: "Grocery", CaptureLot: true}
	sock = &Product{ID: 4, SKU: "SOCKS", Name: "Wool Socks", Category: "Apparel"}
)

// newInspection is a return of two mugs (changed mind) and one pair of
// earbuds shipped with serial SN-1 (defective), delivered five days ago.
func newInspection() *Inspection {
	return &Inspection{
		ID: 1, RMA: "R1", OrderRef: "W1", Status: core.ReturnExpected,
		DeliveredAt: today.Add(-5 * day),
		Lines: []Line{
			{ID: 10, LineNo: 1, ProductID: mug.ID, SKU: "MUG", Name: mug.Name, Category: "Home", WeightG: 300, Qty: 2, Reason: core.ReasonChangedMind},
			{ID: 11, LineNo: 2, ProductID: buds.ID, SKU: "BUDS", Name: buds.Name, Category: "Electronics", WeightG: 80, Qty: 1,
				Reason: core.ReasonDefective, Serials: map[string]bool{"SN-1": true}, CaptureSerial: true},
		},
		Rules: DefaultRules(), Policy: DefaultPolicy,
	}
}

var nextID int64 = 100

// apply returns a function that applies an accepted effect the way the
// store does after committing it (a received unit gets its id), and fails
// the test on a refusal: apply(t, in)(in.Scan(...)).
func apply(t *testing.T, in *Inspection) func(Effect, error) Effect {
	return func(e Effect, err error) Effect {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if e.Kind == EffectReceive {
			nextID++
			e.ItemID = nextID
		}
		in.Apply(e)
		return e
	}
}

func item(p *Product, serial, lot string) Input {
	c := scan.Code{Kind: scan.KindGTIN, GTIN: fmt.Sprintf("%014d", p.ID)}
	if serial != "" || lot != "" {
		c.Kind, c.Serial, c.Lot = scan.KindGS1, serial, lot
	}
	return Input{Code: c, Product: p}
}

func binInput(code string, id int64) Input {
	return Input{Code: scan.Code{Kind: scan.KindBin, ID: code}, BinID: id, BinCode: code}
}

func confirm(g core.Grade) Confirmation { return Confirmation{Grade: g} }

func TestNormalReturn(t *testing.T) {
	in := newInspection()
	if s := in.Next(); s.Kind != StepItem || s.Missing != 3 {
		t.Fatalf("start: %+v", s)
	}
	e := apply(t, in)(in.Scan(item(mug, "", "")))
	if e.LineID != 10 || e.Flag != "" {
		t.Fatalf("mug: %+v", e)
	}
	if s := in.Next(); s.Kind != StepGrade || s.Item.SKU != "MUG" {
		t.Fatalf("after the scan: %+v", s)
	}
	// One item at a time: the next scan waits for the grade.
	if _, err := in.Scan(item(mug, "", "")); !errors.Is(err, core.ErrItemInHand) {
		t.Fatalf("second scan with one in hand: %v", err)
	}
	if _, err := in.Confirm(confirm(core.GradeNone), today); !errors.Is(err, core.ErrGradeRequired) {
		t.Fatalf("confirm without a grade: %v", err)
	}
	e = apply(t, in)(in.Confirm(confirm(core.GradeNewSealed), today))
	if e.Final.Disposition != core.DispositionRestock || e.Final.RefundPct != 100 {
		t.Fatalf("sealed mug: %+v", e.Final)
	}
	s := in.Next()
	if s.Kind != StepRestock || s.Item.HomeBin != "B-01-1" {
		t.Fatalf("restock step: %+v", s)
	}
	if _, err := in.Scan(binInput("Z-9", 0)); !errors.Is(err, core.ErrUnknownCode) {
		t.Fatalf("unknown bin: %v", err)
	}
	e = apply(t, in)(in.Scan(binInput("B-01-1", 3)))
	if e.Kind != EffectRestock || e.BinID != 3 || e.ProductID != mug.ID {
		t.Fatalf("restock: %+v", e)
	}

	// The second mug is used: liquidated at half refund, no bin to scan.
	apply(t, in)(in.Scan(item(mug, "", "")))
	e = apply(t, in)(in.Confirm(Confirmation{Grade: core.GradeUsed, Notes: " coffee stain ", Checklist: []Check{{"No chips or cracks", true}}}, today))
	if e.Final.Disposition != core.DispositionLiquidate || e.Final.RefundPct != 50 || e.Notes != "coffee stain" {
		t.Fatalf("used mug: %+v", e)
	}
	if s := in.Next(); s.Kind != StepItem || s.Missing != 1 {
		t.Fatalf("after the mugs: %+v", s)
	}
	if _, err := in.Finish(false); !errors.Is(err, core.ErrItemsMissing) {
		t.Fatalf("finish with earbuds missing: %v", err)
	}
	// The earbuds, with the very serial shipped.
	if _, err := in.Scan(item(buds, "", "")); !errors.Is(err, core.ErrCaptureRequired) {
		t.Fatalf("earbuds without serial: %v", err)
	}
	e = apply(t, in)(in.Scan(item(buds, "SN-1", "")))
	if e.LineID != 11 || e.Flag != "" {
		t.Fatalf("earbuds: %+v", e)
	}
	e = apply(t, in)(in.Confirm(confirm(core.GradeUsed), today))
	if e.Final.Disposition != core.DispositionReturnToVendor || e.Final.RefundPct != 100 {
		t.Fatalf("defective earbuds: %+v", e.Final)
	}
	if s := in.Next(); s.Kind != StepFinish {
		t.Fatalf("all in: %+v", s)
	}
	e = apply(t, in)(in.Finish(false))
	if e.Held || len(e.Flags) != 0 {
		t.Fatalf("a clean return held: %+v", e.Flags)
	}
	r := e.Refund
	if r.Kind != core.RefundPartial || fmt.Sprint(r.Lines[0].Units) != "[100 50]" || fmt.Sprint(r.Lines[1].Units) != "[100]" {
		t.Fatalf("refund: %+v", r)
	}
	if len(r.Reasons) != 1 || r.Reasons[0] != "MUG: Used: half refund" {
		t.Fatalf("partial refund reasons: %q", r.Reasons)
	}
	if in.Status != core.ReturnInspected || in.Next().Kind != StepDone {
		t.Fatalf("finished return: %s", in.Status)
	}
	if _, err := in.Scan(item(mug, "", "")); !errors.Is(err, core.ErrReturnClosed) {
		t.Fatalf("scan into a finished return: %v", err)
	}
}

func TestUnmatchedItemsAreFlagged(t *testing.T) {
	tests := []struct {
		name   string
		prep   func(in *Inspection)
		input  Input
		flag   core.ReturnFlag
		detail string
	}{
		{"serial not the one shipped", nil, item(buds, "SN-9", ""), core.FlagSerialMismatch, "serial SN-9; shipped SN-1"},
		{"serial shipped on another order", nil, withShipped(item(buds, "SN-7", ""), "W9"), core.FlagOtherOrder, "serial SN-7 was shipped on order W9"},
		{"product not on the return nor the order", nil, item(sock, "", ""), core.FlagNotInOrder, "SOCKS is not on order W1"},
		{"product on the order, not announced", nil, onOrder(item(sock, "", "")), core.FlagNotAnnounced, "SOCKS is on order W1 but not on the return"},
		{"product shipped on another order", nil, withShipped(item(sock, "X1", ""), "W7"), core.FlagOtherOrder, "shipped on order W7"},
		{"not ours", nil, Input{Code: scan.Code{Kind: scan.KindGTIN, GTIN: "04006381333931"}}, core.FlagNotOurs, "GTIN 04006381333931"},
		{"one more than announced", func(in *Inspection) {
			for range 2 {
				in.Apply(Effect{Kind: EffectReceive, ItemID: 1, LineID: 10, ProductID: mug.ID})
				in.Items[len(in.Items)-1].Status = ItemInspected
			}
		}, item(mug, "", ""), core.FlagExtraUnit, "MUG: all 2 announced already received"},
		{"lot not shipped", func(in *Inspection) {
			in.Lines = append(in.Lines, Line{ID: 12, ProductID: tea.ID, SKU: "TEA", Qty: 1, CaptureLot: true, Lots: map[string]bool{"L1": true}})
		}, item(tea, "", "L2"), core.FlagLotMismatch, "lot L2; shipped L1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newInspection()
			if tt.prep != nil {
				tt.prep(in)
			}
			e := apply(t, in)(in.Scan(tt.input))
			if e.Flag != tt.flag || e.FlagDetail != tt.detail || e.LineID != 0 {
				t.Fatalf("got flag %q %q on line %d, want %q %q", e.Flag, e.FlagDetail, e.LineID, tt.flag, tt.detail)
			}
			// Recorded, graded like any unit, but held with no refund.
			e = apply(t, in)(in.Confirm(confirm(core.GradeNewSealed), today))
			if e.Final.Disposition != core.DispositionHold || e.Final.RefundPct != 0 {
				t.Fatalf("flagged unit decided %+v", e.Final)
			}
			e = apply(t, in)(in.Finish(true))
			if !e.Held || len(e.Flags) == 0 || e.Flags[0].Flag != tt.flag {
				t.Fatalf("finish: held %v, flags %+v", e.Held, e.Flags)
			}
			if in.Status != core.ReturnHeld {
				t.Fatalf("status %s", in.Status)
			}
		})
	}
}

func withShipped(in Input, order string) Input { in.ShippedOn = order; return in }
func onOrder(in Input) Input                   { in.OnOrder = true; return in }

func TestLotMatchAndSerialUnknown(t *testing.T) {
	in := newInspection()
	in.Lines = append(in.Lines, Line{ID: 12, ProductID: tea.ID, SKU: "TEA", Qty: 1, CaptureLot: true, Lots: map[string]bool{"L1": true}})
	if _, err := in.Scan(item(tea, "", "")); !errors.Is(err, core.ErrCaptureRequired) {
		t.Fatalf("lot-tracked item without lot: %v", err)
	}
	if e := apply(t, in)(in.Scan(item(tea, "", "L1"))); e.LineID != 12 || e.Flag != "" {
		t.Fatalf("shipped lot: %+v", e)
	}
	// No record of the serials shipped: the unit is accepted with its serial.
	in = newInspection()
	in.Lines[1].Serials = nil
	if e := apply(t, in)(in.Scan(item(buds, "SN-5", ""))); e.LineID != 11 || e.Flag != "" || e.Serial != "SN-5" {
		t.Fatalf("serial with nothing on record: %+v", e)
	}
	apply(t, in)(in.Confirm(confirm(core.GradeLikeNew), today))
	if _, err := in.Scan(item(buds, "SN-5", "")); !errors.Is(err, core.ErrDuplicateSerial) {
		t.Fatalf("same unit twice: %v", err)
	}
}

func TestOverride(t *testing.T) {
	in := newInspection()
	apply(t, in)(in.Scan(item(mug, "", "")))
	// Used: the rules say liquidate at 50 %.
	lower := &Override{Disposition: core.DispositionDispose, RefundPct: 0, Reason: "  "}
	if _, err := in.Confirm(Confirmation{Grade: core.GradeUsed, Override: lower}, today); !errors.Is(err, core.ErrReasonRequired) {
		t.Fatalf("override without a reason: %v", err)
	}
	raise := &Override{Disposition: core.DispositionRestock, RefundPct: 100, Reason: "Only the box is worn"}
	if _, err := in.Confirm(Confirmation{Grade: core.GradeUsed, Override: raise}, today); !errors.Is(err, core.ErrSupervisorRequired) {
		t.Fatalf("raising the refund without a supervisor: %v", err)
	}
	if raise.SupervisorID != 0 || raise.Reason != "Only the box is worn" {
		t.Fatal("Confirm changed the caller's override")
	}
	raise.SupervisorID = 9
	e := apply(t, in)(in.Confirm(Confirmation{Grade: core.GradeUsed, Override: raise}, today))
	if e.Rule.Disposition != core.DispositionLiquidate || e.Rule.RefundPct != 50 {
		t.Fatalf("the rules' decision is kept for the audit: %+v", e.Rule)
	}
	if e.Final.Disposition != core.DispositionRestock || e.Final.RefundPct != 100 || e.Final.Note != "Only the box is worn" || e.Override.SupervisorID != 9 {
		t.Fatalf("override: %+v", e.Final)
	}
	if it := in.Items[0]; !it.Overridden || it.Disposition != core.DispositionRestock {
		t.Fatalf("item after override: %+v", it)
	}

	// Lowering the refund needs no supervisor.
	in = newInspection()
	apply(t, in)(in.Scan(item(mug, "", "")))
	lower.Reason = "Chipped rim"
	e = apply(t, in)(in.Confirm(Confirmation{Grade: core.GradeNewSealed, Override: lower}, today))
	if e.Final.RefundPct != 0 || e.Final.Disposition != core.DispositionDispose {
		t.Fatalf("lower: %+v", e.Final)
	}

	// A flagged unit refunds nothing: any refund for it needs a supervisor.
	in = newInspection()
	apply(t, in)(in.Scan(Input{Code: scan.Code{Kind: scan.KindGTIN, GTIN: "04006381333931"}}))
	if _, err := in.Confirm(Confirmation{Grade: core.GradeNewSealed, Override: &Override{Disposition: core.DispositionLiquidate, RefundPct: 10, Reason: "goodwill"}}, today); !errors.Is(err, core.ErrSupervisorRequired) {
		t.Fatalf("refund for a flagged unit: %v", err)
	}
	if _, err := in.Confirm(Confirmation{Grade: core.GradeNewSealed, Override: &Override{Disposition: core.DispositionRestock, Reason: "looks fine"}}, today); !errors.Is(err, core.ErrCannotRestock) {
		t.Fatalf("restock a barcode that is not ours: %v", err)
	}
}

func TestWeightAndFrequentReturnerHold(t *testing.T) {
	in := newInspection()
	in.CustomerReturns = 2
	if _, err := in.Weigh(0); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("weight 0: %v", err)
	}
	e := apply(t, in)(in.Weigh(2400))
	if !e.Suspicious || e.ExpectedG != 680 {
		t.Fatalf("2.4 kg against 680 g: %+v", e)
	}
	receiveAll(t, in)
	e = apply(t, in)(in.Finish(false))
	if !e.Held || len(e.Flags) != 1 || e.Flags[0].Flag != core.FlagWeight || e.Flags[0].Detail != "parcel weighs 2.40 kg, shipped 680 g" {
		t.Fatalf("weight hold: %+v", e.Flags)
	}
	if e.Refund == nil || e.Refund.Kind != core.RefundFull {
		t.Fatalf("the proposed refund is kept for the supervisor: %+v", e.Refund)
	}

	in = newInspection()
	in.CustomerReturns = 5
	receiveAll(t, in)
	e = apply(t, in)(in.Finish(false))
	if !e.Held || e.Flags[0].Flag != core.FlagFrequentReturner {
		t.Fatalf("frequent returner: %+v", e.Flags)
	}
	// The supervisor reviews: rejecting needs a note, approving refunds as proposed.
	if _, err := in.Review(true, 0, ""); !errors.Is(err, core.ErrSupervisorRequired) {
		t.Fatalf("review without a supervisor: %v", err)
	}
	if _, err := in.Review(false, 9, ""); !errors.Is(err, core.ErrReasonRequired) {
		t.Fatalf("reject without a note: %v", err)
	}
	e = apply(t, in)(in.Review(true, 9, "known customer"))
	if !e.Approved || e.Refund.Kind != core.RefundFull || in.Status != core.ReturnInspected {
		t.Fatalf("approve: %+v", e)
	}
}

func TestReviewReject(t *testing.T) {
	in := newInspection()
	apply(t, in)(in.Scan(item(buds, "SN-3", "")))
	apply(t, in)(in.Confirm(confirm(core.GradeLikeNew), today))
	apply(t, in)(in.Finish(true))
	e := apply(t, in)(in.Review(false, 9, "swapped unit"))
	if e.Refund.Kind != core.RefundNone || e.Refund.Reasons[0] != "Refused by a supervisor: swapped unit" {
		t.Fatalf("reject: %+v", e.Refund)
	}
}

func TestRefundKinds(t *testing.T) {
	tests := []struct {
		name   string
		grades []core.Grade // for mug, mug, earbuds; GradeNone: not received
		kind   core.RefundKind
	}{
		{"all sealed", []core.Grade{1, 1, 1}, core.RefundFull},
		{"one used", []core.Grade{1, 3, 1}, core.RefundPartial},
		{"one missing", []core.Grade{1, 0, 1}, core.RefundPartial},
		{"all damaged by the customer", []core.Grade{4, 4, 0}, core.RefundNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newInspection()
			for i, g := range tt.grades {
				if g == core.GradeNone {
					continue
				}
				inp := item(mug, "", "")
				if i == 2 {
					inp = item(buds, "SN-1", "")
				}
				apply(t, in)(in.Scan(inp))
				apply(t, in)(in.Confirm(confirm(g), today))
				if in.Next().Kind == StepRestock {
					apply(t, in)(in.Scan(binInput("B-01-1", 3)))
				}
			}
			e := apply(t, in)(in.Finish(true))
			if e.Refund.Kind != tt.kind {
				t.Fatalf("refund %s, want %s: %+v", e.Refund.Kind, tt.kind, e.Refund)
			}
			if tt.kind != core.RefundFull && len(e.Refund.Reasons) == 0 {
				t.Fatal("a refund that is not full must say why")
			}
		})
	}
}

func TestLateReturnByDeliveryDate(t *testing.T) {
	in := newInspection()
	in.DeliveredAt = today.Add(-40 * day)
	apply(t, in)(in.Scan(item(mug, "", "")))
	rule, final := in.Propose(&in.Items[0], core.GradeNewSealed, today)
	if rule.RuleID != 1 || final.RefundPct != 0 {
		t.Fatalf("40 days after delivery: %+v", final)
	}
	in.DeliveredAt = time.Time{}
	if _, final = in.Propose(&in.Items[0], core.GradeNewSealed, today); final.RefundPct != 100 {
		t.Fatalf("unknown delivery date counts as in the window: %+v", final)
	}
}

func receiveAll(t *testing.T, in *Inspection) {
	t.Helper()
	for _, inp := range []Input{item(mug, "", ""), item(mug, "", ""), item(buds, "SN-1", "")} {
		apply(t, in)(in.Scan(inp))
		apply(t, in)(in.Confirm(confirm(core.GradeNewSealed), today))
		if in.Next().Kind == StepRestock {
			apply(t, in)(in.Scan(binInput("B-01-1", 3)))
		}
	}
}

func TestChecklistByCategory(t *testing.T) {
	in := newInspection()
	if got := in.Checklist("Electronics"); len(got) != 4 || got[0] != "Powers on" {
		t.Fatalf("default electronics checklist: %q", got)
	}
	if got := in.Checklist("Garden"); len(got) != 3 || got[0] != "Original packaging" {
		t.Fatalf("unknown category: %q", got)
	}
	in.Checklists = map[string][]string{"home": {"Handle intact"}, "": {"Looks fine"}}
	if got := in.Checklist("Home"); len(got) != 1 || got[0] != "Handle intact" {
		t.Fatalf("store's own list: %q", got)
	}
	if got := in.Checklist("Toys"); len(got) != 1 || got[0] != "Looks fine" {
		t.Fatalf("store's list for any category: %q", got)
	}
}
