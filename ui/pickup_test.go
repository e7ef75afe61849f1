package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// pickupOrderOf returns the first demo store-pickup order with its code.
func pickupOrderOf(t *testing.T, db *sqlite.DB, skip int) core.Order {
	t.Helper()
	q, err := db.Queues(context.Background())
	if err != nil || q.ToPick[core.FulfillStorePickup] == 0 {
		t.Fatalf("no store pickups in the demo store: %+v %v", q, err)
	}
	for n := 100001; n < 100061; n++ {
		o, err := db.Order(context.Background(), fmt.Sprintf("W%06d", n))
		if err != nil {
			t.Fatal(err)
		}
		if o.Fulfillment == core.FulfillStorePickup && o.PickupCode != "" {
			if skip == 0 {
				return o
			}
			skip--
		}
	}
	t.Fatal("no store pickup order with a code")
	return core.Order{}
}

// stageByStore picks a pickup order and stages it in one bag on HOLD-05,
// straight through the store: the counter's test starts from there.
func stageByStore(t *testing.T, db *sqlite.DB, ref string) {
	t.Helper()
	pickForPacking(t, db, ref)
	ctx := context.Background()
	if _, err := db.StageBags(ctx, ref, 3, 1); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{pickup.BagCode(ref, 1), "BIN-HOLD-05"} {
		sc, err := pickup.ParseScan(scan.Parser{}, code)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.StageScan(ctx, ref, 3, sc); err != nil {
			t.Fatalf("stage %s: %v", code, err)
		}
	}
}

func mustBanner(t *testing.T, b *Banner, tone Tone, title string) {
	t.Helper()
	if b.Tone() != tone || b.Title() != title {
		t.Fatalf("banner %q / %q, want %q", b.Title(), b.Text(), title)
	}
}

func pickupEventCount(t *testing.T, db *sqlite.DB, ref, typ string) int {
	t.Helper()
	evs, err := db.Events(context.Background(), 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.OrderID == ref && e.Type == typ {
			n++
		}
	}
	return n
}

// TestPickupStageAndHandOverByQR stages a picked pickup order from its tote
// (tags printed), then serves the customer: their QR code finds and
// verifies the order, every bag is scanned out, the handoff completes.
func TestPickupStageAndHandOverByQR(t *testing.T) {
	printer := &fakePrinter{}
	q := &uiQueue{}
	app, db := newTestStation(t, Options{Printer: printer, do: q.do})
	t.Cleanup(app.Stop)
	o := pickupOrderOf(t, db, 0)
	pickForPacking(t, db, o.ExternalID)

	signInAs(t, app, "Chloé Store", "3333")
	press(app.home.Field, fyne.KeyF5)
	queue := pickupShown[*PickupScreen](app)
	if queue == nil || len(queue.Entries()) != 1 || queue.Entries()[0].Status != core.OrderPicked {
		t.Fatalf("pickup queue: %+v", queue)
	}
	snap(t, app, "pickup-queue")

	// Staging: the tote, two bags, two hold shelves.
	press(queue.Field, fyne.KeyF2)
	st := pickupShown[*StagingScreen](app)
	scanInto(st.Field, "TOTE-"+o.ExternalID)
	if st.Staging() == nil || st.Step.Text != "HOW MANY BAGS?" {
		t.Fatalf("after the tote: %q / %s", st.Step.Text, st.Banner.Text())
	}
	scanInto(st.Field, "2")
	mustBanner(t, st.Banner, ToneGood, "2 BAGS")
	st.printing.Wait()
	q.pump()
	if got := printer.names(); len(got) != 2 || !strings.Contains(got[1], "bag 2 of 2") {
		t.Fatalf("bag tags printed: %v", got)
	}
	scanInto(st.Field, "BIN-HOLD-01") // the shelf before the bag
	mustBanner(t, st.Banner, ToneBad, "SCAN THE BAG")
	scanInto(st.Field, "")
	scanInto(st.Field, pickup.BagCode(o.ExternalID, 1))
	scanInto(st.Field, "BIN-HOLD-01")
	scanInto(st.Field, pickup.BagCode(o.ExternalID, 2))
	scanInto(st.Field, "BIN-A-01-1") // a stock bin
	mustBanner(t, st.Banner, ToneBad, "NOT A HOLD SHELF")
	scanInto(st.Field, "")
	scanInto(st.Field, "BIN-HOLD-02")
	mustBanner(t, st.Banner, ToneGood, "READY FOR PICKUP")
	snap(t, app, "pickup-staged")
	if s, _ := db.Order(context.Background(), o.ExternalID); s.Status != core.OrderStaged {
		t.Fatalf("order is %s after staging", s.Status)
	}

	// The customer shows their QR code at the counter.
	press(st.Field, fyne.KeyEscape)
	queue = pickupShown[*PickupScreen](app)
	if len(queue.Rows) != 1 || !strings.Contains(queue.Rows[0].Text, "READY") || !strings.Contains(queue.Rows[0].Text, "HOLD-01, HOLD-02") {
		t.Fatalf("queue row: %q", queue.Rows[0].Text)
	}
	scanInto(queue.Field, "PU-"+o.PickupCode)
	h := pickupShown[*HandoffScreen](app)
	if h == nil {
		t.Fatalf("no handoff screen: %s / %s", queue.Banner.Title(), queue.Banner.Text())
	}
	mustBanner(t, h.Banner, ToneGood, "VERIFIED")
	snap(t, app, "pickup-handoff")
	if h.Step.Text != "SCAN BAG 1 (SHELF HOLD-01)" || !h.Complete.Disabled() {
		t.Fatalf("after the QR: %q, complete enabled %v", h.Step.Text, !h.Complete.Disabled())
	}
	// Bag 2 only: completing names the shelf of the missing bag.
	scanInto(h.Field, pickup.BagCode(o.ExternalID, 2))
	mustBanner(t, h.Banner, ToneGood, "BAG 2 OK")
	press(h.Field, fyne.KeyF9)
	mustBanner(t, h.Banner, ToneBad, "BAG MISSING")
	if !strings.Contains(h.Banner.Text(), "HOLD-01") {
		t.Fatalf("missing bag without its shelf: %s", h.Banner.Text())
	}
	scanInto(h.Field, "")
	scanInto(h.Field, pickup.BagCode(o.ExternalID, 1))
	if h.Complete.Disabled() {
		t.Fatal("every bag scanned, Complete still off")
	}
	test.Tap(h.Complete)
	mustBanner(t, h.Banner, ToneGood, "COLLECTED")
	rec, err := db.HandoffRecord(context.Background(), o.ExternalID)
	if err != nil || rec.Method != core.VerifyCode || rec.StaffID != 3 || rec.Name != o.Customer.Name {
		t.Fatalf("handoff record: %+v, %v", rec, err)
	}
	if n := pickupEventCount(t, db, o.ExternalID, core.EventOrderCollected); n != 1 {
		t.Fatalf("%d order.collected events", n)
	}
	press(h.Field, fyne.KeyEscape)
	if queue := pickupShown[*PickupScreen](app); queue == nil || len(queue.Entries()) != 0 {
		t.Fatal("the collected order is still on the queue")
	}
}

