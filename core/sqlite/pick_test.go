package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/sqlite"
)

// picker drives a pick batch through the store the way a person with a
// scanner does.
type picker struct {
	t  testing.TB
	db *sqlite.DB
	id string
}

func (p picker) scan(code string) sqlite.PickResult {
	p.t.Helper()
	res, err := p.db.PickScan(context.Background(), p.id, mustParse(p.t, code))
	if err != nil {
		p.t.Fatalf("scan %s: %v", code, err)
	}
	return res
}

// reject scans a code that must be refused with want, and checks that
// nothing was written.
func (p picker) reject(code string, want error) {
	p.t.Helper()
	before := countEvents(p.t, p.db)
	stepBefore := p.step()
	_, err := p.db.PickScan(context.Background(), p.id, mustParse(p.t, code))
	if !errors.Is(err, want) {
		p.t.Fatalf("scan %s: got %v, want %v", code, err, want)
	}
	if core.ErrorMessage(err) == "" {
		p.t.Fatalf("scan %s: no message for the picker", code)
	}
	if after := countEvents(p.t, p.db); after != before {
		p.t.Fatalf("scan %s was refused but wrote %d events", code, after-before)
	}
	if got := p.step(); fmt.Sprint(got.Kind, got.Task) != fmt.Sprint(stepBefore.Kind, stepBefore.Task) {
		p.t.Fatalf("scan %s was refused but moved the pick from %v to %v", code, stepBefore.Kind, got.Kind)
	}
}

func (p picker) batch() *pick.Batch {
	p.t.Helper()
	b, err := p.db.Batch(context.Background(), p.id)
	if err != nil {
		p.t.Fatal(err)
	}
	return b
}

func (p picker) step() pick.Step { return p.batch().Next() }

func (p picker) expect(kind pick.StepKind, detail string) {
	p.t.Helper()
	s := p.step()
	got := ""
	switch {
	case s.Task != nil && kind == pick.StepBin:
		got = s.Task.BinCode
	case s.Task != nil && kind == pick.StepItem:
		got = s.Task.SKU
	case s.Order != nil:
		got = s.Order.Ref
	}
	if s.Kind != kind || got != detail {
		p.t.Fatalf("step: got %s %s, want %s %s", s.Kind, got, kind, detail)
	}
}

// finish scans whatever the pick expects until it is done, the way a
// trained picker would, and returns how many scans it took.
func (p picker) finish() int {
	p.t.Helper()
	serial := 0
	for n := 0; ; n++ {
		s := p.step()
		switch s.Kind {
		case pick.StepDone:
			return n
		case pick.StepTote:
			if s.ToteToAssign {
				p.scan("TOTE-" + s.Order.Ref)
			} else {
				p.scan(s.Expect[0])
			}
		case pick.StepBin:
			p.scan(s.Expect[0])
		case pick.StepItem:
			p.scan(itemCode(s.Task, &serial, p.id))
		}
		if n > 500 {
			p.t.Fatal("pick does not finish")
		}
	}
}

// itemCode is the barcode on one unit of the task's product: a GS1 code
// with serial, lot and expiry where the product needs them.
func itemCode(t *pick.Task, serial *int, salt string) string {
	if !t.CaptureLot && !t.CaptureSerial && !t.CaptureExpiry {
		return t.GTIN
	}
	code := "(01)" + fmt.Sprintf("%014s", t.GTIN)
	if t.CaptureExpiry {
		code += "(17)271231"
	}
	if t.CaptureLot {
		code += "(10)LOT42"
	}
	if t.CaptureSerial {
		*serial++
		code += fmt.Sprintf("(21)%s%d", salt[:4], *serial)
	}
	return code
}

func claim(t testing.TB, db *sqlite.DB, staff int64, refs ...string) picker {
	t.Helper()
	id, err := db.ClaimOrders(context.Background(), staff, refs...)
	if err != nil {
		t.Fatal(err)
	}
	return picker{t: t, db: db, id: id}
}

