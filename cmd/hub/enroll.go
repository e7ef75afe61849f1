package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
)

func init() {
	register(command{name: "enroll", summary: "register a terminal at a location and print its token (once)", run: runEnroll})
	register(command{name: "revoke", summary: "revoke a terminal's (or an ingest key's) token at once", run: runRevoke})
	register(command{name: "terminals", summary: "list enrolled terminals", run: runTerminals})
}

func runEnroll(ctx context.Context, args []string) int {
	fs, dsn := newFlags("enroll", `--location L --name N  |  --ingest --name N

Registers a terminal at location L and prints its id and bearer token. The
token is shown only now: the hub keeps only a hash of it. Configure it at the
terminal:  stationhand sync --hub URL --token TOKEN --once
With --ingest, creates a key for an order management system to POST orders.

To move a station to another location, enroll it there and configure the new
token at the station: on its next sync it sends what it has not sent yet and
replaces its copy of the old location's orders, staff and bins with the new
location's. Revoke the old terminal id to release the orders it had claimed.`)
	loc := fs.String("location", "", "the location the terminal belongs to (see hub locations list)")
	name := fs.String("name", "", "a name staff recognise, e.g. \"Pack 2\"")
	ingest := fs.Bool("ingest", false, "create an order-ingest key instead of a terminal")
	tokenOnly := fs.Bool("token-only", false, "print only the token (for scripts)")
	if code, ok := parse(fs, args); !ok {
		return code
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
	fmt.Fprintln(w, "ID\tNAME\tLOCATION\tLAST SEQ\tLAST SEEN\tSTATE")
	for _, t := range ts {
		seen, state := "never", "active"
		if t.LastSeen != nil {
			seen = t.LastSeen.Local().Format(time.DateTime)
		}
		if t.RevokedAt != nil {
			state = "revoked " + t.RevokedAt.Local().Format(time.DateTime)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s\n", t.ID, t.Name, t.Location, t.LastSeq, seen, strings.TrimSpace(state))
	}
	return flushErr(w.Flush())
}

func flushErr(err error) int {
	if err != nil {
		return fail(err)
	}
	return 0
}
