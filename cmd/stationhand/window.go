package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/stationhand/stationhand/assets"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync/station"
	"github.com/stationhand/stationhand/ui"
)

// appID must match Details.ID in cmd/stationhand/FyneApp.toml.
const appID = "io.stationhand.terminal"

func runWindow(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("stationhand", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "seed a demo store (products, bins, orders, staff) into an empty database")
	training := fs.Bool("training", false, "training mode: show the barcodes each step expects as buttons")
	scanLog := fs.String("scan-log", "", "append a line per answered scan (time of Enter, time of the answer on screen) to this file")
	fnc1 := fs.String("fnc1", gs1.DefaultFNC1Substitute, "printable character the scanner sends for FNC1 (GS)")
	insecure := fs.Bool("insecure-http", false, "on the setup screen, allow a plain http:// hub on another machine")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	db, err := openStore(ctx, *dbPath, *withDemo)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stationhand: %s\n", storeProblem(*dbPath, err))
		return 1
	}
	defer db.Close()

	// Thai, Arabic, Korean… names on a station with no system fonts.
	if err := ui.InstallFallbackFonts(filepath.Join(filepath.Dir(*dbPath), "fallback-fonts")); err != nil {
		fmt.Fprintf(os.Stderr, "stationhand: %v (names in some scripts may show as boxes)\n", err)
	}
	declareFyneDo()
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	w := a.NewWindow(windowTitle(ctx, db))
	w.Resize(fyne.NewSize(1280, 800))
	// The catalogue settles scans that read two ways (EAN-8 or UPC-E).
	parser := scan.Parser{Prefixes: scan.DefaultPrefixes, FNC1Substitute: *fnc1, Catalogue: db}
	var scanLogW io.Writer
	if *scanLog != "" {
		f, err := os.OpenFile(*scanLog, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintf(os.Stderr, "stationhand: scan log: %v\n", err)
			return 1
		}
		defer f.Close()
		scanLogW = f
	}
	stop := func() {}
	open := func() {
		title := windowTitle(ctx, db)
		w.SetTitle(title)
		printer, closePrinter := stationPrinter(ctx, db, *dbPath)                                 // label_cmd.go
		carrierPrinter, closeCarrier := stationCarrierPrinter(ctx, db, *dbPath)                   // label_cmd.go
		syncInfo, syncNow := startSync(ctx, db, carrierLabelPrinter(db, carrierPrinter, printer)) // window_sync.go
		weigher := openScale(ctx, db)                                                             // closed by st.Stop
		st := ui.New(w, db, ui.Options{Parser: parser, Training: *training || *withDemo, Sound: ui.NewSystemSounder(), Title: title,
			Sync: syncInfo, SyncNow: syncNow, Printer: printer, CarrierPrinter: carrierPrinter, ScanLog: scanLogW, Scale: weigher, DrawBeforeFrame: true})
		st.Start()
		stop = func() { st.Stop(); closePrinter(); closeCarrier() }
	}
	// A station that has no hub (and is no demo) starts with its setup:
	// language, name, and the enrolment code to scan.
	if !*withDemo && !station.Configured(ctx, db) {
		ui.ShowSetup(w, ui.SetupOptions{Title: "Stationhand", Sound: ui.NewSystemSounder(),
			Enrol: func(ctx context.Context, r ui.SetupRequest) (core.Terminal, error) {
				return enrolFromScreen(ctx, db, r, *insecure)
			},
			Done: func(core.Terminal) { open() },
			Skip: open,
		})
	} else {
		open()
	}
	w.Show()
	fitToScreen(ctx, w, db)
	go func() {
		<-ctx.Done() // SIGTERM or Ctrl-C: close the window cleanly
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	stop()
	return 0
}

func windowTitle(ctx context.Context, db *sqlite.DB) string {
	term, _ := db.Terminal(ctx)
	if term.Name != "" {
		return "Stationhand · " + term.Name
	}
	return "Stationhand"
}

// enrolFromScreen enrols the station with what the setup screen collected
// and keeps the language chosen there.
func enrolFromScreen(ctx context.Context, db *sqlite.DB, r ui.SetupRequest, insecure bool) (core.Terminal, error) {
	if err := db.SetSetting(ctx, ui.SettingLanguage, r.Language); err != nil {
		return core.Terminal{}, err
	}
	return station.Enrol(ctx, db, r.Scanned, r.HubURL, r.Code, station.EnrolOptions{Name: r.Name, Version: version, InsecureHTTP: insecure})
}
