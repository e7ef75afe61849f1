package sqlite_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/dispatch"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sqlite/sqlitetest"
)

const (
	dockID        = 51 // the dock worker
	dockBoss      = 52 // a supervisor with a six-digit PIN
	dockBossPIN   = "919293"
	upsTracking1  = "1Z999AA10123456784"
	upsTracking2  = "1Z999AA10123456795"
	dhlTracking   = "JJD000390007658417"
	routingBarcde = "]C1421250" + "75002" // GS1-128: ship to FR 75002
)

// dockSetup adds the dock worker and a supervisor, and the pack station's
// settings.
func dockSetup(t testing.TB, db *sqlite.DB) {
	t.Helper()
	h, err := core.HashPINCost(dockBossPIN, 4)
	if err != nil {
		t.Fatal(err)
	}
	err = db.ApplyChanges(context.Background(), core.ChangeSet{Cursor: "c3", Staff: []core.StaffRecord{
		{Staff: core.Staff{ID: dockID, Name: "Dev Dock", Roles: []core.Role{core.RoleDispatch}}, PINHash: pinHash, Active: true},
		{Staff: core.Staff{ID: dockBoss, Name: "Sid Supervisor", Roles: []core.Role{core.RoleSupervisor}}, PINHash: h, Active: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	packSetup(t, db, 1)
}

// packW2 packs order W2 in two packages (honey, then three pairs of
// socks) and returns their SSCCs; with last false only package 1 closes.
func packW2(t testing.TB, db *sqlite.DB, last bool) []string {
	t.Helper()
	pickOrders(t, db, "W2")
	p := openPack(t, db, "W2")
	p.plan(2)
	p.scan(gtinHoney)
	ssccs := []string{p.close("S", 640).Effect.SSCC}
	if last {
		p.scan(gtinSocks)
		p.scan("3")
		ssccs = append(ssccs, p.close("M", 700).Effect.SSCC)
	}
	return ssccs
}

// packW4 packs order W4 (socks and a mug) in one package.
func packW4(t testing.TB, db *sqlite.DB) string {
	t.Helper()
	pickOrders(t, db, "W4")
	p := openPack(t, db, "W4")
	p.scan(gtinSocks)
	p.scan(gtinMug)
	return p.close("S", 610).Effect.SSCC
}

func printLabel(t testing.TB, db *sqlite.DB, ref string, seq int, carrier, service, tracking string) {
	t.Helper()
	sqlitetest.PrintCarrierLabel(t, db, ref, seq, core.CarrierLabel{Carrier: carrier, Service: service, Tracking: tracking})
}

// dock drives the dispatch screen through the store.
type dock struct {
	t    testing.TB
	db   *sqlite.DB
	code string
}

func openHandover(t testing.TB, db *sqlite.DB, code, carrier string) dock {
	t.Helper()
	if _, err := db.DispatchOpen(context.Background(), dockID, code, carrier); err != nil {
		t.Fatalf("open handover %s: %v", code, err)
	}
	return dock{t: t, db: db, code: code}
}

func (d dock) scan(raw string) sqlite.DispatchResult {
	d.t.Helper()
	res, err := d.db.DispatchScan(context.Background(), d.code, dockID, scan.Parser{}, raw)
	if err != nil {
		d.t.Fatalf("dispatch scan %q: %v", raw, err)
	}
	return res
}

// dockRows is what the dock writes, to prove a refusal wrote nothing.
func dockRows(t testing.TB, db *sqlite.DB, code string) string {
	t.Helper()
	counts, err := db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.Handover(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(struct {
		Events  int
		Status  dispatch.Status
		Parcels []dispatch.Parcel
		Splits  map[string]int64
	}{counts["events"], h.Status, h.Parcels, h.Splits})
	return string(b)
}

// reject scans raw, which must be refused with want and a message saying
// says, writing nothing.
func (d dock) reject(raw string, want error, says string) {
	d.t.Helper()
	before := dockRows(d.t, d.db, d.code)
	_, err := d.db.DispatchScan(context.Background(), d.code, dockID, scan.Parser{}, raw)
	if !errors.Is(err, want) {
		d.t.Fatalf("scan %q: got %v, want %v", raw, err, want)
	}
	if msg := core.ErrorMessage(err); !strings.Contains(msg, says) {
		d.t.Fatalf("scan %q: message %q does not say %q", raw, msg, says)
	}
	if after := dockRows(d.t, d.db, d.code); after != before {
		d.t.Fatalf("scan %q was refused but wrote:\nbefore %s\nafter  %s", raw, before, after)
	}
}

func TestDispatchTwoParcelOrderShipsWithItsTrackingNumbers(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	dockSetup(t, db)
	w2 := packW2(t, db, true)
	printLabel(t, db, "W2", 1, "UPS", "Ground", upsTracking1)
	printLabel(t, db, "W2", 2, "UPS", "Express", upsTracking2)
	w4 := packW4(t, db)
	printLabel(t, db, "W4", 1, "DHL", "Paket", dhlTracking)

	// A new handover needs its carrier; the same code opens it again.
	if _, err := db.DispatchOpen(ctx, dockID, "UPS-1", ""); !errors.Is(err, core.ErrHandoverNeedsCarrier) {
		t.Fatalf("new handover without carrier: %v", err)
	}
	d := openHandover(t, db, "ups-1", "UPS")
	if h, err := db.DispatchOpen(ctx, dockID, "UPS-1", ""); err != nil || h.Carrier != "UPS" {
		t.Fatalf("reopen the open handover: %+v, %v", h, err)
	}
	if _, err := db.DispatchOpen(ctx, dockID, "UPS-1", "DHL"); !errors.Is(err, core.ErrOtherCarrier) {
		t.Fatalf("an UPS handover taken for DHL: %v", err)
	}

	// Refused, writing nothing: another carrier's parcel, the routing
	// barcode, a product, an unknown tracking number.
	d.reject("]C100"+w4, core.ErrOtherCarrier, "goes with DHL, not UPS")
	d.reject(routingBarcde, core.Errorf(core.ECONFLICT, dispatch.ReasonDestinationBarcode, ""), "75002")
	d.reject("(421)25075002", core.Errorf(core.ECONFLICT, dispatch.ReasonDestinationBarcode, ""), "routing barcode")
	d.reject(gtinMug, core.ErrUnknownParcel, gtinMug)
	d.reject("1Z999AA10000000000", core.ErrUnknownParcel, "1Z999AA10000000000")

	// Package 1 by its SSCC (GS1-128), then again by its tracking number.
	res := d.scan("]C100" + w2[0])
	if res.Effect.Parcel.Tracking != upsTracking1 || res.Effect.Parcel.Package != 1 || res.Parcels != 1 {
		t.Fatalf("first scan: %+v", res.Effect)
	}
	d.reject(upsTracking1, core.ErrAlreadyDispatched, "already in this handover")

	// Undo takes it back, once.
	if res, err := db.DispatchUndo(ctx, "UPS-1", dockID); err != nil || res.Parcels != 0 {
		t.Fatalf("undo: %+v, %v", res, err)
	}
	if _, err := db.DispatchUndo(ctx, "UPS-1", dockID); !errors.Is(err, core.ErrNothingToUndo) {
		t.Fatalf("undo twice: %v", err)
	}

	// The Code 128 tracking barcode as printed with spaces, then the 2D
	// code (MaxiCode text: postal code, country, tracking, carrier...).
	d.scan("]C01Z 999 AA1 01 2345 6784")
	// Closing now would leave package 2 behind.
	if _, err := db.DispatchClose(ctx, "UPS-1", dockID); !errors.Is(err, core.ErrIncompleteOrder) || !strings.Contains(core.ErrorMessage(err), "package 2 of 2 is missing") {
		t.Fatalf("close with a parcel missing: %v", err)
	}
	d.scan("[)>\x1e01\x1d96750020000\x1d250\x1d003\x1d" + upsTracking2 + "\x1dUPSN\x1d123X56\x1d001\x1d1/2\x1d5.5\x1dN\x1d\x1dPARIS\x1d\x1e\x04")

	closed, err := db.DispatchClose(ctx, "UPS-1", dockID)
	if err != nil {
		t.Fatal(err)
	}
	if len(closed.Effect.Shipped) != 1 || closed.Effect.Shipped[0].Ref != "W2" || closed.Handover.Status != dispatch.StatusClosed {
		t.Fatalf("close: %+v", closed.Effect)
	}
	if s := orderStatus(t, db, "W2"); s != core.OrderShipped {
		t.Fatalf("W2 is %s after the handover closed", s)
	}
	shipped := payloadOf(t, db, core.EventOrderShipped)
	if len(shipped) != 1 || shipped[0]["_order"] != "W2" {
		t.Fatalf("order.shipped events: %v", shipped)
	}
	var p core.OrderShippedPayload
	b, _ := json.Marshal(shipped[0])
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Tracking, ",") != upsTracking1+","+upsTracking2 || p.Carrier != "UPS" || len(p.Parcels) != 2 || p.Parcels[1].SSCC != w2[1] {
		t.Fatalf("order.shipped payload: %+v", p)
	}
	evs, err := db.PendingEvents(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var dockTypes []string
	for _, e := range evs {
		if strings.HasPrefix(e.Type, "dispatch.") || e.Type == core.EventOrderShipped {
			dockTypes = append(dockTypes, e.Type)
		}
	}
	want := "dispatch.handover_opened dispatch.parcel_scanned dispatch.parcel_undone dispatch.parcel_scanned dispatch.parcel_scanned order.shipped dispatch.handover_closed"
	if got := strings.Join(dockTypes, " "); got != want {
		t.Fatalf("events in the outbox:\n got %s\nwant %s", got, want)
	}

	// Closed: no scan, no undo; a supervisor reopens it, and the sealed
	// parcels stay on it.
	d.reject(upsTracking1, core.ErrHandoverClosed, "closed")
	if _, err := db.DispatchUndo(ctx, "UPS-1", dockID); !errors.Is(err, core.ErrHandoverClosed) {
		t.Fatalf("undo after close: %v", err)
	}
	if _, err := db.DispatchReopen(ctx, "UPS-1", dockID, sqlite.Approval{SupervisorID: dockID, PIN: testPIN}); err == nil {
		t.Fatal("the dock worker reopened a closed handover")
	}
	if _, err := db.DispatchReopen(ctx, "UPS-1", dockID, sqlite.Approval{SupervisorID: dockBoss, PIN: "000000"}); !errors.Is(err, core.ErrBadCredentials) {
		t.Fatalf("reopen with a wrong PIN: %v", err)
	}
	re, err := db.DispatchReopen(ctx, "UPS-1", dockID, sqlite.Approval{SupervisorID: dockBoss, PIN: dockBossPIN})
	if err != nil || re.Handover.Status != dispatch.StatusOpen || len(re.Handover.Parcels) != 2 || re.Parcels != 2 {
		t.Fatalf("reopen: %+v, %v", re, err)
	}
	if _, err := db.DispatchUndo(ctx, "UPS-1", dockID); !errors.Is(err, core.ErrNothingToUndo) {
		t.Fatalf("undo a parcel on the printed manifest: %v", err)
	}
	if n := len(payloadOf(t, db, core.EventDispatchHandoverReopened)); n != 1 {
		t.Fatalf("%d reopened events", n)
	}
	if _, err := db.DispatchClose(ctx, "UPS-1", dockID); core.ErrorReason(err) != "handover_empty" {
		t.Fatalf("close again without a new parcel: %v", err)
	}

	// A shipped order's parcel cannot leave again, in any handover.
	d2 := openHandover(t, db, "UPS-2", "UPS")
	d2.reject(upsTracking2, core.ErrAlreadyDispatched, "shipped already")
	// W4 goes with DHL.
	dhl := openHandover(t, db, "DHL-1", "DHL")
	dhl.scan(dhlTracking)
	if _, err := db.DispatchClose(ctx, "DHL-1", dockID); err != nil {
		t.Fatal(err)
	}
	if s := orderStatus(t, db, "W4"); s != core.OrderShipped {
		t.Fatalf("W4 is %s", s)
	}
}

func TestDispatchRefusesInterceptedUnlabelledAndIncomplete(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	dockSetup(t, db)
	w2 := packW2(t, db, false) // package 1 of 2 closed, package 2 not packed yet
	printLabel(t, db, "W2", 1, "UPS", "Ground", upsTracking1)
	w4 := packW4(t, db) // no carrier label yet
	d := openHandover(t, db, "UPS-7", "UPS")

	d.reject("]C100"+w4, core.ErrNoCarrierLabel, "no carrier label")
	d.reject(upsTracking1, core.ErrIncompleteOrder, "package 2 of 2 is missing")

	// A split needs a supervisor with their PIN.
	if _, err := db.DispatchAllowSplit(ctx, "UPS-7", dockID, "W2", sqlite.Approval{SupervisorID: dockID, PIN: testPIN}); err == nil {
		t.Fatal("the dock worker allowed a split")
	}
	res, err := db.DispatchAllowSplit(ctx, "UPS-7", dockID, "W2", sqlite.Approval{SupervisorID: dockBoss, PIN: dockBossPIN})
	if err != nil || res.Handover.Splits["W2"] != dockBoss {
		t.Fatalf("split: %+v, %v", res, err)
	}
	splits := payloadOf(t, db, core.EventDispatchSplitAllowed)
	if len(splits) != 1 || splits[0]["_order"] != "W2" || splits[0]["supervisor_id"] != float64(dockBoss) {
		t.Fatalf("split events %v", splits)
	}
	d.scan("]C100" + w2[0])
	closed, err := db.DispatchClose(ctx, "UPS-7", dockID)
	if err != nil {
		t.Fatal(err)
	}
	if len(closed.Effect.Shipped) != 0 || len(closed.Effect.Partial) != 1 {
		t.Fatalf("close of a split: %+v", closed.Effect)
	}
	// Part of W2 left: it is not shipped until its last parcel leaves.
	if s := orderStatus(t, db, "W2"); s != core.OrderPicked {
		t.Fatalf("W2 is %s after its first parcel left", s)
	}
	if n := len(payloadOf(t, db, core.EventOrderShipped)); n != 0 {
		t.Fatalf("%d order.shipped for a split order", n)
	}
	if c := payloadOf(t, db, core.EventDispatchHandoverClosed); len(c) != 1 || c[0]["partial"].([]any)[0] != "W2" {
		t.Fatalf("handover_closed %v", c)
	}

	// W4 is cancelled after packing: the intercept pulls its parcel aside,
	// and the put-back task is waiting in the exceptions.
	printLabel(t, db, "W4", 1, "UPS", "Ground", "1Z999AA10123456806")
	if err := db.ApplyChanges(ctx, core.ChangeSet{CancelledOrders: []string{"W4"}}); err != nil {
		t.Fatal(err)
	}
	d2 := openHandover(t, db, "UPS-8", "UPS")
	d2.reject("1Z999AA10123456806", core.ErrIntercepted, "Pull parcel 1 of 1 aside")
	d2.reject("]C100"+w4, core.ErrIntercepted, "cancelled after packing")
	exc, err := db.OpenExceptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range exc {
		found = found || e.Kind == "put_back" && e.OrderRef == "W4" && strings.Contains(e.Message, "cancelled after packing: pull its parcel(s) "+w4+" aside")
	}
	if !found {
		t.Fatalf("no put-back task for the intercepted order: %+v", exc)
	}
}

func TestDockBacklogByCarrierAgeAndCutoff(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	dockSetup(t, db)
	packW2(t, db, true)
	printLabel(t, db, "W2", 1, "UPS", "Ground", upsTracking1)
	printLabel(t, db, "W2", 2, "UPS", "Express", upsTracking2)
	packW4(t, db) // no label yet
	at := now().Add(5 * time.Hour)
	if err := db.SetCarrierCutoff(ctx, "ups", at.Add(20*time.Minute).Format("15:04")); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCarrierCutoff(ctx, "DHL", at.Add(-time.Hour).Format("15:04")); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCarrierCutoff(ctx, "DHL", "25:00"); core.ErrorReason(err) != "bad_cutoff" {
		t.Fatalf("cut-off 25:00: %v", err)
	}
	b, err := db.DockBacklog(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 3 || b[0].Carrier != "DHL" || b[1].Carrier != "UPS" || b[2].Carrier != "" {
		t.Fatalf("backlog %+v", b)
	}
	if b[0].Parcels != 0 || b[0].Missed || b[0].Due {
		t.Errorf("DHL with nothing waiting: %+v", b[0])
	}
	if b[1].Parcels != 2 || b[1].ByAge != [3]int{0, 0, 2} || !b[1].Due || b[1].Missed {
		t.Errorf("UPS 20 minutes before its cut-off: %+v", b[1])
	}
	if b[2].Parcels != 1 {
		t.Errorf("without a carrier label: %+v", b[2])
	}
	if w, err := db.DispatchWaiting(ctx, "UPS", 10); err != nil || len(w) != 2 || w[0].Tracking != upsTracking1 {
		t.Fatalf("waiting for UPS: %+v, %v", w, err)
	}
	// Dispatched, the parcels leave the backlog.
	d := openHandover(t, db, "UPS-1", "UPS")
	d.scan(upsTracking1)
	d.scan(upsTracking2)
	if b, _ := db.DockBacklog(ctx, at); b[1].Parcels != 0 || b[1].Due {
		t.Fatalf("after dispatch %+v", b[1])
	}
}

// TestDispatchSplitScanIsAllOrNothing: a split approved for a parcel the
// handover refuses anyway (another carrier's) writes neither.
func TestDispatchSplitScanIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	dockSetup(t, db)
	w2 := packW2(t, db, false)
	printLabel(t, db, "W2", 1, "DHL", "Paket", dhlTracking)
	openHandover(t, db, "UPS-5", "UPS")
	boss := sqlite.Approval{SupervisorID: dockBoss, PIN: dockBossPIN}
	before := dockRows(t, db, "UPS-5")
	if _, err := db.DispatchSplitScan(ctx, "UPS-5", dockID, scan.Parser{}, "]C100"+w2[0], boss); !errors.Is(err, core.ErrOtherCarrier) {
		t.Fatalf("split scan of a DHL parcel into UPS: %v", err)
	}
	if after := dockRows(t, db, "UPS-5"); after != before {
		t.Fatalf("a refused split scan wrote:\nbefore %s\nafter  %s", before, after)
	}
	openHandover(t, db, "DHL-5", "DHL")
	if _, err := db.DispatchSplitScan(ctx, "DHL-5", dockID, scan.Parser{}, "]C100"+w2[0], sqlite.Approval{SupervisorID: dockID, PIN: testPIN}); err == nil {
		t.Fatal("the dock worker approved a split")
	}
	res, err := db.DispatchSplitScan(ctx, "DHL-5", dockID, scan.Parser{}, "]C100"+w2[0], boss)
	if err != nil || res.Parcels != 1 || res.Handover.Splits["W2"] != dockBoss {
		t.Fatalf("split scan: %+v, %v", res, err)
	}
}

// TestDispatchDigitsThatReadAsARoutingBarcode: a carrier's tracking number
// of plain digits that happen to start with 42 reads as GS1 "ship to
// postal code" too. A scanner without symbology identifiers cannot tell
// them apart: the parcel that has it is found; digits no parcel has are
// refused as the routing barcode.
func TestDispatchDigitsThatReadAsARoutingBarcode(t *testing.T) {
	db := mustOpen(t)
	dockSetup(t, db)
	packW4(t, db)
	printLabel(t, db, "W4", 1, "FDX", "Ground", "4201234567890123")
	d := openHandover(t, db, "FDX-1", "FDX")
	d.reject("4201234567890999", core.Errorf(core.ECONFLICT, dispatch.ReasonDestinationBarcode, ""), "routing barcode")
	if res := d.scan("4201234567890123"); res.Effect.Parcel.OrderRef != "W4" {
		t.Fatalf("scan %+v", res.Effect)
	}
	// A 2D code whose fields name two parcels is refused.
	packW2(t, db, false)
	printLabel(t, db, "W2", 1, "FDX", "Ground", "794698546351")
	d.reject("[)>\x1e01\x1d794698546351\x1d4201234567890123\x1d", core.Errorf(core.ECONFLICT, "ambiguous_parcel", ""), "two parcels")
	// Announced as GS1-128, the same digits are the routing barcode.
	d2 := openHandover(t, db, "FDX-2", "FDX")
	d2.reject("]C14201234567890123", core.Errorf(core.ECONFLICT, dispatch.ReasonDestinationBarcode, ""), "1234567890123")
}
