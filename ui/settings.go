package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/sscc"
)

// SettingLanguage is the station's default language (a Languages code).
const SettingLanguage = "ui.language"

// settingsStore is what the settings screen reads and changes: everything
// `stationhand label-setup` and `stationhand pickup` set (core/sqlite.DB).
type settingsStore interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	Terminal(ctx context.Context) (core.Terminal, error)
	SetTerminal(ctx context.Context, t core.Terminal) error
	PrinterConfig(ctx context.Context) (c printing.Config, ok bool, err error)
	SetPrinterConfig(ctx context.Context, c printing.Config) error
	ShipSettings(ctx context.Context) (core.ShipSettings, error)
	SetShipSettings(ctx context.Context, s core.ShipSettings) error
	SSCCRange(ctx context.Context) (r sscc.Range, next int64, ok bool, err error)
	SetSSCCRange(ctx context.Context, r sscc.Range) error
	PickupExpiryDays(ctx context.Context) (int, error)
	SetPickupExpiryDays(ctx context.Context, days int) error
	ResetSyncCursor(ctx context.Context) error
}

func init() {
	workflows = append(workflows, HomeAction{Label: "Settings (F9)", Role: core.RoleSupervisor, Key: fyne.KeyF9,
		Open: func(a *App) { a.ShowSettings() }})
}

// SettingsScreen is the station's settings, for supervisors only (who sign
// in with their PIN, never by badge alone).
type SettingsScreen struct {
	app   *App
	store settingsStore

	StationName *widget.Entry
	Language    *widget.Select

	PrinterKind   *widget.Select // folder, cups, raw
	PrinterWhere  *widget.Entry
	PrinterFormat *widget.Select // pdf, zpl
	PrinterDPI    *widget.Select
	TestPrint     *widget.Button

	FromName, FromStreet, FromCity, FromPostcode, FromCountry *widget.Entry
	Carrier, ReturnURL                                        *widget.Entry
	Paper                                                     *widget.Select

	SSCCPrefix, SSCCTerminal, SSCCExtension *widget.Entry
	SSCCNow                                 *widget.Label

	ExpiryDays *widget.Entry
	Cutoffs    *widget.Entry // the carriers' daily cut-offs (settings_dock.go)

	ScaleKind     *widget.Select // none, USB (HID), serial
	ScaleDevice   *widget.SelectEntry
	ScaleProtocol *widget.Select
	ScaleBaud     *widget.Select
	ScaleLive     *widget.Label // the weight on the scale now
	ScaleTest     *widget.Button
	scale         scaleLive
	loading       bool // the form is being filled from the store: no live restarts

	SyncStatus *widget.Label
	RePull     *widget.Button
	Errors     *widget.Label

	Save   *widget.Button
	Back   *widget.Button
	Banner *Banner
	Tabs   *container.AppTabs
}

// ShowSettings shows the settings screen to a signed-in supervisor and
// returns it; for anyone else it shows nothing and returns nil.
func (a *App) ShowSettings() *SettingsScreen {
	st, ok := a.store.(settingsStore)
	if a.user == nil || !a.user.Can(core.RoleSupervisor) || !ok {
		return nil
	}
	s := &SettingsScreen{app: a, store: st, Banner: NewBanner()}
	a.releaseScale() // the live reading opens the device itself
	s.build()
	s.load()
	a.Show(s.layout(), nil)
	a.onLeave = s.leaveScale
	s.startLive()
	return s
}