func orderStatus(t testing.TB, db *sqlite.DB, ref string) core.OrderStatus {
	t.Helper()
	o, err := db.Order(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return o.Status
}

func stockOf(t testing.TB, db *sqlite.DB, bin, sku string) int {
	t.Helper()
	n, err := db.StockQty(context.Background(), bin, sku)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPickOneOrder(t *testing.T) {
	db := mustOpen(t)
	p := claim(t, db, pickerID, "W1")
	if got := orderStatus(t, db, "W1"); got != core.OrderPicking {
		t.Fatalf("claimed order is %s", got)
	}

	p.expect(pick.StepTote, "W1")
	p.scan("TOTE-T1")
	// Walking order: A-02-1 (earbuds) comes before B-01-1 (mugs).
	p.expect(pick.StepBin, "A-02-1")
	p.reject(gtinBuds, core.ErrBinNotConfirmed)
	p.reject("BIN-B-01-1", core.ErrWrongBin)
	p.reject("BIN-Z-99-9", core.ErrUnknownCode)
	p.scan("BIN-A-02-1")
	p.expect(pick.StepItem, "BUDS")
	p.reject(gtinMug, core.ErrWrongItem)
	p.reject("4006381333931", core.ErrUnknownCode) // a valid EAN this store does not sell
	p.reject(gtinBuds, core.ErrCaptureRequired)    // serialised: the plain EAN is not enough
	p.scan("(01)0" + gtinBuds + "(21)SN-0001")

	p.expect(pick.StepBin, "B-01-1")
	p.scan("BIN-B-01-1")
	p.scan(gtinMug)
	p.reject("3", core.ErrOverPick) // the line needs 2
	p.scan("2")                     // typed: two in hand
	if got := p.step().Kind; got != pick.StepDone {
		t.Fatalf("after the last unit: %s", got)
	}
	p.reject(gtinMug, core.ErrOverPick)

	if got := orderStatus(t, db, "W1"); got != core.OrderPicked {
		t.Fatalf("finished order is %s, want picked", got)
	}
	if got := stockOf(t, db, "B-01-1", "MUG"); got != 8 {
		t.Fatalf("mug stock %d, want 8", got)
	}
	want := []string{core.EventPickClaimed, core.EventPickToteAssigned, core.EventPickBinConfirmed, core.EventPickItemPicked,
		core.EventPickBinConfirmed, core.EventPickItemPicked, core.EventPickItemPicked, core.EventOrderPicked}
	if got := eventTypes(t, db); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events\n got %v\nwant %v", got, want)
	}
	if id, _ := db.ActiveBatch(context.Background(), pickerID); id != "" {
		t.Fatalf("finished batch still active: %s", id)
	}
}

func TestPickCaptureLotAndExpiry(t *testing.T) {
	db := mustOpen(t)
	p := claim(t, db, pickerID, "W2")
	p.scan("TOTE-T2")
	p.scan("BIN-A-01-1")
	p.expect(pick.StepItem, "HONEY")
	p.reject("(01)0"+gtinHoney+"(10)L1", core.ErrCaptureRequired)   // no expiry
	p.reject("(01)0"+gtinHoney+"(17)251031(10)L1", core.ErrExpired) // past its date
	p.scan("]C1010" + gtinHoney + "17271200" + "10LOT-7")           // DD=00: end of month
	p.expect(pick.StepItem, "SOCKS")                                // same bin: no new bin scan
	p.scan(gtinSocks)                                               // only one in A-01-1
	p.expect(pick.StepBin, "C-09-2")                                // the rest from the overflow bin
	p.scan("BIN-C-09-2")
	p.scan(gtinSocks)
	p.scan(gtinSocks)
	if got := orderStatus(t, db, "W2"); got != core.OrderPicked {
		t.Fatalf("order is %s", got)
	}
	evs, _ := db.Events(context.Background(), 0, 100)
	found := false
	for _, e := range evs {
		if e.Type == core.EventPickItemPicked && string(e.Payload) != "" && contains(string(e.Payload), `"lot":"LOT-7"`) && contains(string(e.Payload), `"expiry":"2027-12-31"`) {
			found = true
		}
	}
	if !found {
		t.Fatal("the lot and expiry are not in the pick event")
	}
}

func contains(s, sub string) bool { return len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0) }

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestClusterPickIntoTotes(t *testing.T) {
	db := mustOpen(t)
	other := claim(t, db, picker2ID, "W4")
	other.scan("TOTE-T9")

	p := claim(t, db, pickerID, "W1", "W2")
	p.expect(pick.StepTote, "W1")
	p.reject("TOTE-T9", core.ErrToteInUse) // holds W4 for another picker
	p.scan("TOTE-T1")
	p.expect(pick.StepTote, "W2")
	p.reject("TOTE-T1", core.ErrToteInUse)
	p.scan("TOTE-T2")

	// A-01-1 first: honey for W2.
	p.scan("BIN-A-01-1")
	p.scan("(01)0" + gtinHoney + "(17)271231(10)L9")
	p.expect(pick.StepTote, "W2")
	p.reject("TOTE-T1", core.ErrWrongTote)
	p.reject("TOTE-T9", core.ErrWrongTote)
	p.reject(gtinSocks, core.ErrToteExpected)
	p.scan("TOTE-T2")
	scans := p.finish()
	if scans < 8 {
		t.Fatalf("cluster pick finished in %d scans: the totes were not asked for", scans)
	}
	for _, ref := range []string{"W1", "W2"} {
		if got := orderStatus(t, db, ref); got != core.OrderPicked {
			t.Fatalf("%s is %s", ref, got)
		}
	}
	if got := orderStatus(t, db, "W4"); got != core.OrderPicking {
		t.Fatalf("the other picker's order is %s", got)
	}
}

