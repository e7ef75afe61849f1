package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

func init() {
	register(command{name: "parse", summary: "explain what a scanned code means, or why it is rejected", run: runParse})
}

func runParse(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	dbPath := fs.String("db", "", "a station database whose product catalogue settles codes that read two ways\n(default: the station's own database, if there is one)")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage: stationhand parse [--db FILE] CODE\n\nPrints what a scanned string means and how it was read; exits 1 if it is rejected.")
		fs.PrintDefaults()
	}
	rest, ok := parseInterspersed(fs, args) // label_cmd.go
	if !ok {
		return 2
	}
	if len(rest) != 1 {
		fs.Usage()
		return 2
	}
	p := scan.Parser{}
	path := *dbPath
	if path == "" {
		if _, err := os.Stat(defaultDBPath()); err == nil {
			path = defaultDBPath()
		}
	}
	if path != "" {
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "stationhand: %s\n(%v)\n", core.ErrorMessage(err), err)
			return 1
		}
		defer db.Close()
		p.Catalogue = db
	}
	code, err := p.Parse(rest[0])
	if err != nil {
		fmt.Printf("rejected: %s\n", core.ErrorMessage(err))
		return 1
	}
	fmt.Print(code.Describe())
	return 0
}
