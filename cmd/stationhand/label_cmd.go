package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/ui"
)

func init() {
	register(command{name: "label", summary: "write the shipping labels of a packed order as PDF or ZPL", run: runLabel})
	register(command{name: "label-setup", summary: "show or set what labels carry: sender, carrier, returns page, SSCC numbering", run: runLabelSetup})
}

func runLabel(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("label", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	format := fs.String("format", pack.FormatPDF, "pdf (one 4x6 page per package) or zpl (Zebra)")
	out := fs.String("out", "", "the file to write; - for standard output")
	dpi := fs.Int("dpi", 203, "ZPL only: the printer's resolution, 203, 300 or 600")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage: stationhand label ORDER --format pdf|zpl --out FILE [--dpi 203|300|600] [--db FILE]")
		fmt.Fprintln(os.Stderr, "\nWrites the shipping labels of every package of a packed order.")
		fs.PrintDefaults()
	}
	rest, ok := parseInterspersed(fs, args)
	if !ok {
		return 2
	}
	if len(rest) != 1 || *out == "" {
		fs.Usage()
		return 2
	}
	ref := rest[0]
	if strings.HasPrefix(strings.ToUpper(ref), "ORD-") {
		ref = ref[4:] // the order's barcode works too
	}
	db, err := openStation(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "label: %s\n", storeProblem(*dbPath, err))
		return 1
	}
	defer db.Close()
	o, pkgs, err := db.PackedShipment(ctx, ref)
	if err != nil {
		return labelFail(err)
	}
	settings, err := db.ShipSettings(ctx)
	if err != nil {
		return labelFail(err)
	}
	// Render completely before touching the output: a wrong label leaves
	// no half-written file behind.
	var doc bytes.Buffer
	if err := pack.WriteLabels(&doc, *format, *dpi, pack.ShippingLabels(o, pkgs, settings)); err != nil {
		return labelFail(err)
	}
	var w io.Writer = os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return labelFail(err)
		}
		defer f.Close()
		w = f
	}
	if _, err := w.Write(doc.Bytes()); err != nil {
		return labelFail(err)
	}
	if err := db.MarkLabelPrinted(ctx, ref); err != nil {
		return labelFail(err)
	}
	if *out != "-" {
		fmt.Fprintf(os.Stderr, "%s: %d label(s) of order %s, %s\n", *out, len(pkgs), ref, strings.ToUpper(*format))
	}
	return 0
}

func labelFail(err error) int {
	msg := core.ErrorMessage(err)
	if core.ErrorCode(err) == core.EINTERNAL {
		msg = err.Error()
	}
	fmt.Fprintf(os.Stderr, "label: %s\n", msg)
	return 1
}