func TestShortPick(t *testing.T) {
	db := mustOpen(t)
	p := claim(t, db, pickerID, "W4")
	p.scan("TOTE-T4")
	p.expect(pick.StepBin, "A-01-1")
	if _, err := db.PickShort(context.Background(), p.id, "bored"); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("short with a bad reason: %v", err)
	}
	res, err := db.PickShort(context.Background(), p.id, pick.ShortEmptyBin)
	if err != nil {
		t.Fatal(err)
	}
	if res.Effect.Qty != 1 {
		t.Fatalf("short %d units, want 1", res.Effect.Qty)
	}
	p.expect(pick.StepBin, "B-01-1") // moved on to the next bin, not the socks overflow
	p.finish()
	o, err := db.Order(context.Background(), "W4")
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != core.OrderPicked {
		t.Fatalf("order with a short line is %s, want picked (ready to pack)", o.Status)
	}
	var socks core.OrderLine
	for _, l := range o.Lines {
		if l.SKU == "SOCKS" {
			socks = l
		}
	}
	if socks.ShortQty != 1 || socks.PickedQty != 0 || socks.ShortReason != pick.ShortEmptyBin {
		t.Fatalf("short line: %+v", socks)
	}
	types := eventTypes(t, db)
	if !containsType(types, core.EventPickShort) {
		t.Fatalf("no short event in %v", types)
	}
}

func containsType(types []string, want string) bool {
	for _, t := range types {
		if t == want {
			return true
		}
	}
	return false
}

func TestUndo(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	p := claim(t, db, pickerID, "W1")
	if _, err := db.PickUndo(ctx, p.id); !errors.Is(err, core.ErrNothingToUndo) {
		t.Fatalf("undo with nothing done: %v", err)
	}
	p.scan("TOTE-T1")
	p.scan("BIN-A-02-1")
	p.scan("(01)0" + gtinBuds + "(21)SN-1")
	p.scan("BIN-B-01-1")
	p.scan(gtinMug)
	p.scan(gtinMug)
	if got := orderStatus(t, db, "W1"); got != core.OrderPicked {
		t.Fatalf("order %s", got)
	}
	// The second mug was a mistake: undo puts it back and reopens the order.
	if _, err := db.PickUndo(ctx, p.id); err != nil {
		t.Fatal(err)
	}
	if got := orderStatus(t, db, "W1"); got != core.OrderPicking {
		t.Fatalf("after undo the order is %s, want picking", got)
	}
	if got := stockOf(t, db, "B-01-1", "MUG"); got != 9 {
		t.Fatalf("stock after undo %d, want 9", got)
	}
	if id, _ := db.ActiveBatch(ctx, pickerID); id != p.id {
		t.Fatal("batch not active again after undo")
	}
	// Undo twice more: the first mug, then the earbuds (their serial is free again).
	for range 2 {
		if _, err := db.PickUndo(ctx, p.id); err != nil {
			t.Fatal(err)
		}
	}
	p.expect(pick.StepBin, "A-02-1") // the picker walked on to B-01-1: back to the earbuds' bin
	p.scan("BIN-A-02-1")
	p.scan("(01)0" + gtinBuds + "(21)SN-1") // the undone serial is free again
	p.scan("BIN-B-01-1")
	p.reject("(01)0"+gtinBuds+"(21)SN-2", core.ErrOverPick) // the earbuds line is complete
	p.finish()
	if got := orderStatus(t, db, "W1"); got != core.OrderPicked {
		t.Fatalf("order %s", got)
	}
	if n := countType(t, db, core.EventPickUndone); n != 3 {
		t.Fatalf("%d undo events, want 3", n)
	}
}

