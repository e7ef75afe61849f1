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
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/ui/i18n"
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
	workflows = append(workflows, HomeAction{Label: "home.settings", Role: core.RoleSupervisor, Key: fyne.KeyF9,
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

	// The carrier label printer (settings_carrier.go).
	CarrierKind      *widget.Select // none, folder, cups, raw
	CarrierWhere     *widget.Entry
	CarrierFormat    *widget.Select // zpl, pdf
	CarrierDPI       *widget.Select
	CarrierTestPrint *widget.Button

	FromName, FromStreet, FromCity, FromPostcode, FromCountry *widget.Entry
	Carrier, ReturnURL                                        *widget.Entry
	Paper                                                     *widget.Select

	SSCCPrefix, SSCCTerminal, SSCCExtension *widget.Entry
	SSCCFirst, SSCCLast                     *widget.Entry // instead of the station number (label-setup --first --last)
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
	s.StationName = entry(tr("settings.ph_station"))
	names := make([]string, len(Languages))
	for i, l := range Languages {
		names[i] = l.Name
	}
	s.Language = widget.NewSelect(names, nil)
	s.PrinterKind = widget.NewSelect([]string{printing.OutputFolder, printing.OutputCUPS, printing.OutputRaw}, nil)
	s.PrinterWhere = entry(tr("settings.ph_where"))
	s.PrinterFormat = widget.NewSelect([]string{printing.FormatPDF, printing.FormatZPL}, nil)
	s.PrinterDPI = widget.NewSelect(zplDPIs, nil)
	s.TestPrint = widget.NewButtonWithIcon(tr("settings.test_print"), theme.DocumentPrintIcon(), s.testPrint)
	s.FromName, s.FromStreet, s.FromCity = entry(tr("settings.ph_sender")), entry(tr("settings.ph_street")), entry(tr("settings.ph_city"))
	s.FromPostcode, s.FromCountry = entry(tr("settings.ph_postcode")), entry(tr("settings.ph_country"))
	s.Carrier, s.ReturnURL = entry(tr("settings.ph_carrier")), entry(tr("settings.ph_return_url"))
	s.Paper = widget.NewSelect([]string{"A4", "Letter"}, nil)
	s.SSCCPrefix, s.SSCCTerminal, s.SSCCExtension = entry(tr("settings.ph_prefix")), entry(tr("settings.ph_terminal")), entry("0-9")
	s.SSCCFirst, s.SSCCLast = entry(tr("settings.ph_first")), entry(tr("settings.ph_last"))
	s.SSCCNow = widget.NewLabel("")
	s.ExpiryDays = entry(tr("settings.ph_days"))
	s.buildDock()
	s.SyncStatus = widget.NewLabel("")
	s.SyncStatus.Wrapping = fyne.TextWrapWord
	s.RePull = widget.NewButtonWithIcon(tr("settings.re_pull"), theme.ViewRefreshIcon(), s.rePull)
	s.Errors = widget.NewLabel("")
	s.Errors.Wrapping = fyne.TextWrapWord
	s.Save = widget.NewButtonWithIcon(tr("settings.save"), theme.DocumentSaveIcon(), func() { s.save() })
	s.Save.Importance = widget.HighImportance
	s.Back = widget.NewButtonWithIcon(tr("common.back"), theme.NavigateBackIcon(), s.app.ShowHome)
	s.buildCarrierPrinter()
	s.buildScale()
}

func (s *SettingsScreen) layout() fyne.CanvasObject {
	item := widget.NewFormItem
	station := widget.NewForm(item(tr("setup.station_name"), s.StationName), item(tr("settings.language_default"), s.Language),
		item(tr("settings.pickup_days"), s.ExpiryDays))
	sender := widget.NewForm(item(tr("settings.sender"), s.FromName), item(tr("settings.street"), s.FromStreet), item(tr("settings.city"), s.FromCity),
		item(tr("settings.postcode"), s.FromPostcode), item(tr("settings.country"), s.FromCountry), item(tr("settings.carrier"), s.Carrier),
		item(tr("settings.returns_page"), s.ReturnURL), item(tr("settings.paper"), s.Paper))
	numbering := widget.NewForm(item(tr("settings.company_prefix"), s.SSCCPrefix), item(tr("settings.station_number"), s.SSCCTerminal),
		item(tr("settings.extension"), s.SSCCExtension), item(tr("settings.first_serial"), s.SSCCFirst), item(tr("settings.last_serial"), s.SSCCLast),
		item(tr("settings.now"), s.SSCCNow))
	s.Tabs = container.NewAppTabs(
		container.NewTabItem(tr("settings.tab_station"), station),
		container.NewTabItem(tr("settings.printer"), s.printersTab()),
		container.NewTabItem(tr("settings.scale.tab"), s.scaleTab()),
		container.NewTabItem(tr("settings.tab_labels"), sender),
		container.NewTabItem(tr("settings.tab_sscc"), numbering),
		s.dockTab(),
		container.NewTabItem(tr("settings.tab_sync"), container.NewVBox(s.SyncStatus, s.RePull)),
		container.NewTabItem(tr("settings.tab_errors"), container.NewVScroll(s.Errors)),
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
		s.SSCCNow.SetText(tr("settings.serials", "First", r.First, "Last", r.Last, "Left", max(r.Last-next+1, 0)))
	} else {
		s.SSCCNow.SetText(tr("settings.serials_unset"))
	}
	s.loadCarrierPrinter(ctx)
	s.loadCutoffs(ctx)
	s.loadScale(ctx)
	s.showSync()
	s.Errors.SetText(recentErrors.text())
	s.Banner.Set(ToneInfo, tr("settings.title"), tr("settings.how"))
}

func (s *SettingsScreen) showSync() {
	if s.app.opts.Sync == nil {
		s.SyncStatus.SetText(tr("settings.no_hub"))
		s.RePull.Disable()
		return
	}
	info := s.app.opts.Sync()
	var b strings.Builder
	switch {
	case !info.Configured:
		b.WriteString(tr("settings.not_connected"))
	case info.Online:
		b.WriteString(tr("settings.online", "When", i18n.Date(info.LastSync)+" "+i18n.ClockSeconds(info.LastSync)))
	default:
		b.WriteString(tr("settings.offline", "Error", info.errorWords()))
	}
	b.WriteString(" " + tr("settings.pending", "N", info.Pending))
	s.SyncStatus.SetText(b.String())
}

// save stores every tab; it stops at the first value that is wrong and
// says which.
func (s *SettingsScreen) save() bool {
	ctx, cancel := s.app.ctx()
	defer cancel()
	if err := s.saveAll(ctx); err != nil {
		logErr("settings", err)
		s.Banner.Set(ToneBad, tr("headline.not_saved"), errorText(err))
		s.app.opts.Sound.Bad()
		return false
	}
	s.app.opts.Sound.Good()
	before := i18n.Current()
	s.app.useLanguage(s.app.user.Language)
	if i18n.Current() != before {
		// The new default is this supervisor's language too: the
		// screen speaks it at once.
		s = s.app.ShowSettings()
	}
	s.Banner.Set(ToneGood, tr("settings.saved"), tr("settings.saved_text"))
	s.load2()
	return true
}

// load2 refreshes what saving changes (the SSCC range left).
func (s *SettingsScreen) load2() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	if r, next, ok, _ := s.store.SSCCRange(ctx); ok {
		s.SSCCNow.SetText(tr("settings.serials", "First", r.First, "Last", r.Last, "Left", max(r.Last-next+1, 0)))
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
			return refusal(core.EINVALID, "bad_days", tr("settings.bad_days", "Text", d))
		}
		if err := s.store.SetPickupExpiryDays(ctx, n); err != nil {
			return err
		}
	}
	if err := s.savePrinter(ctx); err != nil {
		return err
	}
	if err := s.saveCarrierPrinter(ctx); err != nil {
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
	return s.store.SetPrinterConfig(ctx, printerConfig(s.PrinterKind.Selected, s.PrinterWhere.Text, s.PrinterFormat.Selected,
		s.PrinterDPI.Selected, printing.FormatPDF))
}

