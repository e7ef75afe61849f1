package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// stdin is where `hub user add` reads the password; tests replace it.
var stdin io.Reader = os.Stdin

func init() {
	register(command{name: "user", summary: "add or list console users (supervisors, admins)", run: runUser})
}

func runUser(ctx context.Context, args []string) int {
	fs, dsn := newFlags("user", `add NAME --role supervisor|admin --location CODE [--location CODE…]  |  list

add creates a user of the operations console (served by hub serve under
/console/). The password is read from standard input (one line, at least
10 characters), so it never shows in the process list or shell history:
  printf '%s\n' "$PASSWORD" | hub user add alice --role supervisor --location STORE-001
--location '*' gives every location. A user sees only their locations.`)
	role := fs.String("role", "supervisor", "supervisor or admin")
	var locs stringList
	fs.Var(&locs, "location", "a location the user sees (repeatable; '*' for all)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return 2
	}
	sub := rest[0]
	fs.Parse(rest[1:])
	switch sub {
	case "add":
		if fs.NArg() != 1 {
			fs.Usage()
			return 2
		}
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			fmt.Fprintf(stderr, "hub user add: reading the password: %v\n", err)
			return 1
		}
		password := strings.TrimRight(line, "\r\n")
		db, ok := openDB(ctx, *dsn)
		if !ok {
			return 1
		}
		defer db.Close()
		u, err := db.AddHubUser(ctx, fs.Arg(0), *role, password, locs)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "console user %s (%s) added for %s\n", u.Name, u.Role, strings.Join(u.Locations, ", "))
		return 0
	case "list":
		db, ok := openDB(ctx, *dsn)
		if !ok {
			return 1
		}
		defer db.Close()
		users, err := db.HubUsers(ctx)
		if err != nil {
			return fail(err)
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "NAME\tROLE\tLOCATIONS\tSTATE")
		for _, u := range users {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.Name, u.Role, strings.Join(u.Locations, ","), state)
		}
		return flushErr(w.Flush())
	}
	fs.Usage()
	return 2
}
