package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

func init() {
	register(command{name: "parse", summary: "explain what a scanned code means, or why it is rejected", run: runParse})
}

func runParse(_ context.Context, args []string) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage: stationhand parse CODE\n\nPrints what a scanned string means; exits 1 if it is rejected.")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	code, err := scan.Parse(fs.Arg(0))
	if err != nil {
		fmt.Printf("rejected: %s\n", core.ErrorMessage(err))
		return 1
	}
	fmt.Print(code.Describe())
	return 0
}