// parseInterspersed parses flags that may come before and after the
// positional arguments ("label W1 --out x.pdf").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, bool) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, false
		}
		if fs.NArg() == 0 {
			return rest, true
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func runLabelSetup(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("label-setup", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	prefix := fs.String("prefix", "", "the company's GS1 Company Prefix (7 to 10 digits)")
	terminal := fs.Int("terminal", 0, "this terminal's number for SSCCs (1-999, unique per company prefix)")
	first := fs.Int64("first", -1, "instead of --terminal: the first serial reference of this terminal's range")
	last := fs.Int64("last", -1, "with --first: the last serial reference of the range")
	ext := fs.Int("extension", 0, "the SSCC extension digit (0-9)")
	name := fs.String("from-name", "", "sender name on labels")
	street := fs.String("from-street", "", "sender street")
	city := fs.String("from-city", "", "sender city")
	postcode := fs.String("from-postcode", "", "sender postal code")
	country := fs.String("from-country", "", "sender country (ISO 3166 alpha-2)")
	carrier := fs.String("carrier", "", "carrier name on labels")
	returns := fs.String("return-url", "", "returns page, printed as a QR code on packing slips")
	paper := fs.String("paper", "", "packing slip paper: A4 or Letter")
	printer := fs.String("printer", "", "where this station prints: folder:DIR, cups:QUEUE or raw:HOST[:PORT]")
	printerFormat := fs.String("printer-format", "", "what the printer takes: pdf, or zpl (Zebra)")
	printerDPI := fs.Int("printer-dpi", 203, "a Zebra printer's resolution: 203, 300 or 600")
	carrierPrinter := fs.String("carrier-printer", "", "a second printer for carrier labels only (a Zebra beside a PDF printer): folder:DIR, cups:QUEUE or raw:HOST[:PORT]")
	carrierFormat := fs.String("carrier-printer-format", "", "what the carrier label printer takes: zpl (default) or pdf; its dpi is --printer-dpi")
	testPrint := fs.Bool("test-print", false, "print a test page on the station's printer now")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	db, err := openStation(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "label-setup: %s\n", storeProblem(*dbPath, err))
		return 1
	}
	defer db.Close()

	if *prefix != "" {
		var r sscc.Range
		switch {
		case *first >= 0 && *last >= 0:
			r = sscc.Range{CompanyPrefix: *prefix, Extension: *ext, First: *first, Last: *last}
		case *terminal > 0:
			r, err = sscc.ForTerminal(*prefix, *ext, *terminal)
		default:
			fmt.Fprintln(os.Stderr, "label-setup: with --prefix, give --terminal N or --first and --last")
			return 2
		}
		if err == nil {
			err = db.SetSSCCRange(ctx, r)
		}
		if err != nil {
			return labelFail(err)
		}
	}
	s, err := db.ShipSettings(ctx)
	if err != nil {
		return labelFail(err)
	}
	changed := false
	for _, f := range []struct {
		v   string
		dst *string
	}{{*name, &s.ShipFrom.Name}, {*street, &s.ShipFrom.Line1}, {*city, &s.ShipFrom.City}, {*postcode, &s.ShipFrom.PostalCode},
		{*country, &s.ShipFrom.Country}, {*carrier, &s.Carrier}, {*returns, &s.ReturnURL}, {*paper, &s.Paper}} {
		if f.v != "" {
			*f.dst, changed = f.v, true
		}
	}
	if changed {
		if err := db.SetShipSettings(ctx, s); err != nil {
			return labelFail(err)
		}
	}
	if *printer != "" || *printerFormat != "" {
		if err := setPrinter(ctx, db, *printer, *printerFormat, *printerDPI); err != nil {
			return labelFail(err)
		}
	}
	if *carrierPrinter != "" || *carrierFormat != "" {
		if err := setCarrierPrinter(ctx, db, *carrierPrinter, *carrierFormat, *printerDPI); err != nil {
			return labelFail(err)
		}
	}
	if cc, ok, err := db.CarrierPrinterConfig(ctx); err == nil && ok {
		p, _ := cc.Printer()
		fmt.Printf("carrier labels: %s, %s", p, strings.ToUpper(cc.Format))
		if cc.Format == printing.FormatZPL {
			fmt.Printf(" at %d dpi", cc.DPI)
		}
		fmt.Println()
	}
	r, next, ok, err := db.SSCCRange(ctx)
	if err != nil {
		return labelFail(err)
	}
	from := s.ShipFrom
	fmt.Printf("sender:     %s, %s, %s %s, %s\n", from.Name, from.Line1, from.PostalCode, from.City, from.Country)
	fmt.Printf("carrier:    %s\nreturns:    %s\npaper:      %s\n", s.Carrier, s.ReturnURL, s.Paper)
	if ok {
		code, _ := r.SSCC(min(next, r.Last))
		fmt.Printf("SSCC:       prefix %s, extension %d, serials %d to %d, next %s (%d left)\n",
			r.CompanyPrefix, r.Extension, r.First, r.Last, code, max(r.Last-next+1, 0))
	} else {
		fmt.Println("SSCC:       not set: packages cannot be closed until --prefix and --terminal are given")
	}
	pc, ok, err := db.PrinterConfig(ctx)
	if err != nil {
		return labelFail(err)
	}
	if !ok {
		fmt.Println("printer:    not set: labels are not printed until --printer is given")
		return 0
	}
	p, _ := pc.Printer()
	fmt.Printf("printer:    %s, %s", p, strings.ToUpper(pc.Format))
	if pc.Format == printing.FormatZPL {
		fmt.Printf(" at %d dpi", pc.DPI)
	}
	fmt.Println()
	if *testPrint {
		term, _ := db.Terminal(ctx)
		if err := printing.TestPrint(ctx, pc, stationName(term), time.Now()); err != nil {
			return labelFail(err)
		}
		fmt.Println("test page:  printed")
	}
	return 0
}

// setPrinter stores where the station prints: spec is folder:DIR,
// cups:QUEUE or raw:HOST[:PORT]; an empty spec or format keeps what is set.
func setPrinter(ctx context.Context, db *sqlite.DB, spec, format string, dpi int) error {
	c, _, err := db.PrinterConfig(ctx)
	if err != nil {
		return err
	}
	if c, err = printerSpec(c, spec, format, printing.FormatPDF, dpi); err != nil {
		return err
	}
	return db.SetPrinterConfig(ctx, c)
}

// setCarrierPrinter stores the station's second printer, for carrier
// labels, as setPrinter does the first; its format is ZPL unless given.
func setCarrierPrinter(ctx context.Context, db *sqlite.DB, spec, format string, dpi int) error {
	c, _, err := db.CarrierPrinterConfig(ctx)
	if err != nil {
		return err
	}
	if c, err = printerSpec(c, spec, format, printing.FormatZPL, dpi); err != nil {
		return err
	}
	return db.SetCarrierPrinterConfig(ctx, c)
}

// printerSpec applies a printer spec (folder:DIR, cups:QUEUE or
// raw:HOST[:PORT]) and format to c; empty ones keep what c has, and a
// printer without a format takes defaultFormat.
func printerSpec(c printing.Config, spec, format, defaultFormat string, dpi int) (printing.Config, error) {
	if spec != "" {
		kind, where, ok := strings.Cut(spec, ":")
		if !ok || where == "" {
			return c, core.Errorf(core.EINVALID, "bad_printer_config", "Give the printer as folder:DIR, cups:QUEUE or raw:HOST[:PORT], not %q.", spec)
		}
		c.Output, c.Dir, c.Queue, c.Addr = kind, "", "", ""
		switch kind {
		case printing.OutputFolder:
			c.Dir = where
		case printing.OutputCUPS:
			c.Queue = where
		case printing.OutputRaw:
			c.Addr = where
		}
	}
	if format != "" {
		c.Format = format
	}
	if c.Format == "" {
		c.Format = defaultFormat
	}
	c.DPI = 0
	if c.Format == printing.FormatZPL {
		c.DPI = dpi
	}
	return c, nil
}

func stationName(t core.Terminal) string {
	if t.Name != "" {
		return t.Name
	}
	return t.ID
}

// stationPrinter opens the print queue of the station's printer, spooling
// into a folder beside the database, or returns nil when no printer is set
// up (the pack screen says so). close stops the queue; jobs not yet sent
// stay in the spool for the next start.
func stationPrinter(ctx context.Context, db *sqlite.DB, dbPath string) (p ui.LabelPrinter, stop func()) {
	cfg, ok, err := db.PrinterConfig(ctx)
	return openPrinter(ctx, db, cfg, ok, err, filepath.Join(filepath.Dir(dbPath), "print-spool"))
}

// stationCarrierPrinter opens the queue of the station's second printer,
// for carrier labels, or returns nil when it has none.
func stationCarrierPrinter(ctx context.Context, db *sqlite.DB, dbPath string) (p ui.LabelPrinter, stop func()) {
	cfg, ok, err := db.CarrierPrinterConfig(ctx)
	return openPrinter(ctx, db, cfg, ok, err, filepath.Join(filepath.Dir(dbPath), "carrier-print-spool"))
}

func openPrinter(ctx context.Context, db *sqlite.DB, cfg printing.Config, ok bool, err error, spool string) (p ui.LabelPrinter, stop func()) {
	stop = func() {}
	if err != nil || !ok {
		if err != nil {
			fmt.Fprintf(os.Stderr, "stationhand: printer: %v\n", err)
		}
		return nil, stop
	}
	pr, err := cfg.Printer()
	if err != nil {
		fmt.Fprintf(os.Stderr, "stationhand: printer: %s\n", core.ErrorMessage(err))
		return nil, stop
	}
	q, err := printing.Open(spool, pr, printing.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "stationhand: printer: %v\n", err)
		return nil, stop
	}
	term, _ := db.Terminal(ctx)
	return ui.QueuePrinter(q, cfg, stationName(term)), func() { q.Close() }
}