// TestPickupLockOutAndNoHandoffWithoutVerification finds an order by name,
// shows that nothing can be handed over before verification, locks it with
// five wrong codes, has a supervisor release it, and hands it over on an
// ID check.
func TestPickupLockOutAndNoHandoffWithoutVerification(t *testing.T) {
	app, db := newTestStation(t, Options{})
	t.Cleanup(app.Stop)
	o := pickupOrderOf(t, db, 1)
	stageByStore(t, db, o.ExternalID)
	ctx := context.Background()

	signInAs(t, app, "Chloé Store", "3333")
	press(app.home.Field, fyne.KeyF5)
	queue := pickupShown[*PickupScreen](app)
	scanInto(queue.Field, o.ExternalID) // typed: the order number
	if len(queue.Entries()) != 1 || queue.Entries()[0].Ref != o.ExternalID {
		t.Fatalf("search: %s / %s", queue.Banner.Title(), queue.Banner.Text())
	}
	scanInto(queue.Field, "1")
	h := pickupShown[*HandoffScreen](app)
	if h == nil || h.Step.Text != "VERIFY THE CUSTOMER" {
		t.Fatalf("handoff: %v", h)
	}

	// Not verified: no bag goes out, and the handoff cannot complete,
	// whether by key or button.
	if !h.Complete.Disabled() {
		t.Fatal("Complete is on before verification")
	}
	scanInto(h.Field, pickup.BagCode(o.ExternalID, 1))
	mustBanner(t, h.Banner, ToneBad, "VERIFY FIRST")
	scanInto(h.Field, "")
	press(h.Field, fyne.KeyF9)
	mustBanner(t, h.Banner, ToneBad, "VERIFY FIRST")
	scanInto(h.Field, "")
	if got, _ := db.Order(ctx, o.ExternalID); got.Status != core.OrderStaged || pickupEventCount(t, db, o.ExternalID, core.EventOrderCollected) != 0 {
		t.Fatalf("handed over without verification: %s", got.Status)
	}

	// Five wrong codes: the lock-out screen.
	for i := 1; i < pickup.MaxWrongCodes; i++ {
		scanInto(h.Field, "000000")
		mustBanner(t, h.Banner, ToneBad, "WRONG CODE")
		scanInto(h.Field, "")
	}
	scanInto(h.Field, "000000")
	lock := pickupShown[*LockScreen](app)
	if lock == nil || lock.Ref() != o.ExternalID || !strings.Contains(lock.Headline.Text, "LOCKED") {
		t.Fatalf("no lock-out screen after %d wrong codes", pickup.MaxWrongCodes)
	}
	snap(t, app, "pickup-locked")
	if n := pickupEventCount(t, db, o.ExternalID, core.EventPickupLocked); n != 1 {
		t.Fatalf("%d locked events", n)
	}
	// The right code does not open it: the lock holds until a supervisor.
	press(lock.Field, fyne.KeyEscape)
	queue = pickupShown[*PickupScreen](app)
	scanInto(queue.Field, "PU-"+o.PickupCode)
	lock = pickupShown[*LockScreen](app)
	if lock == nil {
		t.Fatal("the right code got past the lock")
	}
	lock.Supervisors.SetSelected("Sam Supervisor")
	scanInto(lock.Field, "0000")
	mustBanner(t, lock.Banner, ToneBad, "NOT SIGNED IN")
	scanInto(lock.Field, "") // understood
	scanInto(lock.Field, "999999")
	h = pickupShown[*HandoffScreen](app)
	if h == nil {
		t.Fatalf("still locked: %s", lock.Banner.Text())
	}
	mustBanner(t, h.Banner, ToneGood, "RELEASED")

	// The customer has no code with them: their ID is checked instead.
	press(h.Field, fyne.KeyF2)
	if len(h.Choices.Objects) != len(pickup.IDTypes) {
		t.Fatalf("ID kinds offered: %d", len(h.Choices.Objects))
	}
	scanInto(h.Field, "2") // passport
	mustBanner(t, h.Banner, ToneGood, "VERIFIED")
	scanInto(h.Field, pickup.BagCode(o.ExternalID, 1))
	press(h.Field, fyne.KeyF9)
	mustBanner(t, h.Banner, ToneGood, "COLLECTED")
	rec, err := db.HandoffRecord(ctx, o.ExternalID)
	if err != nil || rec.Method != core.VerifyIDCheck || rec.IDType != "passport" {
		t.Fatalf("handoff record: %+v, %v", rec, err)
	}
}

