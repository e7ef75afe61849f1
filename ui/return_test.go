package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/core/sqlite"
)

// retScanInto types a scan into the inspection field and presses Enter.
func retScanInto(f *ReturnField, s string) {
	test.Type(f, s)
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

func retPress(f *ReturnField, k fyne.KeyName) { f.TypedKey(&fyne.KeyEvent{Name: k}) }

// retFind finds the first object of type T on the window.
func retFind[T any](app *App) T {
	var zero T
	var walk func(o fyne.CanvasObject) (T, bool)
	walk = func(o fyne.CanvasObject) (T, bool) {
		if t, ok := o.(T); ok {
			return t, true
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				if t, ok := walk(x); ok {
					return t, true
				}
			}
		}
		return zero, false
	}
	t, _ := walk(app.Window().Content())
	return t
}

func retButtons(o fyne.CanvasObject, out *[]string) {
	switch x := o.(type) {
	case *widget.Button:
		*out = append(*out, x.Text)
	case *fyne.Container:
		for _, c := range x.Objects {
			retButtons(c, out)
		}
	case fyne.Widget:
		if r := test.WidgetRenderer(x); r != nil {
			for _, c := range r.Objects() {
				retButtons(c, out)
			}
		}
	}
}

func retMustBanner(t *testing.T, b *Banner, tone Tone, title, text string) {
	t.Helper()
	if b.Tone() != tone || b.Title() != title || !strings.Contains(b.Text(), text) {
		t.Fatalf("banner %d %q / %q; want %d %q containing %q", b.Tone(), b.Title(), b.Text(), tone, title, text)
	}
}

