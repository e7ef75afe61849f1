package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/printing"
)

// TestDetailsOfTrap8 covers the details of issue 12's trap 8: "Queue: 1
// orders", "Cancel [Esc]" and "Leave [Esc]" on screen together, the carton
// field showing XS after a Medium box, "2 printed" without saying where,
// and progress counting shorted units as picked.
func TestDetailsOfTrap8(t *testing.T) {
	if got := plural(1, "orders") + ", " + plural(2, "orders"); got != "1 order, 2 orders" {
		t.Fatalf("plural: %q", got)
	}
	if got := printText(PrintStatus{Sent: 2, Where: printerWhere(cupsConfig("Zebra"))}); got != "2 printed to the printer queue Zebra" {
		t.Fatalf("printing line: %q", got)
	}

	app, _ := newTestStation(t, Options{})
	signInAs(t, app, "Ana Picker", "1111")
	press(app.home.Field, fyne.KeyF1)
	p := app.pick
	press(p.Field, fyne.KeyF2) // why short?
	if !p.Reasons.Visible() || p.actions.Visible() {
		t.Fatal("the reasons' Cancel [Esc] and Leave [Esc] show together")
	}
	press(p.Field, fyne.KeyEscape)
	if p.Reasons.Visible() || !p.actions.Visible() || app.pick == nil {
		t.Fatal("Esc while choosing a reason did not just cancel the choice")
	}
	// Short the first line: the count says picked and short apart.
	for p.batch.Next().Kind != pick.StepItem {
		s := p.batch.Next()
		code := "TOTE-T9"
		if s.Kind == pick.StepBin {
			code = s.Expect[0]
		}
		scanInto(p.Field, code)
	}
	press(p.Field, fyne.KeyF2)
	scanInto(p.Field, "1")
	if !strings.Contains(p.Counts.Text, "0 of") || !strings.Contains(p.Counts.Text, "short") {
		t.Fatalf("counts after a short: %q", p.Counts.Text)
	}
}

func cupsConfig(queue string) printing.Config { return printing.Config{Output: "cups", Queue: queue} }
