package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/sync/hub"
)

func init() {
	register(command{name: "enroll", summary: "register a terminal at a location and print its token (once)", run: runEnroll})
	register(command{name: "revoke", summary: "revoke a terminal's (or an ingest key's) token at once", run: runRevoke})
	register(command{name: "terminals", summary: "list enrolled terminals", run: runTerminals})
}

func runEnroll(ctx context.Context, args []string) int {
	fs, dsn := newFlags("enroll", `--location L --qr --hub-url URL [--name N] [--out FILE.pdf|.png]  |  --location L --name N  |  --ingest --name N

With --qr, makes a one-time enrolment code for a new station at location L,
valid for 15 minutes, and shows it as a QR code (in the terminal, or in
--out as a PDF to print or a PNG). The station scans it on its first start
(or its user types the hub's address and the code) and gets its token
over TLS; the code carries the fingerprint of the hub's private CA
(--tls-auto), which the station pins.

Without --qr, registers a terminal at location L and prints its id and
bearer token. The token is shown only now: the hub keeps only a hash of it.
Give it to the terminal on its standard input or in a file, never on a
command line:  stationhand sync --hub URL --token-file FILE --once
With --ingest, creates a key for an order management system to POST orders.

To move a station to another location, enroll it there and configure the new
token at the station: on its next sync it sends what it has not sent yet and
replaces its copy of the old location's orders, staff and bins with the new
location's. Revoke the old terminal id to release the orders it had claimed.`)
	loc := fs.String("location", "", "the location the terminal belongs to (see hub locations list)")
	name := fs.String("name", "", "a name staff recognise, e.g. \"Pack 2\"")
	ingest := fs.Bool("ingest", false, "create an order-ingest key instead of a terminal")
	tokenOnly := fs.Bool("token-only", false, "print only the token (for scripts)")
	asCode := fs.Bool("qr", false, "make a one-time enrolment code to scan at the station instead of printing a token")
	hubURL := fs.String("hub-url", os.Getenv("STATIONHAND_HUB_URL"), "with --qr: the address stations reach the hub at, e.g. https://hub.local:8443 ($STATIONHAND_HUB_URL)")
	tlsDir := fs.String("tls-dir", "", "with --qr: the hub's --tls-dir, whose CA the code pins (default as hub serve's; none: no pin)")
	out := fs.String("out", "", "with --qr: write the code to this .pdf or .png file instead of the terminal")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *asCode {
		if *loc == "" || *hubURL == "" {
			fs.Usage()
			return 2
		}
		return enrolmentCode(ctx, *dsn, *loc, *name, *hubURL, *tlsDir, *out)
	}
	if *name == "" || (*loc == "" && !*ingest) {
		fs.Usage()
		return 2
	}
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	if *ingest {
		id, token, err := db.CreateIngestKey(ctx, *name)
		if err != nil {
			return fail(err)
		}
		if *tokenOnly {
			fmt.Fprintln(stdout, token)
			return 0
		}
		fmt.Fprintf(stdout, "key:   %s\ntoken: %s\n", id, token)
		fmt.Fprintln(stderr, "Keep the token now: the hub stores only its hash and cannot show it again.")
		return 0
	}
	t, token, err := db.Enroll(ctx, *loc, *name)
	if err != nil {
		return fail(err)
	}
	if *tokenOnly {
		fmt.Fprintln(stdout, token)
		return 0
	}
	fmt.Fprintf(stdout, "terminal: %s\nname:     %s\nlocation: %s\ntoken:    %s\n", t.ID, t.Name, t.Location, token)
	fmt.Fprintln(stderr, "Keep the token now: the hub stores only its hash and cannot show it again.")
	return 0
}

func runRevoke(ctx context.Context, args []string) int {
	fs, dsn := newFlags("revoke", `TERMINAL_ID  |  --ingest KEY_ID

Revokes a token at once: the terminal's next request is refused with a
message telling it to enroll again. Its events stay at the hub.`)
	ingest := fs.Bool("ingest", false, "the id is an ingest key's")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	var err error
	if *ingest {
		err = db.RevokeIngestKey(ctx, fs.Arg(0))
	} else {
		err = db.Revoke(ctx, fs.Arg(0))
	}
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "revoked %s\n", fs.Arg(0))
	return 0
}

func runTerminals(ctx context.Context, args []string) int {
	fs, dsn := newFlags("terminals", "[--location L]")
	loc := fs.String("location", "", "only this location's terminals")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	ts, err := db.Terminals(ctx, *loc)
	if err != nil {
		return fail(err)
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tLOCATION\tVERSION\tLAST SEQ\tLAST SEEN\tSTATE")
	for _, t := range ts {
		seen, state := "never", "active"
		if t.LastSeen != nil {
			seen = t.LastSeen.Local().Format(time.DateTime)
		}
		if t.RevokedAt != nil {
			state = "revoked " + t.RevokedAt.Local().Format(time.DateTime)
		}
		v := t.Version
		if v == "" {
			v = "?"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", t.ID, t.Name, t.Location, v, t.LastSeq, seen, strings.TrimSpace(state))
	}
	return flushErr(w.Flush())
}

func flushErr(err error) int {
	if err != nil {
		return fail(err)
	}
	return 0
}

// enrolmentCode makes and shows a one-time enrolment code.
func enrolmentCode(ctx context.Context, dsn, location, name, hubURL, tlsDir, out string) int {
	if err := enrol.CheckHubURL(hubURL, true); err != nil {
		return fail(err)
	}
	fingerprint := ""
	if strings.HasPrefix(hubURL, "https://") {
		if tlsDir == "" {
			tlsDir = defaultTLSDir(dsn)
		}
		if ca, err := hub.LoadCA(tlsDir); err == nil {
			fingerprint = enrol.Fingerprint(ca)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fail(err)
		}
	}
	db, ok := openDB(ctx, dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	c, expires, err := db.NewEnrolmentCode(ctx, hubURL, fingerprint, location, name)
	if err != nil {
		return fail(err)
	}
	code := c.OneTime
	if err := writeEnrolmentCode(stdout, out, c, expires); err != nil {
		return fail(err)
	}
	if out != "" {
		fmt.Fprintf(stdout, "enrolment code written to %s\n", out)
	}
	fmt.Fprintf(stdout, "hub:      %s\nlocation: %s\ncode:     %s (once, until %s)\n", c.HubURL, location, code, expires.Local().Format("15:04 MST"))
	if c.CAFingerprint != "" {
		fmt.Fprintf(stdout, "CA:       %s\n", c.CAFingerprint)
	} else if strings.HasPrefix(hubURL, "https://") {
		fmt.Fprintln(stderr, "No private CA found (hub serve --tls-auto): the station will trust the hub's certificate only if a public CA signed it.")
	}
	return 0
}
