package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/printing"
)

func init() {
	register(command{name: "sscc", summary: "number stations' parcels: the GS1 company prefix new stations get SSCC ranges under", run: runSSCC})
	register(command{name: "defaults", summary: "what a location's new stations start with: sender address, carrier, printer", run: runDefaults})
}

func runSSCC(ctx context.Context, args []string) int {
	fs, dsn := newFlags("sscc", `--prefix P [--extension E] [--from N]

Every station enrolled from now on (hub enroll --qr) gets its own block of
SSCC serial references under the GS1 Company Prefix P: block 1, 2, 3, …
(the same blocks as stationhand label-setup --terminal N). No block is ever
given twice. Start at --from N when blocks up to N-1 were given by hand.`)
	prefix := fs.String("prefix", "", "the company's GS1 Company Prefix (7 to 10 digits)")
	ext := fs.Int("extension", 0, "the SSCC extension digit (0-9)")
	from := fs.Int("from", 1, "the first block to give (1-999)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *prefix == "" {
		fs.Usage()
		return 2
	}
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	if err := db.SetSSCCNumbering(ctx, *prefix, *ext, *from); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "new stations get SSCC blocks under prefix %s, extension %d\n", *prefix, *ext)
	return 0
}

func runDefaults(ctx context.Context, args []string) int {
	fs, dsn := newFlags("defaults", `LOCATION [--from-name N --from-street S --from-city C --from-postcode P --from-country CC] [--carrier C] [--paper A4|Letter] [--printer SPEC --printer-format pdf|zpl]

Sets what new stations of LOCATION start with when they enrol; each
station can change its own afterwards. With no flags, shows them.`)
	name := fs.String("from-name", "", "sender name on labels")
	street := fs.String("from-street", "", "sender street")
	city := fs.String("from-city", "", "sender city")
	postcode := fs.String("from-postcode", "", "sender postal code")
	country := fs.String("from-country", "", "sender country (ISO 3166 alpha-2)")
	carrier := fs.String("carrier", "", "carrier name on labels")
	paper := fs.String("paper", "", "packing slip paper: A4 or Letter")
	printer := fs.String("printer", "", "folder:DIR, cups:QUEUE or raw:HOST[:PORT]")
	format := fs.String("printer-format", "", "pdf, or zpl (Zebra)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	loc := fs.Arg(0)
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	d, err := db.LocationDefaults(ctx, loc)
	if err != nil {
		return fail(err)
	}
	changed := false
	ship := core.ShipSettings{}
	if d.Ship != nil {
		ship = *d.Ship
	}
	for _, f := range []struct {
		v   string
		dst *string
	}{{*name, &ship.ShipFrom.Name}, {*street, &ship.ShipFrom.Line1}, {*city, &ship.ShipFrom.City}, {*postcode, &ship.ShipFrom.PostalCode},
		{*country, &ship.ShipFrom.Country}, {*carrier, &ship.Carrier}, {*paper, &ship.Paper}} {
		if f.v != "" {
			*f.dst, changed = f.v, true
		}
	}
	if changed {
		d.Ship = &ship
	}
	if *printer != "" {
		kind, where, _ := strings.Cut(*printer, ":")
		p := printing.Config{Output: kind, Format: *format}
		switch kind {
		case printing.OutputFolder:
			p.Dir = where
		case printing.OutputCUPS:
			p.Queue = where
		case printing.OutputRaw:
			p.Addr = where
		}
		if p.Format == "" {
			p.Format = printing.FormatPDF
		}
		if p.Format == printing.FormatZPL {
			p.DPI = 203
		}
		d.Printer, changed = &p, true
	}
	if changed {
		if err := db.SetLocationDefaults(ctx, loc, d); err != nil {
			return fail(err)
		}
	}
	b, _ := json.MarshalIndent(d, "", "  ")
	fmt.Fprintf(stdout, "%s\n", b)
	return 0
}
