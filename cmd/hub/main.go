// Command hub is Stationhand's central order hub: it serves the sync API
// terminals push their events to and pull their orders from, and manages
// what they need (locations, terminals, staff, products, orders).
//
//	hub serve --db hub.db --addr :8443 --tls-auto
//	hub locations add STORE-001 --name "High Street"
//	hub import orders.csv
//	hub enroll --location STORE-001 --qr --hub-url https://hub.local:8443
//
// The database is a SQLite file by default, or PostgreSQL with
// --db postgres://…; several `hub serve` processes can share one PostgreSQL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// command is one subcommand, registered from its own file.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

var (
	stdout io.Writer = os.Stdout
	stderr io.Writer = os.Stderr
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:]))
}

func run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage()
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintf(stdout, "hub %s\n", version)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "hub: unknown command %q\n\n", args[0])
		usage()
		return 2
	}
	return c.run(ctx, args[1:])
}

func usage() {
	fmt.Fprintln(stderr, "Usage: hub COMMAND [flags]   (hub COMMAND --help for its flags; hub --version)")
	fmt.Fprintln(stderr, "\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(stderr, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(stderr, "\nThe database is --db (default $STATIONHAND_HUB_DB, else hub.db): a SQLite file or a postgres:// URL.")
}

// newFlags returns a flag set for a subcommand with the shared --db flag.
func newFlags(name, synopsis string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("hub "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: hub %s %s\n\n", name, synopsis)
		fs.PrintDefaults()
	}
	def := os.Getenv("STATIONHAND_HUB_DB")
	if def == "" {
		def = "hub.db"
	}
	return fs, fs.String("db", def, "hub database: a SQLite file, or postgres://user@host/db")
}

// parse parses args, flags and positional arguments in any order
// ("locations add X --name Y"); fs.Args() then holds the positional ones.
// It returns an exit code and false when the command should stop (help
// asked for: 0, bad flags: 2).
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0, false
			}
			return 2, false
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	fs.Parse(positional) // no flags left: this only sets fs.Args()
	return 0, true
}

func openDB(ctx context.Context, dsn string) (*store.DB, bool) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "hub: %v\n", err)
		return nil, false
	}
	return db, true
}

// fail prints err for a person and returns exit code 1.
func fail(err error) int {
	if core.ErrorCode(err) == core.EINTERNAL {
		fmt.Fprintf(stderr, "hub: %v\n", err)
	} else {
		fmt.Fprintf(stderr, "hub: %s\n", core.ErrorMessage(err))
	}
	return 1
}
