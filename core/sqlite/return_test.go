package sqlite_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/core/sqlite"
)

// The returns fixture, on top of the test store: an inspector, a
// supervisor, a shipped order W10 (two mugs, one pair of earbuds with serial
// SN-A1) and its return R100 announced by the hub.
const (
	retInspector  = 40
	retSupervisor = 41
	retRMA        = "R100"
)

var retPINHash string

func retOpen(t testing.TB) *sqlite.DB {
	t.Helper()
	db := mustOpen(t)
	if err := db.ApplyChanges(context.Background(), retFixture(t)); err != nil {
		t.Fatal(err)
	}
	return db
}

// retSupervisorPIN is six digits: supervisors approve (core.MinApproverPINLen).
const retSupervisorPIN = "909192"

var retSupervisorHash string

func retFixture(t testing.TB) core.ChangeSet {
	t.Helper()
	if retPINHash == "" {
		h, err := core.HashPINCost(testPIN, 4)
		if err != nil {
			t.Fatal(err)
		}
		retPINHash = h
		if retSupervisorHash, err = core.HashPINCost(retSupervisorPIN, 4); err != nil {
			t.Fatal(err)
		}
	}
	w10 := order("W10", core.FulfillShip, -120, line("MUG", 2), line("BUDS", 1))
	w10.Status = core.OrderShipped
	w10.Customer = core.Customer{Name: "Ola Nordmann", Email: "ola@example.com"}
	return core.ChangeSet{
		Staff: []core.StaffRecord{
			{Staff: core.Staff{ID: retInspector, Name: "Ida Inspector", Roles: []core.Role{core.RoleInspector}}, PINHash: retPINHash, Active: true},
			{Staff: core.Staff{ID: retSupervisor, Name: "Sue Supervisor", Roles: []core.Role{core.RoleSupervisor}}, PINHash: retSupervisorHash, Active: true},
		},
		Orders:  []core.Order{w10},
		Returns: []core.Return{retReturn(retRMA, "W10")},
	}
}

func retReturn(rma, ref string) core.Return {
	return core.Return{
		RMA: rma, OrderRef: ref, Customer: core.Customer{Name: "Ola Nordmann", Email: "ola@example.com"},
		PackageSSCC: "376141410000000016", DeliveredAt: now().Add(-5 * 24 * time.Hour), CreatedAt: now().Add(-time.Hour),
		Lines: []core.ReturnLine{
			{LineNo: 1, SKU: "MUG", Qty: 2, Reason: core.ReasonChangedMind},
			{LineNo: 2, SKU: "BUDS", Qty: 1, Reason: core.ReasonDefective, Comment: "left ear silent", Serials: []string{"SN-A1"}},
		},
	}
}

// inspector drives a return through the store the way a person with a
// scanner does.
type inspector struct {
	t   testing.TB
	db  *sqlite.DB
	rma string
}

func (i inspector) scan(code string) sqlite.ReturnResult {
	i.t.Helper()
	res, err := i.db.InspectScan(context.Background(), i.rma, retInspector, mustParse(i.t, code))
	if err != nil {
		i.t.Fatalf("scan %s: %v", code, err)
	}
	return res
}

// reject scans a code that must be refused with want and checks that
// nothing was written.
func (i inspector) reject(code string, want error) {
	i.t.Helper()
	before := countEvents(i.t, i.db)
	_, err := i.db.InspectScan(context.Background(), i.rma, retInspector, mustParse(i.t, code))
	if !errors.Is(err, want) {
		i.t.Fatalf("scan %s: got %v, want %v", code, err, want)
	}
	if after := countEvents(i.t, i.db); after != before {
		i.t.Fatalf("scan %s was refused but wrote %d events", code, after-before)
	}
}

func (i inspector) grade(g core.Grade) sqlite.ReturnResult {
	i.t.Helper()
	return i.confirm(returns.Confirmation{Grade: g}, nil)
}

func (i inspector) confirm(c returns.Confirmation, a *sqlite.Approval) sqlite.ReturnResult {
	i.t.Helper()
	res, err := i.db.InspectConfirm(context.Background(), i.rma, retInspector, c, a)
	if err != nil {
		i.t.Fatalf("confirm %+v: %v", c, err)
	}
	return res
}

func (i inspector) finish(force bool) sqlite.ReturnResult {
	i.t.Helper()
	res, err := i.db.FinishReturn(context.Background(), i.rma, retInspector, force)
	if err != nil {
		i.t.Fatalf("finish: %v", err)
	}
	return res
}

func (i inspector) step() returns.Step {
	i.t.Helper()
	in, err := i.db.Inspection(context.Background(), i.rma)
	if err != nil {
		i.t.Fatal(err)
	}
	return in.Next()
}