// TestPickupCurbsideRefusalAndExpiry serves a curbside customer who
// refuses an item, then returns an uncollected order to stock: both end as
// units scanned back into bins.
func TestPickupCurbsideRefusalAndExpiry(t *testing.T) {
	app, db := newTestStation(t, Options{})
	t.Cleanup(app.Stop)
	ctx := context.Background()
	served, left := pickupOrderOf(t, db, 2), pickupOrderOf(t, db, 3)
	before := stockTotals(t, db, left, served)
	stageByStore(t, db, served.ExternalID)
	stageByStore(t, db, left.ExternalID)

	signInAs(t, app, "Chloé Store", "3333")
	press(app.home.Field, fyne.KeyF5)
	queue := pickupShown[*PickupScreen](app)
	scanInto(queue.Field, "PU-"+served.PickupCode)
	h := pickupShown[*HandoffScreen](app)
	press(h.Field, fyne.KeyF4)
	scanInto(h.Field, "3 red Fiat")
	mustBanner(t, h.Banner, ToneGood, "CURBSIDE BAY 3")
	press(h.Field, fyne.KeyF3) // the customer refuses the first item
	scanInto(h.Field, "1")
	scanInto(h.Field, "1") // damaged
	mustBanner(t, h.Banner, ToneGood, "REFUSED: "+upper(served.Lines[0].Name))
	scanInto(h.Field, pickup.BagCode(served.ExternalID, 1))
	press(h.Field, fyne.KeyF9)
	mustBanner(t, h.Banner, ToneGood, "COLLECTED")
	if !strings.Contains(h.Banner.Text(), "refused") || pickupEventCount(t, db, served.ExternalID, core.EventPickupRefundDue) != 1 {
		t.Fatalf("refusal not handled: %s", h.Banner.Text())
	}
	if rec, _ := db.HandoffRecord(ctx, served.ExternalID); rec.Bay != "3" || rec.Car != "red Fiat" {
		t.Fatalf("handoff record: %+v", rec)
	}

	// A day later the other order is past a one-day window.
	if err := db.SetPickupExpiryDays(ctx, 1); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.Now().Add(25 * time.Hour) }
	press(h.Field, fyne.KeyEscape)
	queue = pickupShown[*PickupScreen](app)
	press(queue.Field, fyne.KeyF3)
	r := pickupShown[*PickupReturnsScreen](app)
	if len(r.Rows) != 2 || !strings.Contains(r.Rows[0].Text, "EXPIRED") || !strings.Contains(r.Rows[1].Text, served.ExternalID) {
		t.Fatalf("returns rows: %d", len(r.Rows))
	}
	scanInto(r.Field, "1")
	mustBanner(t, r.Banner, ToneGood, "EXPIRED")
	for r.Restock().Next().Kind != pickup.RestockDone {
		step := r.Restock().Next()
		if step.Kind == pickup.RestockBin {
			scanInto(r.Field, "BIN-"+step.Task.HomeBin)
		} else {
			scanInto(r.Field, step.Task.GTIN)
		}
		if r.Banner.Tone() != ToneGood {
			t.Fatalf("restock %s: %s / %s", step.Kind, r.Banner.Title(), r.Banner.Text())
		}
	}
	mustBanner(t, r.Banner, ToneGood, "ALL BACK")
	if o, _ := db.Order(ctx, left.ExternalID); o.Status != core.OrderExpired || pickupEventCount(t, db, left.ExternalID, core.EventOrderExpired) != 1 {
		t.Fatalf("expired order is %s", o.Status)
	}
	// The refused unit is still to put back: the last row.
	if len(r.Rows) != 1 || !strings.Contains(r.Rows[0].Text, "PUT BACK: 1 unit of "+served.ExternalID) {
		t.Fatalf("rows after the return: %d", len(r.Rows))
	}
	scanInto(r.Field, "1")
	for r.Restock().Next().Kind != pickup.RestockDone {
		step := r.Restock().Next()
		if step.Kind == pickup.RestockBin {
			scanInto(r.Field, "BIN-"+step.Task.HomeBin)
		} else {
			scanInto(r.Field, step.Task.GTIN)
		}
	}
	mustBanner(t, r.Banner, ToneGood, "ALL BACK")
	// Stock is what it was, less what the served customer kept.
	want := before
	for i, l := range served.Lines {
		want[l.SKU] -= l.Qty
		if i == 0 {
			want[l.SKU]++ // refused, and back
		}
	}
	if got := stockTotals(t, db, left, served); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("stock after the returns: %v, want %v", got, want)
	}
	if n := pickupEventCount(t, db, left.ExternalID, core.EventPickupRestocked) + pickupEventCount(t, db, served.ExternalID, core.EventPickupRestocked); n < 2 {
		t.Fatalf("%d restocked events", n)
	}
}

