package ui

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
)

// TestTrainingListsExpectedBarcodesOnEveryScreen is trap 7 of issue 12:
// training mode showed the expected barcodes on the pick screen only.
func TestTrainingListsExpectedBarcodesOnEveryScreen(t *testing.T) {
	app, db, _ := newPackStation(t, nil)
	app.opts.Training = true
	ship := twoUnitShipOrder(t, db)
	pickForPacking(t, db, ship.ExternalID)
	staged := pickupOrderOf(t, db, 0)
	stageByStore(t, db, staged.ExternalID)
	toStage := pickupOrderOf(t, db, 1)
	pickForPacking(t, db, toStage.ExternalID)

	signInAs(t, app, "Sam Supervisor", "999999")
	press(app.home.Field, fyne.KeyF3)
	p := packScreenOf(t, app)
	if codes := buttonTexts(p.Training.Objects); !slices.Contains(codes, "ORD-"+ship.ExternalID) {
		t.Fatalf("pack start offers %v, not ORD-%s", codes, ship.ExternalID)
	}
	test := p.Training.Objects[slices.Index(buttonTexts(p.Training.Objects), "ORD-"+ship.ExternalID)].(*widget.Button)
	test.OnTapped()
	if p.Order() != ship.ExternalID {
		t.Fatalf("tapping the training code did not open the order: %s", p.Banner.Text())
	}
	press(p.Field, fyne.KeyEscape)

	press(app.home.Field, fyne.KeyF5)
	pu := pickupShown[*PickupScreen](app)
	if codes := pu.Panel.TrainingCodes(); !slices.Contains(codes, "PU-"+staged.PickupCode) || !slices.Contains(codes, "ORD-"+toStage.ExternalID) {
		t.Fatalf("pickup offers %v", codes)
	}
	press(pu.Field, fyne.KeyF2)
	st := pickupShown[*StagingScreen](app)
	if codes := st.Panel.TrainingCodes(); !slices.Contains(codes, "ORD-"+toStage.ExternalID) {
		t.Fatalf("staging offers %v", codes)
	}
	scanInto(st.Field, "ORD-"+toStage.ExternalID)
	scanInto(st.Field, "1")
	if codes := st.Panel.TrainingCodes(); !reflect.DeepEqual(codes, []string{pickup.BagCode(toStage.ExternalID, 1)}) {
		t.Fatalf("staging a bag offers %v", codes)
	}
	press(st.Field, fyne.KeyEscape)
	press(pickupShown[*PickupScreen](app).Field, fyne.KeyEscape)

	press(app.home.Field, fyne.KeyF6)
	d := pickupShown[*ReturnDesk](app)
	if codes := d.Panel.TrainingCodes(); len(codes) == 0 || !strings.HasPrefix(codes[0], "RMA-") {
		t.Fatalf("returns desk offers %v", codes)
	}
}

// TestReadmeListsEveryBarcodePrefix: the README named every own barcode
// but BAG-.
func TestReadmeListsEveryBarcodePrefix(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	p := scan.DefaultPrefixes
	for _, prefix := range []string{p.Order, p.Tote, p.Bin, p.Return, p.Badge, p.Pickup, p.Batch, p.Handover, pickup.BagPrefix, enrol.Scheme} {
		if !strings.Contains(string(readme), "`"+prefix) {
			t.Errorf("README.md does not list the %s prefix", prefix)
		}
	}
}

func buttonTexts(objs []fyne.CanvasObject) []string {
	var out []string
	for _, o := range objs {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b.Text)
		}
	}
	return out
}

// TestPackOpensAWholePickByItsCode: BATCH- and the pick's first 8
// characters, read by core/scan, open the pick's orders for packing.
func TestPackOpensAWholePickByItsCode(t *testing.T) {
	app, db, _ := newPackStation(t, nil)
	order := twoUnitShipOrder(t, db)
	batch := pickForPacking(t, db, order.ExternalID)
	signInAs(t, app, "Ben Packer", "2222")
	press(app.home.Field, fyne.KeyF3)
	p := packScreenOf(t, app)
	scanInto(p.Field, "batch-"+strings.ToUpper(batch[:8]))
	if p.Order() != order.ExternalID {
		t.Fatalf("BATCH-%s opened %q: %s %s", batch[:8], p.Order(), p.Banner.Title(), p.Banner.Text())
	}
}
