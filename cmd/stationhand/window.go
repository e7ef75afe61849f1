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
	"github.com/stationhand/stationhand/core/gs1"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/ui"
)

// appID must match FyneApp.toml's Details.ID.
const appID = "io.stationhand.terminal"

func runWindow(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("stationhand", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "seed a demo store (products, bins, orders, staff) into an empty database")
	training := fs.Bool("training", false, "training mode: show the barcodes each step expects as buttons")
	scanLog := fs.String("scan-log", "", "append a line per answered scan (time of Enter, time of the answer on screen) to this file")
	fnc1 := fs.String("fnc1", gs1.DefaultFNC1Substitute, "printable character the scanner sends for FNC1 (GS)")
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
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	term, _ := db.Terminal(ctx)
	title := "Stationhand"
	if term.Name != "" {
		title += " · " + term.Name
	}
	w := a.NewWindow(title)
	w.Resize(fyne.NewSize(1280, 800))
	// The catalogue settles scans that read two ways (EAN-8 or UPC-E).
	parser := scan.Parser{Prefixes: scan.DefaultPrefixes, FNC1Substitute: *fnc1, Catalogue: db}
	printer, closePrinter := stationPrinter(ctx, db, *dbPath) // label_cmd.go
	defer closePrinter()
	syncStatus, syncNow := startSync(ctx, db)
	weigher, closeScale := openScale(ctx, db)
	defer closeScale()
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
	station := ui.New(w, db, ui.Options{Parser: parser, Training: *training || *withDemo, Sound: ui.NewSystemSounder(), Title: title,
		Sync: syncStatus, SyncNow: syncNow, Printer: printer, ScanLog: scanLogW, Scale: weigher})
	station.Start()
	w.Show()
	fitToScreen(ctx, w, db)
	go func() {
		<-ctx.Done() // SIGTERM or Ctrl-C: close the window cleanly
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	station.Stop()
	return 0
}
