package ui

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sscc"
)

// fakePrinter stands in for the station's printer (an edge we do not own):
// it keeps what it was sent.
type fakePrinter struct {
	mu   sync.Mutex
	docs []printedDoc
}

type printedDoc struct {
	name string
	data []byte
}

func (f *fakePrinter) Format() (string, int) { return "pdf", 203 }

func (f *fakePrinter) Submit(name string, doc []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs = append(f.docs, printedDoc{name, append([]byte(nil), doc...)})
	return nil
}

func (f *fakePrinter) Status() PrintStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return PrintStatus{Sent: len(f.docs)}
}

func (f *fakePrinter) Retry() {}

func (f *fakePrinter) TestPrint(context.Context) error { return nil }

func (f *fakePrinter) names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, d := range f.docs {
		if !bytes.HasPrefix(d.data, []byte("%PDF-")) {
			out = append(out, d.name+" (not a PDF)")
			continue
		}
		out = append(out, d.name)
	}
	return out
}

// uiQueue stands in for the UI goroutine: background work queues its
// widget updates, and the test runs them on its own goroutine with pump.
type uiQueue struct {
	mu sync.Mutex
	fs []func()
}

func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.fs = append(q.fs, f)
}

func (q *uiQueue) pump() {
	q.mu.Lock()
	fs := q.fs
	q.fs = nil
	q.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// newPackStation is a test station with a fake printer, set up for packing.
func newPackStation(t *testing.T, printer LabelPrinter) (*App, *sqlite.DB, *uiQueue) {
	t.Helper()
	q := &uiQueue{}
	app, db := newTestStation(t, Options{Printer: printer, do: q.do})
	t.Cleanup(app.Stop)
	packStationSetup(t, db)
	return app, db, q
}

// packStationSetup gives the demo store an SSCC range and a sender, as a
// supervisor does once per station.
func packStationSetup(t *testing.T, db *sqlite.DB) {
	t.Helper()
	r, err := sscc.ForTerminal("0614141", 0, 7)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := db.SetSSCCRange(ctx, r); err != nil {
		t.Fatal(err)
	}
	err = db.SetShipSettings(ctx, core.ShipSettings{
		ShipFrom:  core.Address{Name: "Demo Store", Line1: "1 Warehouse Way", City: "Manchester", PostalCode: "M1 1AA", Country: "GB"},
		Carrier:   "Demo Parcel",
		ReturnURL: "https://returns.example.com",
	})
	if err != nil {
		t.Fatal(err)
	}
}

// pickForPacking picks an order through the store the way a trained
// picker scans it, so it waits at the pack station in its tote.
func pickForPacking(t *testing.T, db *sqlite.DB, ref string) (batchID string) {
	t.Helper()
	ctx := context.Background()
	id, err := db.ClaimOrders(ctx, 1, ref)
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; ; n++ {
		b, err := db.Batch(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		s := b.Next()
		var code string
		switch s.Kind {
		case pick.StepDone:
			return id
		case pick.StepTote:
			code = "TOTE-" + ref
		case pick.StepBin:
			code = s.Expect[0]
		case pick.StepItem:
			code = unitCode(s.Task.GTIN, s.Task.CaptureLot, s.Task.CaptureExpiry, s.Task.CaptureSerial, fmt.Sprintf("SN%d-%d", s.Task.ID, s.Task.Picked))
		}
		c, err := scan.Parse(code)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PickScan(ctx, id, c); err != nil {
			t.Fatalf("pick %s: scan %s: %v", ref, code, err)
		}
		if n > 200 {
			t.Fatal("pick does not finish")
		}
	}
}

// packerAtPackScreen picks a new two-unit order for packing and signs Ben
// Packer in at the pack screen.
func packerAtPackScreen(t *testing.T, app *App, db *sqlite.DB) (*PackScreen, core.Order) {
	t.Helper()
	order := twoUnitShipOrder(t, db)
	pickForPacking(t, db, order.ExternalID)
	signInAs(t, app, "Ben Packer", "2222")
	press(app.home.Field, fyne.KeyF3)
	return packScreenOf(t, app), order
}

// unitCodes are the barcodes of the units picked for an order, as a packer
// scans them off the items.
func unitCodes(o *pack.Order) []string {
	var codes []string
	for _, l := range o.Lines {
		for u := 0; u < l.Picked; u++ {
			serial := ""
			if u < len(l.Serials) {
				serial = l.Serials[u]
			}
			codes = append(codes, unitCode(l.GTIN, false, false, l.CaptureSerial, serial))
		}
	}
	return codes
}

// unitCode is the barcode on one unit: its GTIN, or a GS1 code with what
// the product must capture.
func unitCode(gtin string, lot, expiry, serialised bool, serial string) string {
	if !lot && !expiry && !serialised {
		return gtin
	}
	code := fmt.Sprintf("(01)%014s", gtin)
	if expiry {
		code += "(17)301231"
	}
	if lot {
		code += "(10)L42"
	}
	if serialised {
		code += "(21)" + serial
	}
	return code
}

// packScreenOf finds the pack screen on show.
func packScreenOf(t *testing.T, app *App) *PackScreen {
	t.Helper()
	var find func(o fyne.CanvasObject) *PackScreen
	find = func(o fyne.CanvasObject) *PackScreen {
		if p, ok := o.(*PackScreen); ok {
			return p
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				if p := find(x); p != nil {
					return p
				}
			}
		}
		return nil
	}
	p := find(app.Window().Content())
	if p == nil {
		t.Fatal("the pack screen is not on show")
	}
	return p
}

// twoUnitShipOrder is the first demo order to ship with at least two units
// on at least two lines: enough for two packages.
func twoUnitShipOrder(t *testing.T, db *sqlite.DB) core.Order {
	t.Helper()
	for i := 1; i <= 60; i++ {
		o, err := db.Order(context.Background(), fmt.Sprintf("W%06d", 100000+i))
		if err != nil {
			t.Fatal(err)
		}
		if o.Fulfillment == core.FulfillShip && len(o.Lines) >= 2 && len(o.Lines) <= 4 {
			return o
		}
	}
	t.Fatal("no demo order to ship with 2 to 4 lines")
	return core.Order{}
}

// TestPackTwoPackagesByScans packs a two-package order at the pack station
// by scans and keys only, and checks the screen after a wrong item.
func TestPackTwoPackagesByScans(t *testing.T) {
	printer := &fakePrinter{}
	app, db, ui := newPackStation(t, printer)
	order := twoUnitShipOrder(t, db)
	ref := order.ExternalID
	pickForPacking(t, db, ref)

	signInAs(t, app, "Ben Packer", "2222")
	press(app.home.Field, fyne.KeyF3)
	p := packScreenOf(t, app)
	if f, ok := app.Window().Canvas().Focused().(*ScanField); !ok || f != p.Field {
		t.Fatal("the scan field does not have the focus")
	}
	if p.Step.Text != "SCAN AN ORDER OR A TOTE" {
		t.Fatalf("first step: %q", p.Step.Text)
	}

	// The tote brings up the order and what goes in the box.
	scanInto(p.Field, "TOTE-"+ref)
	if p.Order() != ref || p.Banner.Tone() != ToneGood || !strings.Contains(p.Title.Text, "ORDER "+ref) {
		t.Fatalf("after the tote: order %q, %s / %s", p.Order(), p.Banner.Title(), p.Banner.Text())
	}
	for _, l := range order.Lines {
		if !strings.Contains(p.Lines.Text, l.Name) {
			t.Fatalf("line %s missing from %q", l.Name, p.Lines.Text)
		}
	}
	if p.Package.Text != "PACKAGE 1 OF 1" || p.Carton.Selected == "" {
		t.Fatalf("package %q, carton %q", p.Package.Text, p.Carton.Selected)
	}

	// Two packages: the first line goes in the first.
	press(p.Field, fyne.KeyF7)
	if p.Package.Text != "PACKAGE 1 OF 2" {
		t.Fatalf("after F7: %q", p.Package.Text)
	}
	st := p.order
	codes := map[int64][]string{} // line id -> the codes of its units
	for _, l := range st.Lines {
		for u := 0; u < l.Picked; u++ {
			serial := ""
			if u < len(l.Serials) {
				serial = l.Serials[u]
			}
			codes[l.ID] = append(codes[l.ID], unitCode(l.GTIN, false, false, l.CaptureSerial, serial))
		}
	}
	first := st.Lines[0]
	for _, c := range codes[first.ID] {
		scanInto(p.Field, c)
		if p.Banner.Tone() != ToneGood {
			t.Fatalf("scan %s: %s / %s", c, p.Banner.Title(), p.Banner.Text())
		}
	}
	if !strings.Contains(p.Lines.Text, fmt.Sprintf("%d in this package", first.Picked)) {
		t.Fatalf("lines after the first item: %q", p.Lines.Text)
	}

	// A wrong item: red, says which and why, nothing recorded, and it
	// stays until acknowledged.
	wrong := wrongProduct(t, db, order)
	events := countEvents(t, db)
	linesBefore := p.Lines.Text
	scanInto(p.Field, wrong.code)
	if p.Banner.Tone() != ToneBad || p.Banner.Title() != "WRONG ITEM" {
		t.Fatalf("after a wrong item: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	snap(t, app, "pack-wrong-item")
	if want := wrong.name + " is not in order " + ref; !strings.Contains(p.Banner.Text(), want) {
		t.Fatalf("the reason %q does not say %q", p.Banner.Text(), want)
	}
	if !p.OK.Visible() || p.Lines.Text != linesBefore || p.Package.Text != "PACKAGE 1 OF 2" {
		t.Fatalf("screen after a wrong item: OK shown %v, lines changed %v, %q", p.OK.Visible(), p.Lines.Text != linesBefore, p.Package.Text)
	}
	if n := countEvents(t, db); n != events {
		t.Fatalf("a wrong item wrote %d events", n-events)
	}
	// A scan over the unread error is not taken.
	scanInto(p.Field, st.Lines[1].GTIN)
	if p.Banner.Tone() != ToneBad || countEvents(t, db) != events || !strings.Contains(p.Panel.Log.Text, "not recorded") {
		t.Fatalf("scan over an error: %s, %d events", p.Banner.Title(), countEvents(t, db)-events)
	}
	scanInto(p.Field, "") // Enter: understood
	if p.Banner.Tone() != ToneInfo || p.OK.Visible() {
		t.Fatalf("after acknowledging: %s", p.Banner.Title())
	}

	// Weigh (the scale types into the scan field) and close package 1.
	w1 := expectedWeight(t, p)
	scanInto(p.Field, fmt.Sprintf("ST,GS,+  %.3fkg", float64(w1)/1000))
	if p.Banner.Title() != "WEIGHT "+strings.ToUpper(pack.FormatWeight(w1)) {
		t.Fatalf("weight: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	press(p.Field, fyne.KeyF5)
	if p.Banner.Tone() != ToneGood || p.Banner.Title() != "PACKAGE 1 OF 2 CLOSED" || p.Package.Text != "PACKAGE 2 OF 2" {
		t.Fatalf("after closing package 1: %s / %s, %q", p.Banner.Title(), p.Banner.Text(), p.Package.Text)
	}
	p.printing.Wait()
	if got := printer.names(); len(got) != 1 || got[0] != "Label "+ref+" package 1 of 2" {
		t.Fatalf("printed after package 1: %v", got)
	}

	// The rest goes in package 2; a weight typed by hand; then the order is packed.
	for _, l := range st.Lines[1:] {
		for _, c := range codes[l.ID] {
			scanInto(p.Field, c)
			if p.Banner.Tone() != ToneGood {
				t.Fatalf("scan %s: %s / %s", c, p.Banner.Title(), p.Banner.Text())
			}
		}
	}
	if !strings.HasPrefix(p.Step.Text, "ALL IN") {
		t.Fatalf("step with everything in: %q", p.Step.Text)
	}
	w2 := expectedWeight(t, p)
	p.Weight.SetText(strings.Replace(pack.FormatWeight(w2), ".", ",", 1))
	press(p.Field, fyne.KeyF5)
	if p.Banner.Title() != "ORDER "+ref+" PACKED" || p.Step.Text != "PACKED" || p.Package.Text != "2 PACKAGES" {
		t.Fatalf("after the last package: %s / %s, %q %q", p.Banner.Title(), p.Banner.Text(), p.Step.Text, p.Package.Text)
	}
	p.printing.Wait()
	ui.pump()
	if !strings.HasPrefix(p.Printing.Text, "Printing") && !strings.Contains(p.Printing.Text, "printed") {
		t.Fatalf("printing line: %q", p.Printing.Text)
	}
	want := []string{"Label " + ref + " package 1 of 2", "Label " + ref + " package 2 of 2", "Packing slip " + ref}
	if got := printer.names(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("printed: %v, want %v", got, want)
	}

	// The store agrees: packed, two packages with their own SSCCs.
	o, err := db.Order(context.Background(), ref)
	if err != nil || o.Status != core.OrderPacked {
		t.Fatalf("order status %s, %v", o.Status, err)
	}
	pkgs, err := db.Packages(context.Background(), ref)
	if err != nil || len(pkgs) != 2 || pkgs[0].SSCC == pkgs[1].SSCC || pkgs[0].WeightG != w1 || pkgs[1].WeightG != w2 {
		t.Fatalf("packages %+v, %v", pkgs, err)
	}
	for _, pk := range pkgs {
		if !strings.Contains(p.Lines.Text, pk.SSCC) {
			t.Fatalf("the screen does not list SSCC %s: %q", pk.SSCC, p.Lines.Text)
		}
	}
	press(p.Field, fyne.KeyEscape)
	if app.home == nil {
		t.Fatal("Esc does not go back home")
	}
}

type productCode struct{ name, code string }

// wrongProduct is a demo product the order does not have, with the code to
// scan for it.
func wrongProduct(t *testing.T, db *sqlite.DB, o core.Order) productCode {
	t.Helper()
	has := map[string]bool{}
	for _, l := range o.Lines {
		has[l.SKU] = true
	}
	other, err := db.Order(context.Background(), "W100002")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range other.Lines {
		if has[l.SKU] {
			continue
		}
		st, err := db.PackOrder(context.Background(), "W100002")
		if err != nil {
			t.Fatal(err)
		}
		for _, pl := range st.Lines {
			if pl.SKU == l.SKU && !pl.CaptureSerial {
				return productCode{pl.Name, pl.GTIN}
			}
		}
	}
	t.Fatal("no wrong product found")
	return productCode{}
}

func TestPackScreenRefusesWhatIsNotReady(t *testing.T) {
	app, _, _ := newPackStation(t, nil)
	signInAs(t, app, "Ben Packer", "2222")
	press(app.home.Field, fyne.KeyF3)
	p := packScreenOf(t, app)

	scanInto(p.Field, "4006381333931") // an item before any order
	if p.Banner.Tone() != ToneBad || !strings.Contains(p.Banner.Text(), "Scan the order's packing list or its tote first") {
		t.Fatalf("item first: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	press(p.Field, fyne.KeyEscape) // Esc acknowledges first
	if p.Panel.Refused() {
		t.Fatal("Esc did not acknowledge")
	}
	scanInto(p.Field, "ORD-W100001") // open, not picked
	if p.Banner.Title() != "NOT READY TO PACK" || !strings.Contains(p.Banner.Text(), "not picked yet") {
		t.Fatalf("unpicked order: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	scanInto(p.Field, "")
	scanInto(p.Field, "TOTE-NOPE")
	if p.Banner.Title() != "EMPTY TOTE" {
		t.Fatalf("empty tote: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	scanInto(p.Field, "")
	if !strings.Contains(p.Printing.Text, "No printer") {
		t.Fatalf("printing line without a printer: %q", p.Printing.Text)
	}
}

// expectedWeight is what the open package should weigh in the carton on
// screen: what a scale would read.
func expectedWeight(t *testing.T, p *PackScreen) int {
	t.Helper()
	c, ok := p.selectedCarton()
	if !ok {
		t.Fatal("no carton chosen")
	}
	w, _, _, known := p.order.WeightWindow(c)
	if !known {
		return 1000
	}
	return w
}
