package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func init() {
	register(command{name: "locations", summary: "add or list locations (stores, warehouses)", run: runLocations})
}

func runLocations(ctx context.Context, args []string) int {
	fs, dsn := newFlags("locations", `add CODE [--name NAME]  |  list

add creates a location (or renames it); list shows every location and its
number of active terminals.`)
	name := fs.String("name", "", "the location's name (add)")
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
	switch sub {
	case "add":
		if fs.NArg() != 1 {
			fs.Usage()
			return 2
		}
		if err := db.PutLocation(ctx, fs.Arg(0), *name); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "location %s ready\n", fs.Arg(0))
		return 0
	case "list":
		locs, err := db.Locations(ctx)
		if err != nil {
			return fail(err)
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "CODE\tNAME\tTERMINALS")
		for _, l := range locs {
			fmt.Fprintf(w, "%s\t%s\t%d\n", l.Code, l.Name, l.Terminals)
		}
		return flushErr(w.Flush())
	}
	fs.Usage()
	return 2
}
