package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sqlite/sqlitetest"
)

// packForDock packs a picked order through the store in as many packages
// as it has lines (at most two, at least one), each weighed as expected in
// carton M, prints a UPS label with each tracking number given on its
// package (none: the package waits for its label) and returns the SSCCs.
func packForDock(t *testing.T, db *sqlite.DB, ref string, tracking ...string) []string {
	t.Helper()
	ctx := context.Background()
	pickForPacking(t, db, ref)
	o, err := db.PackOpen(ctx, 2, ref)
	if err != nil {
		t.Fatal(err)
	}
	n := max(1, min(len(o.Lines), len(tracking)))
	if _, err := db.PackPlan(ctx, ref, n); err != nil {
		t.Fatal(err)
	}
	cartons, err := db.Cartons(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var box core.Carton
	for _, c := range cartons {
		if c.Code == "M" {
			box = c
		}
	}
	var ssccs []string
	for i, l := range o.Lines {
		for u := 0; u < l.Picked; u++ {
			code := l.GTIN
			if l.CaptureSerial {
				code = fmt.Sprintf("(01)%014s(21)%s", l.GTIN, l.Serials[u])
			}
			c, err := scan.Parse(code)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.PackScan(ctx, ref, c); err != nil {
				t.Fatalf("pack %s: %v", code, err)
			}
		}
		if i < n-1 || i == len(o.Lines)-1 {
			st, err := db.PackOrder(ctx, ref)
			if err != nil {
				t.Fatal(err)
			}
			res, err := db.PackClose(ctx, ref, box.Code, st.ExpectedWeightG(box))
			if err != nil {
				t.Fatalf("close package of %s: %v", ref, err)
			}
			ssccs = append(ssccs, res.Effect.SSCC)
		}
	}
	for i := range min(len(ssccs), len(tracking)) {
		sqlitetest.PrintCarrierLabel(t, db, ref, i+1, core.CarrierLabel{Carrier: "UPS", Service: "Ground", Tracking: tracking[i]})
	}
	return ssccs
}

// TestDispatchTwoParcelOrderByScans: at the dock, a new UPS handover is
// opened by its label, a two-parcel order goes in by its tracking barcode
// and its SSCC, a parcel of an order cancelled after packing is refused in
// red with the intercept, and closing the handover ships the order and
// prints its manifest with both tracking numbers.
func TestDispatchTwoParcelOrderByScans(t *testing.T) {
	printer := &fakePrinter{}
	app, db, ui := newPackStation(t, printer)
	ctx := context.Background()
	order := twoUnitShipOrder(t, db)
	ref := order.ExternalID
	ssccs := packForDock(t, db, ref, "1Z999AA10123456784", "1Z999AA10123456795")
	if len(ssccs) != 2 {
		t.Fatalf("packed in %d packages", len(ssccs))
	}
	var cancelled string
	for i := 1; i <= 60 && cancelled == ""; i++ {
		o, err := db.Order(ctx, fmt.Sprintf("W%06d", 100000+i))
		if err == nil && o.Fulfillment == core.FulfillShip && o.ExternalID != ref && o.Status == core.OrderOpen {
			cancelled = o.ExternalID
		}
	}
	packForDock(t, db, cancelled, "1Z999AA10123456806")
	if err := db.ApplyChanges(ctx, core.ChangeSet{CancelledOrders: []string{cancelled}}); err != nil {
		t.Fatal(err)
	}

	signInAs(t, app, "Dev Dock", "6666")
	press(app.home.Field, fyne.KeyF4)
	d := pickupShown[*DispatchScreen](app)
	if d == nil {
		t.Fatal("F4 did not open the dock")
	}
	// A new handover asks for its carrier.
	scanInto(d.Field, "HANDOVER-UPS-1")
	if d.Handover() != "" || !d.Carrier.Visible() || !slices.Contains(d.Carrier.Options, "UPS") {
		t.Fatalf("new handover: %q, carriers %v, %s", d.Handover(), d.Carrier.Options, d.Banner.Text())
	}
	d.Carrier.SetSelected("UPS")
	test.Tap(d.OpenNew)
	if d.Handover() != "UPS-1" || !strings.Contains(d.Banner.Text(), "UPS-1") {
		t.Fatalf("after opening: %q %s", d.Handover(), d.Banner.Text())
	}

	// Parcel 1 by its Code 128 tracking barcode, parcel 2 by its SSCC.
	scanInto(d.Field, "]C01Z999AA10123456784")
	if d.Banner.Tone() != ToneGood || !strings.Contains(d.Banner.Text(), ref+" 1/2") {
		t.Fatalf("first parcel: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
	// The routing barcode is refused with its reason.
	scanInto(d.Field, "]C142125075002")
	if d.Banner.Tone() != ToneBad || d.Banner.Title() != "ROUTING BARCODE" || !d.Panel.OK.Visible() {
		t.Fatalf("routing barcode: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
	press(d.Field, fyne.KeyReturn)
	scanInto(d.Field, "]C100"+ssccs[1])
	if d.Banner.Tone() != ToneGood || !strings.Contains(d.Banner.Text(), ref+" 2/2") || !strings.Contains(d.Parcels.Text, "1Z999AA10123456795") {
		t.Fatalf("second parcel: %s / %s; list %s", d.Banner.Title(), d.Banner.Text(), d.Parcels.Text)
	}

	// The cancelled order's parcel: intercepted, in red, nothing written.
	events := countEvents(t, db)
	scanInto(d.Field, "1Z999AA10123456806")
	if d.Banner.Tone() != ToneBad || d.Banner.Title() != "STOP: ORDER CANCELLED" || !strings.Contains(d.Banner.Text(), "Pull parcel 1 of 1 aside") || !d.Panel.OK.Visible() {
		t.Fatalf("intercept: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
	if n := countEvents(t, db); n != events {
		t.Fatalf("the intercepted scan wrote %d events", n-events)
	}
	// Nothing else is taken before the refusal is read.
	scanInto(d.Field, "]C100"+ssccs[0])
	if d.Banner.Title() != "STOP: ORDER CANCELLED" {
		t.Fatalf("a scan over the refusal: %s", d.Banner.Title())
	}
	press(d.Field, fyne.KeyReturn)

	// F10 closes the handover: the order is shipped, the manifest printed.
	press(d.Field, fyne.KeyF10)
	if d.Banner.Tone() != ToneGood || d.Banner.Title() != "HANDOVER CLOSED" {
		t.Fatalf("close: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
	if o, err := db.Order(ctx, ref); err != nil || o.Status != core.OrderShipped {
		t.Fatalf("order %s after the handover closed: %s, %v", ref, o.Status, err)
	}
	waitFor(t, ui, "the manifest", func() bool { return len(printer.names()) > 0 })
	if names := printer.names(); len(names) != 1 || names[0] != "Manifest HANDOVER-UPS-1" {
		t.Fatalf("printed %v", names)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		path := filepath.Join(t.TempDir(), "manifest.pdf")
		if err := os.WriteFile(path, printer.docs[0].data, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"1Z999AA10123456784", "1Z999AA10123456795", ref, "Dev Dock"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("manifest lacks %s:\n%s", want, out)
			}
		}
	}
}

// TestDispatchTrainingListsExpectedBarcodes: in training mode the dock
// offers the open handovers' labels, then the tracking numbers of parcels
// waiting for the handover's carrier (issue 12, item 7: every screen).
func TestDispatchTrainingListsExpectedBarcodes(t *testing.T) {
	app, db := newTestStation(t, Options{Training: true})
	t.Cleanup(app.Stop)
	packStationSetup(t, db)
	ref := twoUnitShipOrder(t, db).ExternalID
	packForDock(t, db, ref, "1Z999AA10123456784", "1Z999AA10123456795")
	if _, err := db.DispatchOpen(context.Background(), 6, "UPS-9", "UPS"); err != nil {
		t.Fatal(err)
	}
	signInAs(t, app, "Dev Dock", "6666")
	press(app.home.Field, fyne.KeyF4)
	d := pickupShown[*DispatchScreen](app)
	if codes := d.Panel.TrainingCodes(); !slices.Equal(codes, []string{"HANDOVER-UPS-9"}) {
		t.Fatalf("without a handover training offers %v", codes)
	}
	test.Tap(d.Panel.Training.Objects[0].(*widget.Button))
	if codes := d.Panel.TrainingCodes(); !slices.Equal(codes, []string{"1Z999AA10123456784", "1Z999AA10123456795"}) {
		t.Fatalf("in the UPS handover training offers %v", codes)
	}
	test.Tap(d.Panel.Training.Objects[0].(*widget.Button))
	if d.Banner.Tone() != ToneGood {
		t.Fatalf("a training scan: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
}

// TestHomeShowsTheDockBacklogAndWarnsBeforeTheCutoff: the dock's home
// screen lists the parcels waiting per carrier and warns 20 minutes before
// UPS collects with parcels still waiting.
func TestHomeShowsTheDockBacklogAndWarnsBeforeTheCutoff(t *testing.T) {
	app, db := newTestStation(t, Options{})
	t.Cleanup(app.Stop)
	packStationSetup(t, db)
	ref := twoUnitShipOrder(t, db).ExternalID
	packForDock(t, db, ref, "1Z999AA10123456784", "1Z999AA10123456795")
	y, m, day := time.Now().Date()
	noon := time.Date(y, m, day, 12, 0, 0, 0, time.Local)
	app.now = func() time.Time { return noon }
	if err := db.SetCarrierCutoff(context.Background(), "UPS", "12:20"); err != nil {
		t.Fatal(err)
	}
	signInAs(t, app, "Dev Dock", "6666")
	h := app.home
	if h.Dock == nil || !strings.Contains(h.Dock.Lines.Text, "UPS") || !strings.Contains(h.Dock.Lines.Text, "12:20") {
		t.Fatalf("dock card: %+v", h.Dock)
	}
	if !h.Dock.Warnings.Visible() || !strings.Contains(h.Dock.Warnings.Text, "UPS collects at 12:20, in 20 min: 2 parcel(s)") {
		t.Fatalf("warning %q", h.Dock.Warnings.Text)
	}
	// At 12:30 the cut-off has passed with the parcels still there.
	app.now = func() time.Time { return noon.Add(30 * time.Minute) }
	app.ShowHome()
	if !strings.Contains(app.home.Dock.Warnings.Text, "has passed") {
		t.Fatalf("after the cut-off: %q", app.home.Dock.Warnings.Text)
	}
	// A packer's home has no dock card.
	app.SignOut()
	signInAs(t, app, "Ben Packer", "2222")
	if app.home.Dock != nil {
		t.Fatal("a packer sees the dock card")
	}
}

// TestSettingsSetTheCarriersCutoffs: a supervisor types the carriers'
// cut-offs on the settings' Dock tab; a wrong time is refused and says so.
func TestSettingsSetTheCarriersCutoffs(t *testing.T) {
	app, db := newTestStation(t, Options{})
	t.Cleanup(app.Stop)
	ctx := context.Background()
	signInAs(t, app, "Sam Supervisor", "999999")
	s := app.ShowSettings()
	s.Cutoffs.SetText("ups 17:30\nDHL 16:00\n")
	test.Tap(s.Save)
	if got, _ := db.CarrierCutoffs(ctx); s.Banner.Tone() != ToneGood || len(got) != 2 || got["UPS"] != "17:30" || got["DHL"] != "16:00" {
		t.Fatalf("saved %v: %s %s", got, s.Banner.Title(), s.Banner.Text())
	}
	s.Cutoffs.SetText("UPS 25:00")
	test.Tap(s.Save)
	if s.Banner.Tone() != ToneBad || !strings.Contains(s.Banner.Text(), "25:00") {
		t.Fatalf("25:00: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	s.Cutoffs.SetText("UPS 18:00")
	test.Tap(s.Save)
	if got, _ := db.CarrierCutoffs(ctx); len(got) != 1 || got["UPS"] != "18:00" {
		t.Fatalf("after removing DHL: %v", got)
	}
	if s := app.ShowSettings(); s.Cutoffs.Text != "UPS 18:00" {
		t.Fatalf("loaded %q", s.Cutoffs.Text)
	}
}

// TestDispatchSplitNeedsASupervisor: package 1 of 2 of an order is packed
// and scanned at the dock: refused as incomplete; the dock worker's own
// PIN does not let it go; the supervisor's does, and the parcel goes in.
func TestDispatchSplitNeedsASupervisor(t *testing.T) {
	app, db, _ := newPackStation(t, &fakePrinter{})
	ctx := context.Background()
	order := twoUnitShipOrder(t, db)
	ref := order.ExternalID
	pickForPacking(t, db, ref)
	o, err := db.PackOpen(ctx, 2, ref)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PackPlan(ctx, ref, 2); err != nil {
		t.Fatal(err)
	}
	l := o.Lines[0]
	for u := 0; u < l.Picked; u++ {
		code := l.GTIN
		if l.CaptureSerial {
			code = fmt.Sprintf("(01)%014s(21)%s", l.GTIN, l.Serials[u])
		}
		c, err := scan.Parse(code)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PackScan(ctx, ref, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetSetting(ctx, sqlite.SettingWeightTolerance, "off"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PackClose(ctx, ref, "M", 1500); err != nil {
		t.Fatal(err)
	}
	sqlitetest.PrintCarrierLabel(t, db, ref, 1, core.CarrierLabel{Carrier: "UPS", Service: "Ground", Tracking: "1Z999AA10123456784"})
	if _, err := db.DispatchOpen(ctx, 6, "UPS-3", "UPS"); err != nil {
		t.Fatal(err)
	}

	signInAs(t, app, "Dev Dock", "6666")
	press(app.home.Field, fyne.KeyF4)
	d := pickupShown[*DispatchScreen](app)
	scanInto(d.Field, "HANDOVER-UPS-3")
	scanInto(d.Field, "1Z999AA10123456784")
	if d.Banner.Title() != "ORDER INCOMPLETE" || !strings.Contains(d.Banner.Text(), "package 2 of 2 is missing") || !d.Split.Visible() {
		t.Fatalf("incomplete: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
	press(d.Field, fyne.KeyReturn)
	press(d.Field, fyne.KeyF4)
	if !d.Supervisors.Visible() || d.Banner.Title() != "SUPERVISOR" {
		t.Fatalf("F4: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
	d.Supervisors.SetSelected("Sam Supervisor")
	scanInto(d.Field, "000000")
	if d.Banner.Tone() != ToneBad || !d.Split.Visible() {
		t.Fatalf("a wrong PIN: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
	press(d.Field, fyne.KeyReturn)
	press(d.Field, fyne.KeyF4)
	d.Supervisors.SetSelected("Sam Supervisor")
	scanInto(d.Field, "999999")
	if d.Banner.Tone() != ToneGood || !strings.Contains(d.Banner.Text(), ref+" 1/2") || d.Split.Visible() || d.Supervisors.Visible() {
		t.Fatalf("after the supervisor's PIN: %s / %s", d.Banner.Title(), d.Banner.Text())
	}
	h, err := db.Handover(ctx, "UPS-3")
	if err != nil || len(h.Parcels) != 1 || h.Splits[ref] == 0 {
		t.Fatalf("handover %+v, %v", h, err)
	}
}
