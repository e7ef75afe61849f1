package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
)

// TestPackWeightOutsideToleranceAsksAgain is trap 5 of issue 12: pack
// accepted 5 kg where about 8.1 kg was expected. Now a weight outside the
// tolerance is refused; the packer weighs again, or a supervisor's badge
// accepts it.
func TestPackWeightOutsideToleranceAsksAgain(t *testing.T) {
	app, db, _ := newPackStation(t, nil)
	ctx := context.Background()
	p, order := packerAtPackScreen(t, app, db)
	ref := order.ExternalID
	scanInto(p.Field, "ORD-"+ref)
	for _, c := range unitCodes(p.order) {
		scanInto(p.Field, c)
	}
	want := expectedWeight(t, p)
	if !strings.Contains(p.Suggest.Text, "expected about "+pack.FormatWeight(want)) {
		t.Fatalf("the screen does not say what to expect: %q", p.Suggest.Text)
	}
	wrong := want * 6 / 10
	scanInto(p.Field, pack.FormatWeight(wrong))
	press(p.Field, fyne.KeyF5)
	if p.Banner.Tone() != ToneBad || p.Banner.Title() != "WEIGHT IS OFF" || !strings.Contains(p.Banner.Text(), "about "+pack.FormatWeight(want)) {
		t.Fatalf("a weight 40%% light: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	if o, _ := db.Order(ctx, ref); o.Status == core.OrderPacked {
		t.Fatal("packed with the wrong weight")
	}
	scanInto(p.Field, "")
	if p.Banner.Tone() != ToneWarn || p.Banner.Title() != "WEIGH AGAIN" || !strings.Contains(p.Banner.Text(), "supervisor") {
		t.Fatalf("after acknowledging: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	// The packer's own badge does not accept it.
	scanInto(p.Field, "BADGE-1002")
	if p.Banner.Tone() != ToneBad {
		t.Fatalf("a packer accepted the weight: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	scanInto(p.Field, "")
	// The supervisor checks the box and scans their badge.
	scanInto(p.Field, "BADGE-1005")
	if p.Banner.Title() != "ORDER "+ref+" PACKED" {
		t.Fatalf("supervisor's badge: %s / %s", p.Banner.Title(), p.Banner.Text())
	}
	pkgs, err := db.Packages(ctx, ref)
	if err != nil || len(pkgs) != 1 || pkgs[0].WeightG != wrong {
		t.Fatalf("packages %+v, %v", pkgs, err)
	}
}