func (s *SettingsScreen) build() {
	entry := func(ph string) *widget.Entry { e := widget.NewEntry(); e.SetPlaceHolder(ph); return e }
	s.StationName = entry("e.g. Pack 2")
	names := make([]string, len(Languages))
	for i, l := range Languages {
		names[i] = l.Name
	}
	s.Language = widget.NewSelect(names, nil)
	s.PrinterKind = widget.NewSelect([]string{printing.OutputFolder, printing.OutputCUPS, printing.OutputRaw}, nil)
	s.PrinterWhere = entry("folder path, CUPS queue, or printer host[:port]")
	s.PrinterFormat = widget.NewSelect([]string{printing.FormatPDF, printing.FormatZPL}, nil)
	s.PrinterDPI = widget.NewSelect([]string{"203", "300"}, nil)
	s.TestPrint = widget.NewButtonWithIcon("Save and test print", theme.DocumentPrintIcon(), s.testPrint)
	s.FromName, s.FromStreet, s.FromCity = entry("sender name"), entry("street"), entry("city")
	s.FromPostcode, s.FromCountry = entry("postal code"), entry("country, e.g. GB")
	s.Carrier, s.ReturnURL = entry("carrier on labels"), entry("returns page, printed as a QR code")
	s.Paper = widget.NewSelect([]string{"A4", "Letter"}, nil)
	s.SSCCPrefix, s.SSCCTerminal, s.SSCCExtension = entry("GS1 Company Prefix, 7-10 digits"), entry("this station's number, 1-999"), entry("0-9")
	s.SSCCNow = widget.NewLabel("")
	s.ExpiryDays = entry("days")
	s.buildDock()
	s.SyncStatus = widget.NewLabel("")
	s.SyncStatus.Wrapping = fyne.TextWrapWord
	s.RePull = widget.NewButtonWithIcon("Re-pull everything from the hub", theme.ViewRefreshIcon(), s.rePull)
	s.Errors = widget.NewLabel("")
	s.Errors.Wrapping = fyne.TextWrapWord
	s.Save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { s.save() })
	s.Save.Importance = widget.HighImportance
	s.Back = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), s.app.ShowHome)
	s.buildScale()
}

func (s *SettingsScreen) layout() fyne.CanvasObject {
	item := widget.NewFormItem
	station := widget.NewForm(item("Station name", s.StationName), item("Language", s.Language),
		item("Pickup window (days)", s.ExpiryDays))
	printer := widget.NewForm(item("Printer", s.PrinterKind), item("Where", s.PrinterWhere),
		item("Format", s.PrinterFormat), item("ZPL resolution", s.PrinterDPI))
	sender := widget.NewForm(item("Sender", s.FromName), item("Street", s.FromStreet), item("City", s.FromCity),
		item("Postal code", s.FromPostcode), item("Country", s.FromCountry), item("Carrier", s.Carrier),
		item("Returns page", s.ReturnURL), item("Packing slip paper", s.Paper))
	numbering := widget.NewForm(item("Company prefix", s.SSCCPrefix), item("Station number", s.SSCCTerminal),
		item("Extension digit", s.SSCCExtension), item("Now", s.SSCCNow))
	s.Tabs = container.NewAppTabs(
		container.NewTabItem("Station", station),
		container.NewTabItem("Printer", container.NewVBox(printer, s.TestPrint)),
		container.NewTabItem(lang.L("settings.scale.tab"), s.scaleTab()),
		container.NewTabItem("Labels", sender),
		container.NewTabItem("SSCC numbering", numbering),
		s.dockTab(),
		container.NewTabItem("Sync", container.NewVBox(s.SyncStatus, s.RePull)),
		container.NewTabItem("Last errors", container.NewVScroll(s.Errors)),
	)
	return container.NewBorder(s.Banner, container.NewHBox(s.Back, s.Save), nil, nil, s.Tabs)
}

