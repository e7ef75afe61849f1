package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync/station"
)

func init() {
	register(command{name: "enrol", summary: "connect this station to its hub with an enrolment code (hub enroll --qr)", run: runEnrol})
}

func runEnrol(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("enrol", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, `Usage: stationhand enrol [--db FILE] [--name NAME] 'stationhand-enrol:?…'
       stationhand enrol [--db FILE] [--name NAME] --hub URL --code K7QM-4XHT-2WPD

Connects this station to the hub with the one-time enrolment code that
`+"`hub enroll --qr`"+` made (valid 15 minutes): the text of its QR code, or the
hub's address and the code typed by hand. The station gets its token (kept
in a file beside the database, readable by this user only), its SSCC range
and its location's sender and printer. The window's setup screen does the
same when a station starts without a hub.`)
		fs.PrintDefaults()
	}
	dbPath := dbFlag(fs)
	name := fs.String("name", "", "the station's name staff see, e.g. \"Pack 2\" (default: the one given with the code)")
	hubURL := fs.String("hub", "", "the hub's address, when typing the code by hand")
	code := fs.String("code", "", "the one-time code, when typing it by hand")
	insecure := fs.Bool("insecure-http", false, "allow a plain http:// hub on another machine: the token crosses the network readable")
	rest, ok := parseInterspersed(fs, args)
	if !ok {
		return 2
	}
	scanned := ""
	switch {
	case len(rest) == 1 && *code == "":
		scanned = rest[0]
	case len(rest) == 0 && *hubURL != "" && *code != "":
	default:
		fs.Usage()
		return 2
	}
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stationhand enrol: %v\n", err)
		return 1
	}
	defer db.Close()
	term, err := station.Enrol(ctx, db, scanned, *hubURL, *code, station.EnrolOptions{Name: *name, Version: version, InsecureHTTP: *insecure})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return 1
		}
		fmt.Fprintf(os.Stderr, "stationhand enrol: %s\n", message(err))
		return 1
	}
	token, _ := station.LoadToken(station.TokenPath(*dbPath))
	fmt.Printf("enrolled: %s (%s) at location %s\ntoken:    %s in %s (readable by this user only)\n",
		term.Name, term.ID, term.Location, station.Mask(token), station.TokenPath(*dbPath))
	return 0
}