// stockTotals is how many units of each of the orders' products the store
// counts, over all its bins.
func stockTotals(t *testing.T, db *sqlite.DB, orders ...core.Order) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, o := range orders {
		for _, l := range o.Lines {
			if _, done := out[l.SKU]; done {
				continue
			}
			out[l.SKU] = 0
			for _, b := range demoBinsOf(t, db, l.SKU) {
				n, err := db.StockQty(context.Background(), b, l.SKU)
				if err != nil {
					t.Fatal(err)
				}
				out[l.SKU] += n
			}
		}
	}
	return out
}

// demoBinsOf lists the demo bins that hold a product.
func demoBinsOf(t *testing.T, db *sqlite.DB, sku string) []string {
	t.Helper()
	_, _, stock := demo.Catalogue(1)
	var bins []string
	for _, r := range stock {
		if r.SKU == sku {
			bins = append(bins, r.BinCode)
		}
	}
	return bins
}

// TestPickupQueueRefreshes shows an order staged elsewhere on the queue
// without anyone touching the screen.
func TestPickupQueueRefreshes(t *testing.T) {
	q := &uiQueue{}
	defer func(d time.Duration) { queueRefresh = d }(queueRefresh)
	queueRefresh = 5 * time.Millisecond
	app, db := newTestStation(t, Options{do: q.do})
	t.Cleanup(app.Stop)
	signInAs(t, app, "Chloé Store", "3333")
	press(app.home.Field, fyne.KeyF5)
	s := pickupShown[*PickupScreen](app)
	if len(s.Entries()) != 0 {
		t.Fatalf("queue at start: %d", len(s.Entries()))
	}
	stageByStore(t, db, pickupOrderOf(t, db, 0).ExternalID)
	deadline := time.Now().Add(5 * time.Second)
	for len(s.Entries()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		q.pump()
	}
	if len(s.Entries()) != 1 || !strings.Contains(s.Rows[0].Text, "READY") {
		t.Fatalf("queue after staging elsewhere: %d entries", len(s.Entries()))
	}
}
