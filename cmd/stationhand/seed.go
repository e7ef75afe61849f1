package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

func init() {
	register(command{name: "seed", summary: "put the demo store into an empty database (what --demo does)", run: runSeed})
}

func runSeed(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	db, err := openStore(ctx, *dbPath, true)
	if err != nil {
		fmt.Fprintf(os.Stderr, "seed: %s\n", storeProblem(*dbPath, err))
		return 1
	}
	defer db.Close()
	counts, err := db.Counts(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "seed: %v\n", err)
		return 1
	}
	fmt.Printf("%s: %d products, %d bins, %d orders, %d staff\n", *dbPath, counts["products"], counts["bins"], counts["orders"], counts["staff"])
	return 0
}
