package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/stationhand/stationhand/core/printing"
)

// TestSettingsCarrierPrinter: what `label-setup --carrier-printer`,
// --carrier-printer-format, --printer-dpi 600 and --first/--last set can be
// set on the settings screen: a supervisor sets a Zebra for carrier labels
// beside the PDF printer and test-prints a ZPL page on it, the screen shows
// it again when reopened, and choosing none removes it.
func TestSettingsCarrierPrinter(t *testing.T) {
	app, db := newTestStation(t, Options{do: func(func()) {}})
	defer app.Stop()
	ctx := context.Background()
	signInAs(t, app, "Sam Supervisor", "999999")
	s := app.ShowSettings()
	if s == nil {
		t.Fatal("the supervisor's settings did not open")
	}
	if s.CarrierKind.SelectedIndex() != 0 {
		t.Fatalf("a station without a carrier label printer shows %q", s.CarrierKind.Selected)
	}
	test.Tap(s.CarrierTestPrint)
	if s.Banner.Tone() != ToneBad || !strings.Contains(s.Banner.Text(), "carrier label printer first") {
		t.Fatalf("test print without a carrier label printer: %s %s", s.Banner.Title(), s.Banner.Text())
	}

	pdfs, zebra := t.TempDir(), t.TempDir()
	s.PrinterKind.SetSelected(printing.OutputFolder)
	s.PrinterWhere.SetText(pdfs)
	s.PrinterFormat.SetSelected(printing.FormatPDF)
	s.CarrierKind.SetSelected(printing.OutputFolder)
	s.CarrierWhere.SetText(zebra)
	s.CarrierFormat.SetSelected(printing.FormatZPL)
	s.CarrierDPI.SetSelected("600")
	s.SSCCPrefix.SetText("0614141")
	s.SSCCFirst.SetText("5000")
	s.SSCCLast.SetText("5999")
	test.Tap(s.CarrierTestPrint)
	if s.Banner.Tone() != ToneGood || s.Banner.Title() != "TEST PRINT SENT" {
		t.Fatalf("carrier test print: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	files, _ := filepath.Glob(filepath.Join(zebra, "*"))
	if len(files) != 1 {
		t.Fatalf("the carrier label printer got %v", files)
	}
	if b, _ := os.ReadFile(files[0]); !strings.HasPrefix(strings.TrimSpace(string(b)), "^XA") {
		t.Fatalf("%s is not ZPL: %.40q", files[0], b)
	}
	if other, _ := filepath.Glob(filepath.Join(pdfs, "*")); len(other) != 0 {
		t.Fatalf("the carrier test print went to the station's printer too: %v", other)
	}
	cc, ok, err := db.CarrierPrinterConfig(ctx)
	if err != nil || !ok || cc.Output != printing.OutputFolder || cc.Dir != zebra || cc.Format != printing.FormatZPL || cc.DPI != 600 {
		t.Fatalf("carrier label printer saved as %+v %v %v", cc, ok, err)
	}
	r, next, ok, _ := db.SSCCRange(ctx)
	if !ok || r.CompanyPrefix != "0614141" || r.First != 5000 || r.Last != 5999 || next != 5000 {
		t.Fatalf("SSCC range %+v next %d", r, next)
	}

	// Reopened, the screen shows what is set.
	s = app.ShowSettings()
	if s.CarrierKind.Selected != printing.OutputFolder || s.CarrierWhere.Text != zebra || s.CarrierFormat.Selected != printing.FormatZPL || s.CarrierDPI.Selected != "600" {
		t.Fatalf("reopened: %q %q %q %q", s.CarrierKind.Selected, s.CarrierWhere.Text, s.CarrierFormat.Selected, s.CarrierDPI.Selected)
	}
	s.Tabs.SelectIndex(1) // the printers
	snap(t, app, "settings-printers")

	// A serial that is not a number, or half a range, is refused and says so.
	s.SSCCFirst.SetText("5000")
	s.SSCCLast.SetText("59x9")
	test.Tap(s.Save)
	if s.Banner.Tone() != ToneBad || !strings.Contains(s.Banner.Text(), `"59x9"`) {
		t.Fatalf("last serial 59x9: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	s.SSCCLast.SetText("")
	test.Tap(s.Save)
	if s.Banner.Tone() != ToneBad || !strings.Contains(s.Banner.Text(), "both") {
		t.Fatalf("first serial alone: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	s.SSCCFirst.SetText("")
	s.SSCCLast.SetText("")

	// None: carrier labels print on the station's printer again.
	s.CarrierKind.SetSelectedIndex(0)
	test.Tap(s.Save)
	if s.Banner.Tone() != ToneGood {
		t.Fatalf("save: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	if _, ok, err := db.CarrierPrinterConfig(ctx); ok || err != nil {
		t.Fatalf("the carrier label printer is still set (%v)", err)
	}
}