// setupPackDemo gives a demo store what its labels need: the demo store's
// address as the sender, SSCCs under GS1's example company prefix 0614141
// (terminal 1), a "printer" writing PDFs into a folder beside the
// database, and a carrier label "printer" writing ZPL into the same folder
// (the demo's carrier labels come as PDF and as ZPL, and only a ZPL
// printer prints ZPL). Real stations set their own with label-setup.
func setupPackDemo(ctx context.Context, db *sqlite.DB) error {
	if err := setupCarrierPrinterDemo(ctx, db); err != nil {
		return err
	}
	if _, _, ok, err := db.SSCCRange(ctx); err != nil || ok {
		return err
	}
	r, err := sscc.ForTerminal("0614141", 0, 1)
	if err != nil {
		return err
	}
	if err := db.SetSSCCRange(ctx, r); err != nil {
		return err
	}
	err = db.SetShipSettings(ctx, core.ShipSettings{
		ShipFrom: demo.ShipFrom, Carrier: "Demo Parcel", ReturnURL: "https://returns.example.com/stationhand", Paper: "A4",
	})
	if err != nil {
		return err
	}
	if _, ok, err := db.PrinterConfig(ctx); err != nil || ok {
		return err
	}
	return db.SetPrinterConfig(ctx, printing.Config{Output: printing.OutputFolder,
		Dir: filepath.Join(filepath.Dir(db.Path()), "printed"), Format: printing.FormatPDF})
}

// setupCarrierPrinterDemo gives a demo station without one a ZPL folder
// printer for carrier labels (203 dpi, as the demo's ZPL labels are).
func setupCarrierPrinterDemo(ctx context.Context, db *sqlite.DB) error {
	if _, ok, err := db.CarrierPrinterConfig(ctx); err != nil || ok {
		return err
	}
	return db.SetCarrierPrinterConfig(ctx, printing.Config{Output: printing.OutputFolder,
		Dir: filepath.Join(filepath.Dir(db.Path()), "printed"), Format: printing.FormatZPL, DPI: 203})
}
