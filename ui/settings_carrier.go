package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/printing"
)

// carrierPrinterStore sets the station's second printer, for carrier
// labels only (`stationhand label-setup --carrier-printer`; core/sqlite.DB).
type carrierPrinterStore interface {
	CarrierPrinterConfig(ctx context.Context) (c printing.Config, ok bool, err error)
	SetCarrierPrinterConfig(ctx context.Context, c printing.Config) error
	ClearCarrierPrinterConfig(ctx context.Context) error
}

// zplDPIs are the resolutions a Zebra printer prints at (printing.Config).
var zplDPIs = []string{"203", "300", "600"}

// buildCarrierPrinter makes the carrier label printer's fields: its first
// choice is none (carrier labels print on the station's printer).
func (s *SettingsScreen) buildCarrierPrinter() {
	s.CarrierKind = widget.NewSelect([]string{tr("settings.carrier_none"), printing.OutputFolder, printing.OutputCUPS, printing.OutputRaw}, nil)
	s.CarrierWhere = widget.NewEntry()
	s.CarrierWhere.SetPlaceHolder(tr("settings.ph_where"))
	s.CarrierFormat = widget.NewSelect([]string{printing.FormatZPL, printing.FormatPDF}, nil)
	s.CarrierDPI = widget.NewSelect(zplDPIs, nil)
	s.CarrierTestPrint = widget.NewButtonWithIcon(tr("settings.carrier_test_print"), theme.DocumentPrintIcon(), s.carrierTestPrint)
}

// printersTab holds both printers, each with its test print.
func (s *SettingsScreen) printersTab() fyne.CanvasObject {
	item := widget.NewFormItem
	printer := widget.NewForm(item(tr("settings.printer"), s.PrinterKind), item(tr("settings.where"), s.PrinterWhere),
		item(tr("settings.format"), s.PrinterFormat), item(tr("settings.zpl_dpi"), s.PrinterDPI))
	carrier := widget.NewForm(item(tr("settings.carrier_printer"), s.CarrierKind), item(tr("settings.where"), s.CarrierWhere),
		item(tr("settings.format"), s.CarrierFormat), item(tr("settings.zpl_dpi"), s.CarrierDPI))
	hint := widget.NewLabel(tr("settings.carrier_hint"))
	hint.Wrapping = fyne.TextWrapWord
	return container.NewVScroll(container.NewVBox(printer, s.TestPrint, widget.NewSeparator(), hint, carrier, s.CarrierTestPrint))
}

func (s *SettingsScreen) loadCarrierPrinter(ctx context.Context) {
	s.CarrierKind.SetSelectedIndex(0)
	s.CarrierFormat.SetSelected(printing.FormatZPL)
	s.CarrierDPI.SetSelected("203")
	cs, ok := s.store.(carrierPrinterStore)
	if !ok {
		s.CarrierKind.Disable()
		s.CarrierTestPrint.Disable()
		return
	}
	c, ok, err := cs.CarrierPrinterConfig(ctx)
	if err != nil {
		logErr("carrier label printer", err)
	}
	if !ok {
		return
	}
	s.CarrierKind.SetSelected(c.Output)
	s.CarrierWhere.SetText(c.Dir + c.Queue + c.Addr)
	s.CarrierFormat.SetSelected(c.Format)
	if c.DPI > 0 {
		s.CarrierDPI.SetSelected(strconv.Itoa(c.DPI))
	}
}

// saveCarrierPrinter stores the carrier label printer, or removes it when
// none is chosen.
func (s *SettingsScreen) saveCarrierPrinter(ctx context.Context) error {
	cs, ok := s.store.(carrierPrinterStore)
	if !ok {
		return nil
	}
	if s.CarrierKind.SelectedIndex() <= 0 {
		if _, set, err := cs.CarrierPrinterConfig(ctx); err != nil || !set {
			return err
		}
		return cs.ClearCarrierPrinterConfig(ctx)
	}
	return cs.SetCarrierPrinterConfig(ctx, printerConfig(s.CarrierKind.Selected, s.CarrierWhere.Text, s.CarrierFormat.Selected,
		s.CarrierDPI.Selected, printing.FormatZPL))
}

// printerConfig is a printer's setup from the fields of the printers tab;
// a printer without a format takes defaultFormat, a Zebra without a
// resolution 203 dpi.
func printerConfig(kind, where, format, dpi, defaultFormat string) printing.Config {
	c := printing.Config{Output: kind, Format: format}
	where = strings.TrimSpace(where)
	switch c.Output {
	case printing.OutputFolder:
		c.Dir = where
	case printing.OutputCUPS:
		c.Queue = where
	case printing.OutputRaw:
		c.Addr = where
	}
	if c.Format == "" {
		c.Format = defaultFormat
	}
	if c.Format == printing.FormatZPL {
		c.DPI, _ = strconv.Atoi(dpi)
		if c.DPI == 0 {
			c.DPI = 203
		}
	}
	return c
}

func (s *SettingsScreen) carrierTestPrint() {
	s.testPrintOn(func(ctx context.Context) (printing.Config, bool, error) {
		cs, ok := s.store.(carrierPrinterStore)
		if !ok {
			return printing.Config{}, false, nil
		}
		return cs.CarrierPrinterConfig(ctx)
	}, "settings.no_carrier_printer")
}

// testPrintOn saves every tab, then prints a test page on the printer
// config returns; noPrinter says what to do when there is none.
func (s *SettingsScreen) testPrintOn(config func(context.Context) (printing.Config, bool, error), noPrinter string) {
	if !s.save() {
		return
	}
	ctx, cancel := s.app.ctx()
	defer cancel()
	pc, ok, err := config(ctx)
	if err == nil && !ok {
		err = refusal(core.EINVALID, "no_printer", tr(noPrinter))
	}
	if err == nil {
		term, _ := s.store.Terminal(ctx)
		err = printing.TestPrint(ctx, pc, term.Name, time.Now())
	}
	if err != nil {
		recentErrors.add("test print", err)
		s.Banner.Set(ToneBad, tr("settings.test_failed"), errorText(err))
		s.app.opts.Sound.Bad()
		return
	}
	s.Banner.Set(ToneGood, tr("settings.test_sent"), tr("settings.test_sent_text"))
}
