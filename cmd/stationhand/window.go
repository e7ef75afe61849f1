package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/stationhand/stationhand/assets"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/ui"
)

// appID must match Details.ID in cmd/stationhand/FyneApp.toml.
const appID = "io.stationhand.terminal"

func runWindow(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("stationhand", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "seed a demo store (products, bins, orders, staff) into an empty database")
	training := fs.Bool("training", false, "training mode: show the barcodes each step expects as buttons")
	fnc1 := fs.String("fnc1", gs1.DefaultFNC1Substitute, "printable character the scanner sends for FNC1 (GS)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	db, err := openStore(ctx, *dbPath, *withDemo)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stationhand: %s\n(%v)\n", core.ErrorMessage(err), err)
		return 1
	}
	defer db.Close()

	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	term, _ := db.Terminal(ctx)
	title := "Stationhand"
	if term.Name != "" {
		title += " · " + term.Name
	}
	w := a.NewWindow(title)
	w.Resize(fyne.NewSize(1280, 800))
	parser := scan.Parser{Prefixes: scan.DefaultPrefixes, FNC1Substitute: *fnc1}
	printer, closePrinter := stationPrinter(ctx, db, *dbPath) // label_cmd.go
	defer closePrinter()
	station := ui.New(w, db, ui.Options{Parser: parser, Training: *training || *withDemo, Sound: ui.NewSystemSounder(), Title: title,
		Sync: startSync(ctx, db), Printer: printer})
	station.Start()
	go func() {
		<-ctx.Done() // SIGTERM or Ctrl-C: close the window cleanly
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	station.Stop()
	return 0
}
