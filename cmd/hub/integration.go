package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func init() {
	register(command{name: "integration", summary: "order systems that read the event feed: add, list, webhook, revoke", run: runIntegration})
}

func runIntegration(ctx context.Context, args []string) int {
	fs, dsn := newFlags("integration", `add NAME [--location L]  |  list  |  webhook ID --url URL --secret S [--from CURSOR]  |  webhook ID --off  |  revoke ID

add creates an integration that reads GET /v1/feed (of location L, or of
every location) and prints its bearer token, shown this once. webhook has
the hub POST the feed to URL, signed with HMAC-SHA256 of the secret,
starting after CURSOR (the start of the feed by default).`)
	location := fs.String("location", "", "add: the one location it reads (default every location)")
	hookURL := fs.String("url", "", "webhook: the URL the hub POSTs feed pages to")
	secret := fs.String("secret", "", "webhook: the secret the signature is keyed with (16 characters or more)")
	from := fs.String("from", "", "webhook: deliver the events after this feed cursor")
	off := fs.Bool("off", false, "webhook: stop deliveries")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return 2
	}
	sub := rest[0]
	fs.Parse(rest[1:]) // positional arguments only, see parse
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	switch {
	case sub == "add" && fs.NArg() == 1:
		in, token, err := db.CreateIntegration(ctx, fs.Arg(0), *location)
		if err != nil {
			return fail(err)
		}
		scope := "every location"
		if in.Location != "" {
			scope = in.Location
		}
		fmt.Fprintf(stdout, "integration %s (%s) reads the feed of %s\ntoken: %s\n", in.ID, in.Name, scope, token)
		fmt.Fprintln(stdout, "Keep the token: the hub stores only its hash. Use it as Authorization: Bearer <token> on GET /v1/feed.")
		return 0
	case sub == "list" && fs.NArg() == 0:
		ins, err := db.Integrations(ctx)
		if err != nil {
			return fail(err)
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tLOCATION\tSTATE\tWEBHOOK\tDELIVERED TO\tFAILURES")
		for _, in := range ins {
			state, loc := "active", in.Location
			if in.RevokedAt != nil {
				state = "revoked"
			}
			if loc == "" {
				loc = "(all)"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%d %s\n", in.ID, in.Name, loc, state, in.WebhookURL, in.WebhookCursor, in.WebhookFailures, in.WebhookError)
		}
		return flushErr(w.Flush())
	case sub == "webhook" && fs.NArg() == 1:
		if *off {
			*hookURL, *secret = "", ""
		} else if *hookURL == "" {
			fs.Usage()
			return 2
		}
		if err := db.SetWebhook(ctx, fs.Arg(0), *hookURL, *secret, *from); err != nil {
			return fail(err)
		}
		if *off {
			fmt.Fprintf(stdout, "integration %s: webhook off\n", fs.Arg(0))
		} else {
			fmt.Fprintf(stdout, "integration %s: the feed goes to %s (while `hub serve` runs)\n", fs.Arg(0), *hookURL)
		}
		return 0
	case sub == "revoke" && fs.NArg() == 1:
		if err := db.RevokeIntegration(ctx, fs.Arg(0)); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "integration %s revoked\n", fs.Arg(0))
		return 0
	}
	fs.Usage()
	return 2
}