// TestInspectTwoItemReturnByScansAndKeys inspects a return of a mug and a
// pair of earbuds the way an inspector does with a scanner in one hand:
// scan, one key for the grade, Enter to confirm, scan the bin.
func TestInspectTwoItemReturnByScansAndKeys(t *testing.T) {
	app, db := newTestStation(t, Options{})
	ctx := context.Background()
	products, _, _ := demo.Catalogue(1)
	mug, buds := products[1], products[2] // Home; Electronics, serialised
	err := db.ApplyChanges(ctx, core.ChangeSet{Returns: []core.Return{{
		RMA: "RUI1", OrderRef: "W099999", Customer: core.Customer{Name: "Sarah O'Connor"},
		DeliveredAt: time.Now().Add(-3 * 24 * time.Hour),
		Lines: []core.ReturnLine{
			{LineNo: 1, SKU: mug.SKU, Qty: 1, Reason: core.ReasonChangedMind},
			{LineNo: 2, SKU: buds.SKU, Qty: 1, Reason: core.ReasonNotAsDescribed, Serials: []string{"SNUI-1"}},
		},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	signInAs(t, app, "Dariusz Returns", "4444")
	var labels []string
	retButtons(app.Window().Content(), &labels)
	found := false
	for _, l := range labels {
		found = found || strings.HasPrefix(l, "Returns  [F6]  ·  9 waiting · 0 inspected in the last hour")
	}
	if !found {
		t.Fatalf("no returns figures on the home screen: %q", labels)
	}

	// F6 opens the returns desk; the return label opens the return.
	press(app.home.Field, fyne.KeyF6)
	desk := retFind[*ReturnDesk](app)
	if desk == nil {
		t.Fatal("F6 did not open the returns desk")
	}
	scanInto(desk.Field, "RMA-RUI1")
	s := retFind[*ReturnScreen](app)
	if s == nil {
		t.Fatalf("no inspection screen: %s / %s", desk.Banner.Title(), desk.Banner.Text())
	}
	if f, ok := app.Window().Canvas().Focused().(*ReturnField); !ok || f != s.Field {
		t.Fatal("the scan field does not have the focus")
	}
	if !strings.Contains(s.Lines.Text, "0/1  "+mug.SKU) || !strings.Contains(s.Lines.Text, "not as described") || s.Big.Text != "2 TO COME" {
		t.Fatalf("the announced items: %q, big %q", s.Lines.Text, s.Big.Text)
	}
	events := len(retEventTypes(t, db))

	// The earbuds' plain EAN is not enough: red, stays until acknowledged.
	retScanInto(s.Field, buds.Codes[0][1:])
	retMustBanner(t, s.Banner, ToneBad, "NEEDS LOT / SERIAL", "serial number")
	retScanInto(s.Field, mug.Codes[0][1:])
	if s.Banner.Tone() != ToneBad || !s.OK.Visible() || !strings.Contains(s.Panel.Log.Text, "not recorded") {
		t.Fatal("a scan over an unread error went through")
	}
	if n := len(retEventTypes(t, db)); n != events {
		t.Fatalf("refused scans wrote %d events", n-events)
	}
	retScanInto(s.Field, "") // Enter acknowledges

	// Item one: the mug. Scan, key 1, Enter, scan the bin.
	retScanInto(s.Field, mug.Codes[0][1:])
	retMustBanner(t, s.Banner, ToneGood, "MATCHED", "Grade "+mug.Name)
	snap(t, app, "return-inspect")
	if !strings.HasPrefix(s.Step.Text, "GRADE IT") || s.Confirm.Disabled() == false {
		t.Fatalf("grade step: %q, confirm enabled %v", s.Step.Text, !s.Confirm.Disabled())
	}
	test.Type(s.Field, "1") // one key, no Enter
	if s.grade != core.GradeNewSealed || s.Field.Text != "" || !strings.Contains(s.Detail.Text, "Restock, full refund") {
		t.Fatalf("after key 1: grade %d, field %q, detail %q", s.grade, s.Field.Text, s.Detail.Text)
	}
	retPress(s.Field, fyne.KeyReturn)
	retMustBanner(t, s.Banner, ToneGood, "RESTOCK", "full refund")
	step := s.insp.Next()
	if step.Kind != returns.StepRestock || s.Big.Text != step.Item.HomeBin || step.Item.HomeBin == "" {
		t.Fatalf("restock step: %s, big %q", step.Kind, s.Big.Text)
	}
	bin := step.Item.HomeBin
	before, _ := db.StockQty(ctx, bin, mug.SKU)
	retScanInto(s.Field, "BIN-"+bin)
	retMustBanner(t, s.Banner, ToneGood, "RESTOCKED IN "+bin, "")
	if after, _ := db.StockQty(ctx, bin, mug.SKU); after != before+1 {
		t.Fatalf("stock in %s: %d → %d", bin, before, after)
	}

	// Item two: the earbuds with the serial shipped.
	retScanInto(s.Field, fmt.Sprintf("(01)%s(21)SNUI-1", buds.Codes[0]))
	retMustBanner(t, s.Banner, ToneGood, "MATCHED", "")
	if len(s.checks) != 4 || s.checks[0].Text != "Powers on" {
		t.Fatalf("electronics checklist: %d checks", len(s.checks))
	}
	// A scanner's first digit must not grade: the mug's EAN starts with 5.
	retScanInto(s.Field, mug.Codes[0][1:])
	retMustBanner(t, s.Banner, ToneBad, "ONE AT A TIME", "Grade "+buds.Name)
	if s.grade != core.GradeNone {
		t.Fatalf("the scanner's first digit graded the earbuds %d", s.grade)
	}
	retScanInto(s.Field, "")
	test.Tap(s.checks[0])
	test.Type(s.Field, "2")
	if !strings.Contains(s.Detail.Text, "Refurbish, full refund") {
		t.Fatalf("opened electronics: %q", s.Detail.Text)
	}
	retPress(s.Field, fyne.KeyReturn)
	retMustBanner(t, s.Banner, ToneGood, "REFURBISH", "")
	if s.Step.Text != "EVERYTHING ANNOUNCED IS INSPECTED" {
		t.Fatalf("after both: %q", s.Step.Text)
	}
	retPress(s.Field, fyne.KeyReturn) // Enter finishes
	retMustBanner(t, s.Banner, ToneGood, "FULL REFUND", "sent to the hub")
	if s.Big.Text != "FULL REFUND" {
		t.Fatalf("finished screen: %q", s.Big.Text)
	}
	want := []string{core.EventReturnItemReceived, core.EventReturnItemInspected, core.EventReturnItemRestocked,
		core.EventReturnItemReceived, core.EventReturnItemInspected, core.EventReturnRefund}
	if got := retEventTypes(t, db)[events:]; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events\n got %v\nwant %v", got, want)
	}
	in, _ := db.Inspection(ctx, "RUI1")
	if in.Items[1].Grade != core.GradeLikeNew {
		t.Fatalf("earbuds graded %d", in.Items[1].Grade)
	}
	retPress(s.Field, fyne.KeyEscape)
	if retFind[*ReturnDesk](app) == nil {
		t.Fatal("Esc did not go back to the returns desk")
	}
}

// TestUnexpectedReturnAndSupervisorOverride records a parcel with no return
// on record, found by the customer's name, and overrides a decision with a
// supervisor's PIN.
func TestUnexpectedReturnAndSupervisorOverride(t *testing.T) {
	app, db := newTestStation(t, Options{})
	ctx := context.Background()
	products, _, _ := demo.Catalogue(1)
	mug := products[1]
	o := core.Order{ExternalID: "W098001", Fulfillment: core.FulfillShip, Status: core.OrderShipped,
		Customer: core.Customer{Name: "Aoife Ní Bhriain"}, Lines: []core.OrderLine{{LineNo: 1, SKU: mug.SKU, Qty: 1}}}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}
	signInAs(t, app, "Dariusz Returns", "4444")
	press(app.home.Field, fyne.KeyF6)
	desk := retFind[*ReturnDesk](app)
	scanInto(desk.Field, "ORD-W098001")
	retMustBanner(t, desk.Banner, ToneWarn, "NO RETURN ON RECORD", "F5")
	scanInto(desk.Field, "bhriain")
	if len(desk.Results.Objects) != 1 {
		t.Fatalf("customer search: %d results (%s)", len(desk.Results.Objects), desk.Banner.Text())
	}
	scanInto(desk.Field, "1")
	s := retFind[*ReturnScreen](app)
	if s == nil || !strings.Contains(s.Header.Text, "UNEXPECTED") {
		t.Fatalf("unexpected return not opened: %s / %s", desk.Banner.Title(), desk.Banner.Text())
	}
	retScanInto(s.Field, mug.Codes[0][1:])
	test.Type(s.Field, "3") // used: liquidate at half refund
	if !strings.Contains(s.Detail.Text, "Liquidate, 50 % refund") {
		t.Fatalf("used: %q", s.Detail.Text)
	}
	retPress(s.Field, fyne.KeyF4)
	if !s.OverridePanel.Visible() {
		t.Fatal("F4 did not open the override")
	}
	s.ODisposition.SetSelected(core.DispositionRestock.Label())
	s.ORefund.SetText("100")
	s.OReason.SetText("only the box is worn")
	test.Tap(s.OApply)
	retPress(s.Field, fyne.KeyReturn)
	retMustBanner(t, s.Banner, ToneBad, "SUPERVISOR NEEDED", "supervisor")
	retScanInto(s.Field, "")
	retPress(s.Field, fyne.KeyF4)
	s.ODisposition.SetSelected(core.DispositionRestock.Label())
	s.ORefund.SetText("100")
	s.OReason.SetText("only the box is worn")
	s.OSupervisor.SetSelected("Sam Supervisor")
	s.OPIN.SetText("999999")
	test.Tap(s.OApply)
	if !strings.Contains(s.Detail.Text, "OVERRIDE: Restock, full refund") {
		t.Fatalf("override shown: %q", s.Detail.Text)
	}
	retPress(s.Field, fyne.KeyReturn)
	retMustBanner(t, s.Banner, ToneGood, "RESTOCK", "only the box is worn")
	in, _ := db.Inspection(ctx, s.rma)
	if !in.Items[0].Overridden || in.Items[0].RefundPct != 100 || !in.Unexpected {
		t.Fatalf("item after override: %+v", in.Items[0])
	}
	if s.approval != nil {
		t.Fatal("the supervisor's PIN outlived the item it approved")
	}
}

// defectiveBudsReturn adds return rma of one pair of the demo's serialised
// earbuds, shipped as serial SN-GOOD, and returns the product.
func defectiveBudsReturn(t *testing.T, db *sqlite.DB, rma, orderRef, customer string) core.Product {
	t.Helper()
	products, _, _ := demo.Catalogue(1)
	buds := products[2]
	err := db.ApplyChanges(context.Background(), core.ChangeSet{Returns: []core.Return{{
		RMA: rma, OrderRef: orderRef, Customer: core.Customer{Name: customer},
		Lines: []core.ReturnLine{{LineNo: 1, SKU: buds.SKU, Qty: 1, Reason: core.ReasonDefective, Serials: []string{"SN-GOOD"}}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return buds
}

func retEventTypes(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	evs, err := db.Events(context.Background(), 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		if strings.HasPrefix(e.Type, "return.") {
			out = append(out, e.Type)
		}
	}
	return out
}

// TestHeldReturnNeedsSupervisor weighs a parcel, scans a unit whose serial
// was not shipped, attaches a photo from the station's camera folder, and
// finishes: the return is held, no refund goes out until a supervisor
// approves it with their PIN on the screen.
func TestHeldReturnNeedsSupervisor(t *testing.T) {
	app, db := newTestStation(t, Options{})
	ctx := context.Background()
	buds := defectiveBudsReturn(t, db, "RUI2", "W099998", "James Miller")
	photos := t.TempDir()
	if err := db.SetSetting(ctx, sqlite.SettingReturnPhotoDir, photos); err != nil {
		t.Fatal(err)
	}
	signInAs(t, app, "Dariusz Returns", "4444")
	app.ShowReturn("RUI2", "")
	s := retFind[*ReturnScreen](app)

	retPress(s.Field, fyne.KeyF3)
	retScanInto(s.Field, "heavy")
	retMustBanner(t, s.Banner, ToneBad, "NOT A WEIGHT", "850 g")
	retScanInto(s.Field, "") // understood; still weighing
	retMustBanner(t, s.Banner, ToneInfo, "WEIGH THE PARCEL", "850 g")
	retScanInto(s.Field, "2.5 kg")
	retMustBanner(t, s.Banner, ToneWarn, "WEIGHT: 2.50 kg", "flagged")

	retScanInto(s.Field, fmt.Sprintf("(01)%s(21)SN-FAKE", buds.Codes[0]))
	retMustBanner(t, s.Banner, ToneWarn, "FLAGGED: SERIAL NUMBER DOES NOT MATCH WHAT WAS SHIPPED", "SN-GOOD")
	if !strings.Contains(s.Lines.Text, "FLAGGED") || !strings.HasPrefix(s.Step.Text, "FLAGGED") {
		t.Fatalf("the flag is not on screen: %q / %q", s.Lines.Text, s.Step.Text)
	}
	if err := os.WriteFile(filepath.Join(photos, "IMG_0042.jpg"), []byte("\xff\xd8\xff jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	retPress(s.Field, fyne.KeyF9)
	if s.Photos.Text != "IMG_0042.jpg" {
		t.Fatalf("photos: %q (%s)", s.Photos.Text, s.Banner.Text())
	}
	test.Type(s.Field, "2")
	if !strings.Contains(s.Detail.Text, "Hold for supervisor, no refund") {
		t.Fatalf("a flagged unit: %q", s.Detail.Text)
	}
	retPress(s.Field, fyne.KeyReturn)
	retMustBanner(t, s.Banner, ToneWarn, "HOLD FOR SUPERVISOR", "")
	retPress(s.Field, fyne.KeyF8)
	retMustBanner(t, s.Banner, ToneWarn, "ITEMS MISSING", "F8 again")
	retPress(s.Field, fyne.KeyF8)
	retMustBanner(t, s.Banner, ToneWarn, "HELD FOR A SUPERVISOR", "supervisor")
	if !s.ReviewPanel.Visible() || !strings.Contains(s.Detail.Text, "Serial number does not match") || !strings.Contains(s.Detail.Text, "Parcel weight") {
		t.Fatalf("held screen: panel %v, detail %q", s.ReviewPanel.Visible(), s.Detail.Text)
	}
	if types := retEventTypes(t, db); strings.Contains(fmt.Sprint(types), core.EventReturnRefund) {
		t.Fatalf("a refund event before the review: %v", types)
	}

	s.RSupervisor.SetSelected("Sam Supervisor")
	s.RPIN.SetText("1234")
	test.Tap(s.Approve)
	retMustBanner(t, s.Banner, ToneBad, "WRONG PIN", "PIN")
	retScanInto(s.Field, "")
	s.RPIN.SetText("999999")
	s.RNote.SetText("customer sent the wrong unit")
	test.Tap(s.Reject)
	retMustBanner(t, s.Banner, ToneGood, "REVIEWED: NO REFUND", "sent to the hub")
	types := retEventTypes(t, db)
	if types[len(types)-1] != core.EventReturnRefund || types[len(types)-2] != core.EventReturnReviewed {
		t.Fatalf("events: %v", types)
	}
	stored, err := db.Inspection(ctx, "RUI2")
	if err != nil || stored.Status != core.ReturnInspected || stored.Refund.Kind != core.RefundNone {
		t.Fatalf("after review: %+v, %v", stored, err)
	}
}