// retEvents returns the return events in the outbox, oldest first.
func retEvents(t testing.TB, db *sqlite.DB) []core.Event {
	t.Helper()
	evs, err := db.PendingEvents(context.Background(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []core.Event
	for _, e := range evs {
		if strings.HasPrefix(e.Type, "return.") {
			out = append(out, e)
		}
	}
	return out
}

func retTypes(evs []core.Event) []string {
	var types []string
	for _, e := range evs {
		types = append(types, e.Type)
	}
	return types
}

func retPayload(t testing.TB, e core.Event) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(e.Payload, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func retLast(t testing.TB, db *sqlite.DB, typ string) map[string]any {
	t.Helper()
	evs := retEvents(t, db)
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Type == typ {
			return retPayload(t, evs[i])
		}
	}
	t.Fatalf("no %s event in %v", typ, retTypes(evs))
	return nil
}

func TestReturnNormal(t *testing.T) {
	db := retOpen(t)
	ctx := context.Background()
	i := inspector{t, db, retRMA}
	mugsBefore := stockOf(t, db, "B-01-1", "MUG")

	// The return label finds the return, and so do the order and the SSCC.
	for _, code := range []string{"RMA-r100", "ORD-W10", "(00)376141410000000016"} {
		found, err := db.FindReturn(ctx, mustParse(t, code))
		if err != nil || found.RMA != retRMA || found.OrderRef != "W10" {
			t.Fatalf("find by %s: %+v, %v", code, found, err)
		}
	}
	in, err := db.Inspection(ctx, retRMA)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Lines) != 2 || in.Lines[1].Comment != "left ear silent" || !in.Lines[1].Serials["SN-A1"] || in.Status != core.ReturnExpected {
		t.Fatalf("return as announced: %+v", in)
	}

	res := i.scan(gtinMug)
	if res.Effect.Flag != "" || res.Inspection.Status != core.ReturnInspecting {
		t.Fatalf("mug: %+v", res.Effect)
	}
	i.reject(gtinMug, core.ErrItemInHand) // grade the one in hand first
	res = i.grade(core.GradeNewSealed)
	if res.Effect.Final.Disposition != core.DispositionRestock || res.Effect.Final.RefundPct != 100 {
		t.Fatalf("sealed mug: %+v", res.Effect.Final)
	}
	if s := i.step(); s.Kind != returns.StepRestock || s.Item.HomeBin != "B-01-1" {
		t.Fatalf("restock step: %+v", s)
	}
	i.reject("BIN-Z-99-9", core.ErrUnknownCode)
	i.scan("BIN-B-01-1")
	if got := stockOf(t, db, "B-01-1", "MUG"); got != mugsBefore+1 {
		t.Fatalf("mug stock %d after restock, want %d", got, mugsBefore+1)
	}

	i.scan(gtinMug)
	res = i.confirm(returns.Confirmation{Grade: core.GradeUsed, Notes: "tea stains",
		Checklist: []returns.Check{{Item: "No chips or cracks", OK: true}, {Item: "Original packaging", OK: false}}}, nil)
	if res.Effect.Final.Disposition != core.DispositionLiquidate || res.Effect.Final.RefundPct != 50 {
		t.Fatalf("used mug: %+v", res.Effect.Final)
	}
	i.reject(gtinBuds, core.ErrCaptureRequired) // the serial, please
	i.scan("(01)0" + gtinBuds + "(21)SN-A1")
	i.grade(core.GradeLikeNew)
	if s := i.step(); s.Kind != returns.StepFinish {
		t.Fatalf("all in, step %s", s.Kind)
	}
	res = i.finish(false)
	if res.Inspection.Status != core.ReturnInspected || res.Effect.Held {
		t.Fatalf("finished: %s held %v", res.Inspection.Status, res.Effect.Held)
	}

	want := []string{core.EventReturnItemReceived, core.EventReturnItemInspected, core.EventReturnItemRestocked,
		core.EventReturnItemReceived, core.EventReturnItemInspected,
		core.EventReturnItemReceived, core.EventReturnItemInspected, core.EventReturnRefund}
	evs := retEvents(t, db)
	if got := retTypes(evs); !slices.Equal(got, want) {
		t.Fatalf("events\n got %v\nwant %v", got, want)
	}
	for _, e := range evs {
		if e.OrderID != "W10" || e.StaffID != retInspector || retPayload(t, e)["rma"] != retRMA {
			t.Fatalf("event %s: order %q staff %d payload %s", e.Type, e.OrderID, e.StaffID, e.Payload)
		}
	}
	inspected := retPayload(t, evs[4])
	if inspected["grade"] != "used" || inspected["notes"] != "tea stains" || inspected["disposition"] != "liquidate" ||
		inspected["refund"] != "partial" || fmt.Sprint(inspected["checklist"]) != "[map[item:No chips or cracks ok:true state:ok] map[item:Original packaging ok:false state:not_checked]]" {
		t.Fatalf("inspected event: %s", evs[4].Payload)
	}
	refund := retLast(t, db, core.EventReturnRefund)["refund"].(map[string]any)
	if refund["kind"] != "partial" || fmt.Sprint(refund["reasons"]) != "[MUG: Used: half refund]" {
		t.Fatalf("refund decision: %v", refund)
	}
	if _, err := db.InspectScan(ctx, retRMA, retInspector, mustParse(t, gtinMug)); !errors.Is(err, core.ErrReturnClosed) {
		t.Fatalf("scan into a finished return: %v", err)
	}
}

func TestReturnSerialMismatch(t *testing.T) {
	db := retOpen(t)
	ctx := context.Background()
	i := inspector{t, db, retRMA}
	res := i.scan("(01)0" + gtinBuds + "(21)SN-ZZ")
	if res.Effect.Flag != core.FlagSerialMismatch || res.Effect.FlagDetail != "serial SN-ZZ; shipped SN-A1" {
		t.Fatalf("swapped earbuds: %+v", res.Effect)
	}
	flagged := retLast(t, db, core.EventReturnItemFlagged)
	if flagged["flag"] != "serial_mismatch" || flagged["serial"] != "SN-ZZ" {
		t.Fatalf("flag event: %v", flagged)
	}
	res = i.grade(core.GradeLikeNew)
	if res.Effect.Final.Disposition != core.DispositionHold || res.Effect.Final.RefundPct != 0 {
		t.Fatalf("a flagged unit is held without refund: %+v", res.Effect.Final)
	}
	i.scan(gtinMug)
	i.grade(core.GradeNewSealed)
	i.scan("BIN-B-01-1")
	if _, err := db.FinishReturn(ctx, retRMA, retInspector, false); !errors.Is(err, core.ErrItemsMissing) {
		t.Fatalf("finish with a mug and the shipped earbuds missing: %v", err)
	}
	res = i.finish(true)
	if res.Inspection.Status != core.ReturnHeld || !res.Effect.Held {
		t.Fatalf("serial mismatch must hold the return: %s", res.Inspection.Status)
	}
	types := retTypes(retEvents(t, db))
	if slices.Contains(types, core.EventReturnRefund) {
		t.Fatalf("a refund event before the supervisor's review: %v", types)
	}
	held := retLast(t, db, core.EventReturnHeld)
	if !strings.Contains(fmt.Sprint(held["flags"]), "serial_mismatch") {
		t.Fatalf("held event: %v", held)
	}
	if st, _ := db.ReturnStats(ctx); st.Held != 1 {
		t.Fatalf("stats: %+v", st)
	}

	// Only a supervisor with the right PIN may decide.
	if _, err := db.ReviewReturn(ctx, retRMA, retInspector, sqlite.Approval{SupervisorID: retSupervisor, PIN: "0000"}, true, ""); !errors.Is(err, core.ErrBadCredentials) {
		t.Fatalf("wrong PIN: %v", err)
	}
	if _, err := db.ReviewReturn(ctx, retRMA, retInspector, sqlite.Approval{SupervisorID: retInspector, PIN: testPIN}, true, ""); core.ErrorCode(err) != core.EFORBIDDEN {
		t.Fatalf("an inspector reviewing: %v", err)
	}
	res, err := db.ReviewReturn(ctx, retRMA, retInspector, sqlite.Approval{SupervisorID: retSupervisor, PIN: retSupervisorPIN}, false, "earbuds swapped for a fake")
	if err != nil {
		t.Fatal(err)
	}
	if res.Inspection.Status != core.ReturnInspected {
		t.Fatalf("reviewed: %s", res.Inspection.Status)
	}
	refund := retLast(t, db, core.EventReturnRefund)
	if refund["reviewed_by"] != float64(retSupervisor) || refund["refund"].(map[string]any)["kind"] != "none" {
		t.Fatalf("refund after review: %v", refund)
	}
	if got := retTypes(retEvents(t, db)); got[len(got)-2] != core.EventReturnReviewed {
		t.Fatalf("review event: %v", got)
	}
}

func TestReturnUnexpectedItems(t *testing.T) {
	db := retOpen(t)
	i := inspector{t, db, retRMA}
	tests := []struct {
		code string
		flag core.ReturnFlag
	}{
		{gtinSocks, core.FlagNotInOrder},    // ours, but not on W10
		{"4006381333931", core.FlagNotOurs}, // a valid EAN this business does not sell
		{gtinMug, ""},                       // matched
		{gtinMug, ""},                       // matched
		{gtinMug, core.FlagExtraUnit},       // a third mug: only two announced
		{"(01)0" + gtinHoney + "(17)271231(10)L1", core.FlagNotInOrder},
	}
	for _, tt := range tests {
		res := i.scan(tt.code)
		if res.Effect.Flag != tt.flag {
			t.Fatalf("scan %s: flag %q, want %q", tt.code, res.Effect.Flag, tt.flag)
		}
		i.grade(core.GradeNewSealed)
		if i.step().Kind == returns.StepRestock {
			i.scan("BIN-B-01-1")
		}
	}
	res := i.finish(true)
	if !res.Effect.Held || len(res.Effect.Flags) != 4 {
		t.Fatalf("held %v with flags %+v", res.Effect.Held, res.Effect.Flags)
	}
	if n := len(retEvents(t, db)); n == 0 {
		t.Fatal("no events")
	}
	var flaggedItems int
	for _, e := range retEvents(t, db) {
		if e.Type == core.EventReturnItemFlagged {
			flaggedItems++
		}
	}
	if flaggedItems != 4 {
		t.Fatalf("%d flagged-item events, want 4", flaggedItems)
	}
}

func TestReturnItemFromAnotherOrder(t *testing.T) {
	db := retOpen(t)
	// W1 was picked here with earbuds SN-0001, and shipped.
	p := claim(t, db, pickerID, "W1")
	p.scan("TOTE-T1")
	p.scan("BIN-A-02-1")
	p.scan("(01)0" + gtinBuds + "(21)SN-0001")
	p.scan("BIN-B-01-1")
	p.scan(gtinMug)
	p.scan("2")
	if err := sqlite.ExecRaw(db, "UPDATE orders SET status = 'shipped' WHERE external_id = 'W1'"); err != nil {
		t.Fatal(err)
	}
	// The customer of W10 sends back W1's earbuds.
	i := inspector{t, db, retRMA}
	res := i.scan("(01)0" + gtinBuds + "(21)SN-0001")
	if res.Effect.Flag != core.FlagOtherOrder || !strings.Contains(res.Effect.FlagDetail, "W1") {
		t.Fatalf("earbuds of W1 in W10's return: %+v", res.Effect)
	}
}

func TestUnexpectedReturn(t *testing.T) {
	db := retOpen(t)
	ctx := context.Background()
	p := claim(t, db, pickerID, "W1")
	p.scan("TOTE-T1")
	p.scan("BIN-A-02-1")
	p.scan("(01)0" + gtinBuds + "(21)SN-0042")
	p.scan("BIN-B-01-1")
	p.scan(gtinMug)
	p.scan("2")
	if err := sqlite.ExecRaw(db, "UPDATE orders SET status = 'shipped' WHERE external_id = 'W1'"); err != nil {
		t.Fatal(err)
	}

	// No return on record: the order number finds the order, not a return.
	found, err := db.FindReturn(ctx, mustParse(t, "ORD-W1"))
	if err != nil || found.RMA != "" || found.OrderRef != "W1" {
		t.Fatalf("find by order: %+v, %v", found, err)
	}
	// An item's serial finds it too, and so does the customer's name.
	found, err = db.FindReturn(ctx, mustParse(t, "(01)0"+gtinBuds+"(21)SN-0042"))
	if err != nil || found.RMA != "" || found.OrderRef != "W1" || found.FoundBy != "serial" {
		t.Fatalf("find by serial: %+v, %v", found, err)
	}
	if _, err := db.FindReturn(ctx, mustParse(t, "(01)0"+gtinBuds+"(21)NOPE")); !errors.Is(err, core.ErrNoReturn) {
		t.Fatalf("unknown serial: %v", err)
	}
	if _, err := db.FindReturn(ctx, mustParse(t, "RMA-R999")); !errors.Is(err, core.ErrNoReturn) {
		t.Fatalf("unknown RMA: %v", err)
	}
	matches, err := db.FindOrdersForReturn(ctx, "dubois")
	if err != nil || len(matches) != 1 || matches[0].Ref != "W1" || matches[0].Items != 3 {
		t.Fatalf("find by customer: %+v, %v", matches, err)
	}
	if _, err := db.StartUnexpectedReturn(ctx, "W2", retInspector, "order"); core.ErrorReason(err) != "order_not_delivered" {
		t.Fatalf("unexpected return of an order not shipped: %v", err)
	}

	rma, err := db.StartUnexpectedReturn(ctx, "W1", retInspector, "serial")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := db.StartUnexpectedReturn(ctx, "W1", retInspector, "serial"); again != rma {
		t.Fatalf("a second unexpected return %s for the same parcel, first %s", again, rma)
	}
	ev := retLast(t, db, core.EventReturnUnexpected)
	if ev["rma"] != rma || ev["found_by"] != "serial" {
		t.Fatalf("unexpected event: %v", ev)
	}
	in, err := db.Inspection(ctx, rma)
	if err != nil {
		t.Fatal(err)
	}
	if !in.Unexpected || len(in.Lines) != 2 || in.Lines[0].Reason != core.ReasonUnexpected {
		t.Fatalf("unexpected return: %+v", in)
	}
	// The serial picked here is what the unit must carry.
	i := inspector{t, db, rma}
	i.reject("(01)0"+gtinBuds, core.ErrCaptureRequired)
	if res := i.scan("(01)0" + gtinBuds + "(21)SN-0042"); res.Effect.Flag != "" {
		t.Fatalf("the unit shipped: %+v", res.Effect)
	}
	i.grade(core.GradeNewSealed)
	i.scan("BIN-A-02-1")
	res := i.finish(true) // the mugs stay with the customer
	if res.Inspection.Status != core.ReturnInspected || res.Effect.Refund.Kind != core.RefundPartial {
		t.Fatalf("unexpected return finished: %s, refund %+v", res.Inspection.Status, res.Effect.Refund)
	}
	refund := retLast(t, db, core.EventReturnRefund)
	if refund["unexpected"] != true {
		t.Fatalf("refund event does not say unexpected: %v", refund)
	}
}

func TestReturnOverrideNeedsSupervisor(t *testing.T) {
	db := retOpen(t)
	ctx := context.Background()
	i := inspector{t, db, retRMA}
	i.scan(gtinMug)
	// Used: the rules say liquidate at half refund; the inspector thinks it is fine.
	raise := returns.Confirmation{Grade: core.GradeUsed, Override: &returns.Override{
		Disposition: core.DispositionRestock, RefundPct: 100, Reason: "only the box is scuffed", SupervisorID: retSupervisor}}
	before := countEvents(t, db)
	if _, err := db.InspectConfirm(ctx, retRMA, retInspector, raise, nil); !errors.Is(err, core.ErrSupervisorRequired) {
		t.Fatalf("raise without approval (a supervisor id alone is not approval): %v", err)
	}
	if _, err := db.InspectConfirm(ctx, retRMA, retInspector, raise, &sqlite.Approval{SupervisorID: retSupervisor, PIN: "9999"}); !errors.Is(err, core.ErrBadCredentials) {
		t.Fatalf("raise with a wrong PIN: %v", err)
	}
	if _, err := db.InspectConfirm(ctx, retRMA, retInspector, raise, &sqlite.Approval{SupervisorID: pickerID, PIN: testPIN}); core.ErrorCode(err) != core.EFORBIDDEN {
		t.Fatalf("raise approved by a picker: %v", err)
	}
	if countEvents(t, db) != before {
		t.Fatal("refused overrides wrote events")
	}
	res := i.confirm(raise, &sqlite.Approval{SupervisorID: retSupervisor, PIN: retSupervisorPIN})
	if res.Effect.Final.Disposition != core.DispositionRestock || res.Effect.Final.RefundPct != 100 || res.Effect.Override.SupervisorID != retSupervisor {
		t.Fatalf("approved override: %+v", res.Effect)
	}
	ov := retLast(t, db, core.EventReturnOverride)
	if ov["supervisor"] != float64(retSupervisor) || ov["reason"] != "only the box is scuffed" ||
		fmt.Sprint(ov["from"]) != "map[disposition:liquidate refund_pct:50 rule:10]" || fmt.Sprint(ov["to"]) != "map[disposition:restock refund_pct:100]" {
		t.Fatalf("override event: %v", ov)
	}
	audit := retOverrides(t, db)
	if len(audit) != 1 || audit[0] != "staff 40 supervisor 41: liquidate 50 -> restock 100 (only the box is scuffed)" {
		t.Fatalf("override audit: %q", audit)
	}
	i.scan("BIN-B-01-1")

	// Lowering the refund needs no supervisor, but a reason.
	i.scan(gtinMug)
	lower := returns.Confirmation{Grade: core.GradeNewSealed, Override: &returns.Override{Disposition: core.DispositionDispose, RefundPct: 0}}
	if _, err := db.InspectConfirm(ctx, retRMA, retInspector, lower, nil); !errors.Is(err, core.ErrReasonRequired) {
		t.Fatalf("override without a reason: %v", err)
	}
	lower.Override.Reason = "smells of smoke"
	if res := i.confirm(lower, nil); res.Effect.Final.RefundPct != 0 || res.Effect.Override.SupervisorID != 0 {
		t.Fatalf("lowered: %+v", res.Effect)
	}
	if audit := retOverrides(t, db); len(audit) != 2 || audit[1] != "staff 40 supervisor 0: restock 100 -> dispose 0 (smells of smoke)" {
		t.Fatalf("override audit: %q", audit)
	}
}

func retOverrides(t testing.TB, db *sqlite.DB) []string {
	t.Helper()
	raw, err := sqlite.QueryStrings(db, `SELECT 'staff ' || staff_id || ' supervisor ' || COALESCE(supervisor_id, 0) || ': ' ||
		from_disposition || ' ' || from_refund_pct || ' -> ' || to_disposition || ' ' || to_refund_pct || ' (' || reason || ')'
		FROM return_overrides ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestReturnRestockRestoresStock(t *testing.T) {
	db := retOpen(t)
	i := inspector{t, db, retRMA}
	mugs, buds := stockOf(t, db, "B-01-1", "MUG"), stockOf(t, db, "A-02-1", "BUDS")
	for range 2 {
		i.scan(gtinMug)
		i.grade(core.GradeNewSealed)
		i.scan("BIN-B-01-1")
	}
	i.scan("(01)0" + gtinBuds + "(21)SN-A1")
	// Defective: back to the vendor, no restock.
	if res := i.grade(core.GradeUsed); res.Effect.Final.Disposition != core.DispositionReturnToVendor {
		t.Fatalf("defective earbuds: %+v", res.Effect.Final)
	}
	if s := i.step(); s.Kind != returns.StepFinish {
		t.Fatalf("step %s: a vendor return needs no bin", s.Kind)
	}
	if got := stockOf(t, db, "B-01-1", "MUG"); got != mugs+2 {
		t.Fatalf("mugs %d, want %d", got, mugs+2)
	}
	if got := stockOf(t, db, "A-02-1", "BUDS"); got != buds {
		t.Fatalf("earbuds stock moved: %d", got)
	}
	// A bin the product was never in gets a stock row.
	db2 := retOpen(t)
	j := inspector{t, db2, retRMA}
	j.scan(gtinMug)
	j.grade(core.GradeLikeNew)
	res := j.scan("BIN-C-09-2")
	if res.Effect.Kind != returns.EffectRestock || stockOf(t, db2, "C-09-2", "MUG") != 1 {
		t.Fatalf("restock into a new bin: %+v, stock %d", res.Effect, stockOf(t, db2, "C-09-2", "MUG"))
	}
	ev := retLast(t, db2, core.EventReturnItemRestocked)
	if ev["bin"] != "C-09-2" || ev["sku"] != "MUG" || ev["qty"] != float64(1) {
		t.Fatalf("restock event: %v", ev)
	}
}

func TestReturnFraudSignals(t *testing.T) {
	db := retOpen(t)
	ctx := context.Background()
	// The weight: two mugs and earbuds are 680 g; a 2.5 kg parcel is not them.
	if _, err := db.WeighReturn(ctx, retRMA, retInspector, 2500); err != nil {
		t.Fatal(err)
	}
	if w := retLast(t, db, core.EventReturnWeighed); w["suspicious"] != true || w["expected_g"] != float64(680) {
		t.Fatalf("weighed: %v", w)
	}
	i := inspector{t, db, retRMA}
	for range 2 {
		i.scan(gtinMug)
		i.grade(core.GradeNewSealed)
		i.scan("BIN-B-01-1")
	}
	i.scan("(01)0" + gtinBuds + "(21)SN-A1")
	i.grade(core.GradeNewSealed) // defective: back to the vendor
	res := i.finish(false)
	if !res.Effect.Held || len(res.Effect.Flags) != 1 || res.Effect.Flags[0].Flag != core.FlagWeight {
		t.Fatalf("weight: held %v flags %+v", res.Effect.Held, res.Effect.Flags)
	}
	if res.Effect.Refund.Kind != core.RefundFull {
		t.Fatalf("proposed refund kept for review: %+v", res.Effect.Refund)
	}

	// A customer with many returns: four earlier ones here, this is the fifth.
	db = retOpen(t)
	var cs core.ChangeSet
	for n := range 4 {
		r := retReturn(fmt.Sprintf("R9%d", n), "W10")
		r.Lines = r.Lines[:1]
		cs.Returns = append(cs.Returns, r)
	}
	if err := db.ApplyChanges(ctx, cs); err != nil {
		t.Fatal(err)
	}
	in, err := db.Inspection(ctx, retRMA)
	if err != nil || in.CustomerReturns != 5 {
		t.Fatalf("customer returns: %d, %v", in.CustomerReturns, err)
	}
	i = inspector{t, db, retRMA}
	for range 2 {
		i.scan(gtinMug)
		i.grade(core.GradeNewSealed)
		i.scan("BIN-B-01-1")
	}
	res = i.finish(true)
	if !res.Effect.Held || res.Effect.Flags[0].Flag != core.FlagFrequentReturner {
		t.Fatalf("frequent returner: %+v", res.Effect.Flags)
	}
	// The business can raise the threshold.
	db = retOpen(t)
	if err := db.ApplyChanges(ctx, cs); err != nil {
		t.Fatal(err)
	}
	pol := returns.DefaultPolicy
	pol.FrequentReturns = 10
	if err := db.SetReturnPolicy(ctx, pol); err != nil {
		t.Fatal(err)
	}
	i = inspector{t, db, retRMA}
	i.scan(gtinMug)
	i.grade(core.GradeDamaged)
	if res := i.finish(true); res.Effect.Held {
		t.Fatalf("held with the threshold at 10: %+v", res.Effect.Flags)
	}
}

func TestReturnPhotos(t *testing.T) {
	db := retOpen(t)
	ctx := context.Background()
	dir := t.TempDir()
	photo := filepath.Join(dir, "IMG_0001.jpg")
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff\xe0 jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	i := inspector{t, db, retRMA}
	i.scan(gtinMug)
	before := countEvents(t, db)
	if _, err := db.InspectConfirm(ctx, retRMA, retInspector, returns.Confirmation{Grade: core.GradeDamaged, Photos: []string{filepath.Join(dir, "missing.jpg")}}, nil); core.ErrorReason(err) != "bad_photo" {
		t.Fatalf("a photo that is not there: %v", err)
	}
	if _, err := db.InspectConfirm(ctx, retRMA, retInspector, returns.Confirmation{Grade: core.GradeDamaged, Photos: []string{dir}}, nil); core.ErrorReason(err) != "bad_photo" {
		t.Fatalf("a folder as a photo: %v", err)
	}
	if countEvents(t, db) != before {
		t.Fatal("refused photos wrote events")
	}
	i.confirm(returns.Confirmation{Grade: core.GradeDamaged, Photos: []string{photo}}, nil)
	ev := retLast(t, db, core.EventReturnItemInspected)
	if fmt.Sprint(ev["photos"]) != "["+photo+"]" {
		t.Fatalf("photos in the event: %v", ev["photos"])
	}
	stored, err := sqlite.QueryStrings(db, "SELECT path FROM return_photos")
	if err != nil || len(stored) != 1 || stored[0] != photo {
		t.Fatalf("stored photos %q, %v", stored, err)
	}
}

func TestReturnRulesSeededAsDefaults(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	rules, err := db.ReturnRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rules, returns.DefaultRules()) {
		t.Fatalf("seeded rules differ from returns.DefaultRules:\n%+v\n%+v", rules, returns.DefaultRules())
	}
	lists, err := db.ReturnChecklists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(lists, returns.DefaultChecklists) {
		t.Fatalf("seeded checklists differ from returns.DefaultChecklists:\n%v\n%v", lists, returns.DefaultChecklists)
	}

	// The business replaces the table: every mug is disposed of at full refund.
	bad := returns.Rules{{Disposition: "burn"}}
	if err := db.SetReturnRules(ctx, retInspector, bad); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("invalid rules: %v", err)
	}
	custom := returns.Rules{{Category: "", Disposition: core.DispositionDispose, RefundPct: 100}}
	if err := db.SetReturnRules(ctx, retInspector, custom); err != nil {
		t.Fatal(err)
	}
	rules, _ = db.ReturnRules(ctx)
	if len(rules) != 1 || rules[0].ID <= 12 {
		t.Fatalf("new table %+v: ids must not be reused", rules)
	}
	if err := db.ApplyChanges(ctx, retFixture(t)); err != nil {
		t.Fatal(err)
	}
	i := inspector{t, db, retRMA}
	i.scan(gtinMug)
	if res := i.grade(core.GradeNewSealed); res.Effect.Final.Disposition != core.DispositionDispose || res.Effect.Rule.RuleID != rules[0].ID {
		t.Fatalf("decided by the new table: %+v", res.Effect)
	}
	if !slices.Contains(eventTypes(t, db), core.EventReturnRulesChanged) {
		t.Fatal("no event for the new rules")
	}
}

func TestApplyReturnUpdatesAndWithdraws(t *testing.T) {
	db := retOpen(t)
	ctx := context.Background()
	// The hub corrects an announced return: one mug only.
	r := retReturn(retRMA, "W10")
	r.Lines = r.Lines[:1]
	r.Lines[0].Qty = 1
	if err := db.ApplyChanges(ctx, core.ChangeSet{Returns: []core.Return{r}}); err != nil {
		t.Fatal(err)
	}
	in, _ := db.Inspection(ctx, retRMA)
	if len(in.Lines) != 1 || in.Lines[0].Qty != 1 {
		t.Fatalf("corrected return: %+v", in.Lines)
	}
	// Once opened, the station's work wins over the hub's lines.
	inspector{t, db, retRMA}.scan(gtinMug)
	if err := db.ApplyChanges(ctx, core.ChangeSet{Returns: []core.Return{retReturn(retRMA, "W10")}}); err != nil {
		t.Fatal(err)
	}
	if in, _ = db.Inspection(ctx, retRMA); len(in.Lines) != 1 || len(in.Items) != 1 {
		t.Fatalf("opened return changed by the hub: %+v", in)
	}
	// Withdrawn while being inspected: a person must sort it out.
	r.Status = core.ReturnCancelled
	if err := db.ApplyChanges(ctx, core.ChangeSet{Returns: []core.Return{r}}); err != nil {
		t.Fatal(err)
	}
	exc, _ := db.OpenExceptions(ctx)
	if len(exc) != 1 || exc[0].Kind != "return_withdrawn" {
		t.Fatalf("exceptions %+v", exc)
	}
	// Withdrawn before anyone opened it: gone from the queue.
	if err := db.ApplyChanges(ctx, core.ChangeSet{Returns: []core.Return{retReturn("R200", "W10")}}); err != nil {
		t.Fatal(err)
	}
	w := retReturn("R200", "W10")
	w.Status = core.ReturnCancelled
	if err := db.ApplyChanges(ctx, core.ChangeSet{Returns: []core.Return{w}}); err != nil {
		t.Fatal(err)
	}
	if in, _ := db.Inspection(ctx, "R200"); in.Status != core.ReturnCancelled {
		t.Fatalf("withdrawn return is %s", in.Status)
	}
	bad := retReturn("", "W10")
	if err := db.ApplyChanges(ctx, core.ChangeSet{Returns: []core.Return{bad}}); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("a return without RMA: %v", err)
	}
}

func TestReturnStats(t *testing.T) {
	db := retOpen(t)
	ctx := context.Background()
	if err := db.ApplyChanges(ctx, core.ChangeSet{Returns: []core.Return{retReturn("R101", "W10"), retReturn("R102", "W10")}}); err != nil {
		t.Fatal(err)
	}
	st, err := db.ReturnStats(ctx)
	if err != nil || st != (sqlite.ReturnStats{Waiting: 3}) {
		t.Fatalf("stats %+v, %v", st, err)
	}
	i := inspector{t, db, "R101"}
	i.scan(gtinMug)
	i.grade(core.GradeDamaged)
	if st, _ = db.ReturnStats(ctx); st != (sqlite.ReturnStats{Waiting: 2, Inspecting: 1}) {
		t.Fatalf("stats %+v", st)
	}
	open, err := db.OpenReturns(ctx, 10)
	if err != nil || len(open) != 3 || open[0].RMA != "R101" || open[1].Units != 3 {
		t.Fatalf("open returns %+v, %v", open, err)
	}
	i.finish(true)
	if st, _ = db.ReturnStats(ctx); st != (sqlite.ReturnStats{Waiting: 2, InspectedLastHour: 1}) {
		t.Fatalf("stats %+v", st)
	}
	db.Now = func() time.Time { return now().Add(2 * time.Hour) }
	if st, _ = db.ReturnStats(ctx); st.InspectedLastHour != 0 {
		t.Fatalf("an hour later: %+v", st)
	}
}

func TestFindReturnByShippedPackageSSCC(t *testing.T) {
	db := retOpen(t)
	ctx := context.Background()
	// The customer sent W10 back in its original box: the pack station's
	// SSCC on the old label finds the order and its return.
	err := sqlite.ExecRaw(db, `INSERT INTO packages(order_id, seq, status, carton, weight_g, sscc, staff_id, opened_at, closed_at)
		SELECT id, 1, 'closed', 'M', 700, '376141410000000023', 1, 0, 0 FROM orders WHERE external_id = 'W10'`)
	if err != nil {
		t.Fatal(err)
	}
	found, err := db.FindReturn(ctx, mustParse(t, "376141410000000023"))
	if err != nil || found.RMA != retRMA || found.OrderRef != "W10" || found.FoundBy != "sscc" {
		t.Fatalf("find by the shipped package's SSCC: %+v, %v", found, err)
	}
	if _, err := db.FindReturn(ctx, mustParse(t, "376141410000000030")); !errors.Is(err, core.ErrNoReturn) {
		t.Fatalf("an SSCC nobody knows: %v", err)
	}
}