func countType(t testing.TB, db *sqlite.DB, typ string) int {
	n := 0
	for _, e := range eventTypes(t, db) {
		if e == typ {
			n++
		}
	}
	return n
}

func TestResumeAfterLeaving(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/" + storePath
	db := mustOpenPath(t, path)
	if err := db.ApplyChanges(context.Background(), fixture(t)); err != nil {
		t.Fatal(err)
	}
	p := claim(t, db, pickerID, "W1", "W2")
	p.scan("TOTE-T1")
	p.scan("TOTE-T2")
	p.scan("BIN-A-01-1")
	p.scan("(01)0" + gtinHoney + "(17)271231(10)L9")
	before := p.batch()
	db.Close()

	db = mustOpenPath(t, path)
	id, err := db.ActiveBatch(context.Background(), pickerID)
	if err != nil || id != p.id {
		t.Fatalf("resume: active batch %q, %v; want %q", id, err, p.id)
	}
	p = picker{t: t, db: db, id: id}
	after := p.batch()
	if describe(before.Next()) != describe(after.Next()) {
		t.Fatalf("resumed at %+v, left at %+v", after.Next(), before.Next())
	}
	p.expect(pick.StepTote, "W2") // the honey in hand still goes into W2's tote
	p.scan("TOTE-T2")
	p.finish()
}

func TestClaimRules(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	claim(t, db, pickerID, "W1")
	if _, err := db.ClaimOrders(ctx, picker2ID, "W1"); !errors.Is(err, core.ErrOrderClaimed) {
		t.Fatalf("claim a claimed order: %v", err)
	}
	if _, err := db.ClaimOrders(ctx, picker2ID, "NOPE"); !errors.Is(err, core.ErrUnknownCode) {
		t.Fatalf("claim an unknown order: %v", err)
	}
	if err := db.ApplyChanges(ctx, core.ChangeSet{CancelledOrders: []string{"W3"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimOrders(ctx, picker2ID, "W3"); !errors.Is(err, core.ErrOrderCancelled) {
		t.Fatalf("claim a cancelled order: %v", err)
	}
	// ClaimNext takes the most urgent open orders: W2 (2h), then W4 (4h).
	id, err := db.ClaimNext(ctx, picker2ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := db.Batch(ctx, id)
	if len(b.Orders) != 2 || b.Orders[0].Ref != "W2" || b.Orders[1].Ref != "W4" {
		t.Fatalf("claimed %+v", b.Orders)
	}
	if _, err := db.ClaimNext(ctx, picker2ID, 1); !errors.Is(err, core.ErrNothingToPick) {
		t.Fatalf("claim with an empty queue: %v", err)
	}
}

func TestCancelAfterPickingBecomesPutBack(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	p := claim(t, db, pickerID, "W1")
	p.finish()
	if err := db.ApplyChanges(ctx, core.ChangeSet{Cursor: "c2", CancelledOrders: []string{"W1"}}); err != nil {
		t.Fatal(err)
	}
	if got := orderStatus(t, db, "W1"); got != core.OrderCancelled {
		t.Fatalf("order %s", got)
	}
	exc, err := db.OpenExceptions(ctx)
	if err != nil || len(exc) != 1 || exc[0].Kind != "put_back" {
		t.Fatalf("exceptions %+v, %v", exc, err)
	}
	for _, want := range []string{"2 × Blue Mug to bin B-01-1", "1 × Earbuds to bin A-02-1"} {
		if !contains(exc[0].Message, want) {
			t.Fatalf("put-back %q does not say %q", exc[0].Message, want)
		}
	}
	if c, _ := db.SyncCursor(ctx); c != "c2" {
		t.Fatalf("cursor %q", c)
	}
}

func describe(s pick.Step) string {
	d := fmt.Sprint(s.Kind, s.Expect, s.ToteToAssign)
	if s.Order != nil {
		d += " order " + s.Order.Ref
	}
	if s.Task != nil {
		d += fmt.Sprint(" task ", s.Task.ID, s.Task.Picked)
	}
	return d
}
