package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/stationhand/stationhand/core/sqlite"
)

func init() {
	register(command{name: "doctor", summary: "check the database (integrity, schema version, counts, free disk)", run: runDoctor})
}

func runDoctor(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fmt.Printf("database:       %s\n", *dbPath)
	if id, ok, err := sqlite.ReadIdentity(*dbPath); err != nil {
		fmt.Printf("problem:        %v\n", err)
	} else if ok {
		fmt.Printf("identity file:  terminal %s, hub %q, location %q\n", id.TerminalID, id.HubURL, id.Location)
	}
	if _, err := os.Stat(*dbPath); err != nil {
		fmt.Printf("problem:        %v\n", err)
		if _, ok, _ := sqlite.ReadIdentity(*dbPath); ok {
			fmt.Printf("problem:        %s\n", storeProblem(*dbPath, sqlite.ErrStoreMissing))
		}
		return 1
	}
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		fmt.Printf("problem:        %s\n", storeProblem(*dbPath, err))
		return 1
	}
	defer db.Close()
	// The integrity check first: counts from a damaged file mean little.
	problems, err := db.QuickCheck(ctx)
	switch {
	case err != nil:
		fmt.Printf("problem:        integrity check failed to run: %v\n", err)
		return 1
	case len(problems) == 0:
		fmt.Println("integrity:      ok (PRAGMA quick_check)")
	default:
		fmt.Printf("integrity:      DAMAGED: PRAGMA quick_check found %d problem(s):\n", len(problems))
		for i, p := range problems {
			if i == 10 {
				fmt.Printf("                … and %d more\n", len(problems)-10)
				break
			}
			fmt.Printf("                %s\n", p)
		}
		fmt.Printf("problem:        %s\n", storeProblem(*dbPath, sqlite.ErrDamaged))
		return 1
	}
	v, _ := db.Version(ctx)
	fmt.Printf("schema version: %d (this Stationhand knows up to %d)\n", v, sqlite.SchemaVersion())
	term, _ := db.Terminal(ctx)
	fmt.Printf("terminal:       %s %s (location %q)\n", term.ID, term.Name, term.Location)
	counts, err := db.Counts(ctx)
	if err != nil {
		fmt.Printf("problem:        %v\n", err)
		return 1
	}
	for _, k := range []string{"products", "bins", "stock", "orders", "order_lines", "staff", "events", "events_pending", "exceptions"} {
		fmt.Printf("%-15s %d\n", k+":", counts[k])
	}
	if freeBytes, err := freeDiskBytes(filepath.Dir(*dbPath)); err == nil {
		free := float64(freeBytes) / (1 << 30)
		fmt.Printf("free disk:      %.1f GiB\n", free)
		if free < 1 {
			fmt.Println("problem:        less than 1 GiB free: scans may stop being saved")
			return 1
		}
	}
	return 0
}