// saveSSCC sets the range from the prefix and station number when the
// number is given (as label-setup --prefix P --terminal N does), or from
// the first and last serial when both are (--first F --last L).
func (s *SettingsScreen) saveSSCC(ctx context.Context) error {
	n := strings.TrimSpace(s.SSCCTerminal.Text)
	first, last := strings.TrimSpace(s.SSCCFirst.Text), strings.TrimSpace(s.SSCCLast.Text)
	if (first == "") != (last == "") {
		return refusal(core.EINVALID, "bad_serial", tr("settings.serials_both"))
	}
	if n == "" && first == "" {
		return nil
	}
	prefix := strings.TrimSpace(s.SSCCPrefix.Text)
	ext, _ := strconv.Atoi(strings.TrimSpace(s.SSCCExtension.Text))
	var r sscc.Range
	if first != "" && last != "" {
		for _, v := range []struct {
			text string
			dst  *int64
		}{{first, &r.First}, {last, &r.Last}} {
			var err error
			if *v.dst, err = strconv.ParseInt(v.text, 10, 64); err != nil {
				return refusal(core.EINVALID, "bad_serial", tr("settings.bad_serial", "Text", v.text))
			}
		}
		r.CompanyPrefix, r.Extension = prefix, ext
	} else {
		num, err := strconv.Atoi(n)
		if err != nil {
			return refusal(core.EINVALID, "bad_terminal_number", tr("settings.bad_terminal", "Text", n))
		}
		if r, err = sscc.ForTerminal(prefix, ext, num); err != nil {
			return err
		}
	}
	return s.store.SetSSCCRange(ctx, r)
}

