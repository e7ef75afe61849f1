package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/stationhand/stationhand/core"
)

func init() {
	register(command{name: "pickup", summary: "show the store pickup queue and expired orders; set the collection window", run: runPickup})
}

func runPickup(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("pickup", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	days := fs.Int("expiry-days", 0, "set how many days a staged order waits for its customer before it expires")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage: stationhand pickup [--expiry-days N] [--db FILE]")
		fmt.Fprintln(os.Stderr, "\nShows the store pickup queue and the orders past their collection window.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return 2
	}
	db, err := openStation(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pickup: %s\n", storeProblem(*dbPath, err))
		return 1
	}
	defer db.Close()
	if *days != 0 {
		if err := db.SetPickupExpiryDays(ctx, *days); err != nil {
			fmt.Fprintf(os.Stderr, "pickup: %s\n", core.ErrorMessage(err))
			return 1
		}
	}
	window, err := db.PickupExpiryDays(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pickup: %v\n", err)
		return 1
	}
	queue, err := db.PickupQueue(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pickup: %v\n", err)
		return 1
	}
	expired, err := db.ExpiredPickups(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pickup: %v\n", err)
		return 1
	}
	fmt.Printf("collection window: %d days\n", window)
	fmt.Printf("queue:             %d orders\n", len(queue))
	for _, e := range queue {
		flags := []string{string(e.Status)}
		if !e.ArrivedAt.IsZero() {
			flags = append(flags, "customer here")
		}
		if e.Curbside() {
			flags = append(flags, "curbside bay "+e.Bay)
		}
		if e.Locked {
			flags = append(flags, "LOCKED")
		}
		fmt.Printf("  %-10s %-24s %s %s\n", e.Ref, e.Customer, strings.Join(flags, ", "), strings.Join(e.Shelves, " "))
	}
	fmt.Printf("expired:           %d orders\n", len(expired))
	for _, e := range expired {
		fmt.Printf("  %-10s %-24s ready since %s on %s\n", e.Ref, e.Customer, e.StagedAt.Format("2006-01-02 15:04"), strings.Join(e.Shelves, " "))
	}
	return 0
}
