package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/core/sqlite"
)

// defaultDBPath is the per-user database file: $XDG_DATA_HOME/stationhand,
// else ~/.local/share/stationhand.
func defaultDBPath() string {
	if env := os.Getenv("STATIONHAND_DB"); env != "" {
		return env
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "stationhand.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "stationhand", "stationhand.db")
}

// dbFlag adds the --db flag every command shares.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", defaultDBPath(), "the station's database file")
}

// openStore opens the database, seeding the demo store into it when asked
// and the database has no orders yet.
func openStore(ctx context.Context, path string, withDemo bool) (*sqlite.DB, error) {
	db, err := openStation(ctx, path)
	if err != nil {
		return nil, err
	}
	if withDemo {
		if err := seedDemo(ctx, db); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// openStation opens the station's database for a command or the window.
// A damaged database, or a missing or empty one for a station that was set
// up, is refused (see storeProblem for what the person reads): working on
// would hide the damage until it lost something.
func openStation(ctx context.Context, path string) (*sqlite.DB, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := db.CheckIntegrity(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// storeProblem is what a person reads when the database cannot be opened:
// for a damaged or lost database, what happened and the way out.
func storeProblem(path string, err error) string {
	switch {
	case sqlite.IsDamaged(err) || errors.Is(err, sqlite.ErrStoreMissing):
		return fmt.Sprintf("%s\nThe way out: `stationhand recover --db %s` rebuilds it from the hub, keeps the events not sent yet if they can still be read, and moves the damaged file aside (it is never deleted).\nTo start afresh instead (a station never connected to a hub, whose data may be lost): move %s away too.",
			core.ErrorMessage(err), path, sqlite.IdentityPath(path))
	case core.ErrorCode(err) == core.EINTERNAL:
		return fmt.Sprintf("%s\n(%v)", core.ErrorMessage(err), err)
	}
	return core.ErrorMessage(err)
}

func seedDemo(ctx context.Context, db *sqlite.DB) error {
	counts, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	if counts["orders"] > 0 {
		return setupPackDemo(ctx, db) // label_cmd.go: sender and SSCC numbering of the demo
	}
	cs, err := demo.ChangeSet(1, time.Now())
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	// Some orders come with the carrier labels an order system bought.
	if cs.Orders, err = demo.WithCarrierLabels(cs.Orders); err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if err := db.ApplyChanges(ctx, cs); err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	return setupPackDemo(ctx, db)
}