func (s *SettingsScreen) testPrint() {
	s.testPrintOn(s.store.PrinterConfig, "settings.no_printer")
}

func (s *SettingsScreen) rePull() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	if err := s.store.ResetSyncCursor(ctx); err != nil {
		s.Banner.Set(ToneBad, tr("settings.not_started"), errorText(err))
		return
	}
	if s.app.opts.SyncNow != nil {
		s.app.opts.SyncNow()
	}
	s.Banner.Set(ToneGood, tr("settings.re_pulling"), tr("settings.re_pulling_text"))
}

// errorLog keeps the last errors the station showed, for the settings
// screen (support asks "what did it say?"). It keeps the errors
// themselves, so the list reads in the language of whoever opens it.
type errorLog struct {
	mu      gosync.Mutex
	entries []loggedError
}

// loggedError is one error of the log: when, what was being done (a
// logErr name, worded through "errlog.<name>"), and the error.
type loggedError struct {
	at   time.Time
	what string
	err  error
}

var recentErrors errorLog

const errorLogLen = 50

func (l *errorLog) add(what string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, loggedError{time.Now(), what, err})
	if len(l.entries) > errorLogLen {
		l.entries = l.entries[len(l.entries)-errorLogLen:]
	}
}

func (l *errorLog) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) == 0 {
		return tr("settings.no_errors")
	}
	out := make([]string, len(l.entries))
	for i, e := range l.entries {
		out[len(out)-1-i] = fmt.Sprintf("%s  %s: %s", i18n.ClockSeconds(e.at), errorLogHeading(e.what), errorText(e.err)) // newest first
	}
	return strings.Join(out, "\n")
}

// errorLogHeading words what was being done when an error came.
func errorLogHeading(what string) string {
	key := "errlog." + strings.ReplaceAll(strings.ToLower(what), " ", "_")
	if i18n.Has(key) {
		return tr(key)
	}
	return what
}
