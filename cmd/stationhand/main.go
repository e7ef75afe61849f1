// Command stationhand is the station terminal: with no arguments it opens
// the window; its subcommands serve scripts and support staff.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"

	// First, before Fyne reads the locale: see its package doc.
	_ "github.com/stationhand/stationhand/cmd/internal/localeenv"
)

// command is one subcommand. Each lives in its own file and registers
// itself in init.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	args := os.Args[1:]
	if len(args) > 0 {
		if c, ok := commands[args[0]]; ok {
			os.Exit(c.run(ctx, args[1:]))
		}
		if args[0] == "--version" || args[0] == "version" {
			fmt.Printf("stationhand %s\n", version)
			return
		}
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			usage()
			return
		}
		if args[0][0] != '-' {
			fmt.Fprintf(os.Stderr, "stationhand: unknown command %q\n\n", args[0])
			usage()
			os.Exit(2)
		}
	}
	os.Exit(runWindow(ctx, args))
}

func usage() {
	fmt.Fprintln(os.Stderr, "Usage: stationhand [--db FILE] [--demo]      open the station window")
	fmt.Fprintln(os.Stderr, "       stationhand COMMAND [flags]           (COMMAND --help for its flags)")
	fmt.Fprintln(os.Stderr, "       stationhand --version")
	fmt.Fprintln(os.Stderr, "\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-10s %s\n", n, commands[n].summary)
	}
}