func (s *SettingsScreen) load() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	term, _ := s.store.Terminal(ctx)
	s.StationName.SetText(term.Name)
	lang, _ := s.store.Setting(ctx, SettingLanguage)
	s.Language.SetSelectedIndex(0)
	for _, l := range Languages {
		if l.Code == lang {
			s.Language.SetSelected(l.Name)
		}
	}
	if days, err := s.store.PickupExpiryDays(ctx); err == nil {
		s.ExpiryDays.SetText(strconv.Itoa(days))
	}
	if pc, ok, _ := s.store.PrinterConfig(ctx); ok {
		s.PrinterKind.SetSelected(pc.Output)
		s.PrinterWhere.SetText(pc.Dir + pc.Queue + pc.Addr)
		s.PrinterFormat.SetSelected(pc.Format)
		if pc.DPI > 0 {
			s.PrinterDPI.SetSelected(strconv.Itoa(pc.DPI))
		}
	}
	if sh, err := s.store.ShipSettings(ctx); err == nil {
		f := sh.ShipFrom
		s.FromName.SetText(f.Name)
		s.FromStreet.SetText(f.Line1)
		s.FromCity.SetText(f.City)
		s.FromPostcode.SetText(f.PostalCode)
		s.FromCountry.SetText(f.Country)
		s.Carrier.SetText(sh.Carrier)
		s.ReturnURL.SetText(sh.ReturnURL)
		s.Paper.SetSelected(sh.Paper)
	}
	if r, next, ok, _ := s.store.SSCCRange(ctx); ok {
		s.SSCCPrefix.SetText(r.CompanyPrefix)
		s.SSCCExtension.SetText(strconv.Itoa(r.Extension))
		s.SSCCNow.SetText(fmt.Sprintf("serials %d to %d, %d left", r.First, r.Last, max(r.Last-next+1, 0)))
	} else {
		s.SSCCNow.SetText("not set: packages cannot be closed")
	}
	s.loadCutoffs(ctx)
	s.loadScale(ctx)
	s.showSync()
	s.Errors.SetText(recentErrors.text())
	s.Banner.Set(ToneInfo, "SETTINGS", "Change what this station prints and how it syncs. Save keeps every tab.")
}

func (s *SettingsScreen) showSync() {
	if s.app.opts.Sync == nil {
		s.SyncStatus.SetText("This station has no hub: it works offline.")
		s.RePull.Disable()
		return
	}
	info := s.app.opts.Sync()
	var b strings.Builder
	switch {
	case !info.Configured:
		b.WriteString("Not connected to a hub.")
	case info.Online:
		fmt.Fprintf(&b, "Online. Last sync %s.", info.LastSync.Format(time.DateTime))
	default:
		fmt.Fprintf(&b, "Offline: %s", info.LastError)
	}
	fmt.Fprintf(&b, " %d events waiting to be sent.", info.Pending)
	s.SyncStatus.SetText(b.String())
}

// save stores every tab; it stops at the first value that is wrong and
// says which.
func (s *SettingsScreen) save() bool {
	ctx, cancel := s.app.ctx()
	defer cancel()
	if err := s.saveAll(ctx); err != nil {
		logErr("settings", err)
		s.Banner.Set(ToneBad, "NOT SAVED", core.ErrorMessage(err))
		s.app.opts.Sound.Bad()
		return false
	}
	s.Banner.Set(ToneGood, "SAVED", "The station uses the new settings now; the printer from the next start.")
	s.app.opts.Sound.Good()
	s.load2()
	return true
}

// load2 refreshes what saving changes (the SSCC range left).
func (s *SettingsScreen) load2() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	if r, next, ok, _ := s.store.SSCCRange(ctx); ok {
		s.SSCCNow.SetText(fmt.Sprintf("serials %d to %d, %d left", r.First, r.Last, max(r.Last-next+1, 0)))
	}
}

func (s *SettingsScreen) saveAll(ctx context.Context) error {
	term, _ := s.store.Terminal(ctx)
	if name := strings.TrimSpace(s.StationName.Text); name != "" && name != term.Name {
		term.Name = name
		if err := s.store.SetTerminal(ctx, term); err != nil {
			return err
		}
	}
	for _, l := range Languages {
		if l.Name == s.Language.Selected {
			if err := s.store.SetSetting(ctx, SettingLanguage, l.Code); err != nil {
				return err
			}
		}
	}
	if d := strings.TrimSpace(s.ExpiryDays.Text); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return core.Errorf(core.EINVALID, "bad_days", "The pickup window is a number of days, not %q.", d)
		}
		if err := s.store.SetPickupExpiryDays(ctx, n); err != nil {
			return err
		}
	}
	if err := s.savePrinter(ctx); err != nil {
		return err
	}
	if err := s.saveScale(ctx); err != nil {
		return err
	}
	sh, err := s.store.ShipSettings(ctx)
	if err != nil {
		return err
	}
	sh.ShipFrom.Name, sh.ShipFrom.Line1, sh.ShipFrom.City = s.FromName.Text, s.FromStreet.Text, s.FromCity.Text
	sh.ShipFrom.PostalCode, sh.ShipFrom.Country = s.FromPostcode.Text, strings.ToUpper(s.FromCountry.Text)
	sh.Carrier, sh.ReturnURL, sh.Paper = s.Carrier.Text, s.ReturnURL.Text, s.Paper.Selected
	if err := s.store.SetShipSettings(ctx, sh); err != nil {
		return err
	}
	if err := s.saveCutoffs(ctx); err != nil {
		return err
	}
	return s.saveSSCC(ctx)
}

