package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func init() {
	register(command{name: "claims", summary: "list the orders terminals hold claimed; --release ORDER takes one back", run: runClaims})
}

func runClaims(ctx context.Context, args []string) int {
	fs, dsn := newFlags("claims", `[--location L]  |  --release ORDER

Lists the orders a terminal holds for picking. --release takes an order's
claim back (a supervisor's tool, when a terminal broke mid-pick): the order
goes back to the queue and what was picked for it becomes a put-back task
at the location's terminals. Revoking a terminal releases its claims.`)
	loc := fs.String("location", "", "only this location's claims")
	release := fs.String("release", "", "take back the claim of this order")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	if *release != "" {
		c, err := db.ReleaseClaim(ctx, *release)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "released %s (was claimed by %s); it is back in %s's queue\n", c.ExternalID, c.TerminalID, c.Location)
		return 0
	}
	claims, err := db.Claims(ctx, *loc)
	if err != nil {
		return fail(err)
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ORDER\tLOCATION\tSTATUS\tTERMINAL\tNAME\tSTATE")
	for _, c := range claims {
		state := "active"
		if c.Revoked {
			state = "revoked"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ExternalID, c.Location, c.Status, c.TerminalID, c.TerminalName, state)
	}
	return flushErr(w.Flush())
}