func (s *SettingsScreen) savePrinter(ctx context.Context) error {
	if s.PrinterKind.Selected == "" {
		return nil
	}
	c := printing.Config{Output: s.PrinterKind.Selected, Format: s.PrinterFormat.Selected}
	where := strings.TrimSpace(s.PrinterWhere.Text)
	switch c.Output {
	case printing.OutputFolder:
		c.Dir = where
	case printing.OutputCUPS:
		c.Queue = where
	case printing.OutputRaw:
		c.Addr = where
	}
	if c.Format == "" {
		c.Format = printing.FormatPDF
	}
	if c.Format == printing.FormatZPL {
		c.DPI, _ = strconv.Atoi(s.PrinterDPI.Selected)
		if c.DPI == 0 {
			c.DPI = 203
		}
	}
	return s.store.SetPrinterConfig(ctx, c)
}

// saveSSCC sets the range from the prefix and station number when the
// number is given (as label-setup --prefix P --terminal N does).
func (s *SettingsScreen) saveSSCC(ctx context.Context) error {
	n := strings.TrimSpace(s.SSCCTerminal.Text)
	if n == "" {
		return nil
	}
	num, err := strconv.Atoi(n)
	if err != nil {
		return core.Errorf(core.EINVALID, "bad_terminal_number", "The station number for SSCCs is 1 to 999, not %q.", n)
	}
	ext, _ := strconv.Atoi(strings.TrimSpace(s.SSCCExtension.Text))
	r, err := sscc.ForTerminal(strings.TrimSpace(s.SSCCPrefix.Text), ext, num)
	if err != nil {
		return err
	}
	return s.store.SetSSCCRange(ctx, r)
}

func (s *SettingsScreen) testPrint() {
	if !s.save() {
		return
	}
	ctx, cancel := s.app.ctx()
	defer cancel()
	pc, ok, err := s.store.PrinterConfig(ctx)
	if err == nil && !ok {
		err = core.Errorf(core.EINVALID, "no_printer", "Choose a printer first.")
	}
	if err == nil {
		term, _ := s.store.Terminal(ctx)
		err = printing.TestPrint(ctx, pc, term.Name, time.Now())
	}
	if err != nil {
		recentErrors.add("test print", err)
		s.Banner.Set(ToneBad, "TEST PRINT FAILED", core.ErrorMessage(err))
		s.app.opts.Sound.Bad()
		return
	}
	s.Banner.Set(ToneGood, "TEST PRINT SENT", "Check the printer: the page names this station and the time.")
}

func (s *SettingsScreen) rePull() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	if err := s.store.ResetSyncCursor(ctx); err != nil {
		s.Banner.Set(ToneBad, "NOT STARTED", core.ErrorMessage(err))
		return
	}
	if s.app.opts.SyncNow != nil {
		s.app.opts.SyncNow()
	}
	s.Banner.Set(ToneGood, "RE-PULLING", "The station pulls everything from the hub again; the status bar shows the progress.")
}

// errorLog keeps the last errors the station showed, for the settings
// screen (support asks "what did it say?").
type errorLog struct {
	mu    gosync.Mutex
	lines []string
}

var recentErrors errorLog

const errorLogLen = 50

func (l *errorLog) add(what string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s  %s: %s", time.Now().Format(time.TimeOnly), what, core.ErrorMessage(err)))
	if len(l.lines) > errorLogLen {
		l.lines = l.lines[len(l.lines)-errorLogLen:]
	}
}

func (l *errorLog) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.lines) == 0 {
		return "No errors since the station started."
	}
	out := make([]string, len(l.lines))
	for i, s := range l.lines {
		out[len(out)-1-i] = s // newest first
	}
	return strings.Join(out, "\n")
}
