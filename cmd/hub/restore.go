package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
)

func init() {
	register(command{name: "restore", summary: "replace the SQLite hub database with a backup; terminals recover on their own", run: runRestore})
	register(command{name: "epoch", summary: "show the hub database's epoch, or start a new one (--rotate)", run: runEpoch})
}

func runRestore(ctx context.Context, args []string) int {
	fs, dsn := newFlags("restore", `--from FILE [--force]

Replaces the hub's SQLite database (--db) with the backup FILE, and gives it
a new epoch. Stop the hub first. When it serves again, every terminal pulls
its location's data again in full (replacing its copy) and sends again the
events the backup lacks; nobody has to re-enroll anything. For PostgreSQL,
restore with its own tools, then run `+"`hub epoch --rotate`"+`.`)
	from := fs.String("from", "", "the backup to restore (a copy of the hub's database file)")
	force := fs.Bool("force", false, "restore even though the database looks open by a hub (one that stopped abruptly)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *from == "" {
		fs.Usage()
		return 2
	}
	if strings.HasPrefix(*dsn, "postgres://") || strings.HasPrefix(*dsn, "postgresql://") {
		return fail(core.Errorf(core.EINVALID, "restore_postgres",
			"hub restore replaces a SQLite file. Restore a PostgreSQL hub with PostgreSQL's tools, then run `hub epoch --rotate` (running hubs take the new epoch within seconds)."))
	}
	check, err := store.Restore(ctx, *from, strings.TrimPrefix(*dsn, "sqlite:"), *force)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "restored %s from %s; new epoch %s\n", *dsn, *from, check.Epoch)
	fmt.Fprintln(stderr, "Start the hub again: terminals pull everything again and re-send what the backup lacks.")
	return 0
}

func runEpoch(ctx context.Context, args []string) int {
	fs, dsn := newFlags("epoch", `[--rotate]

Shows the hub database's epoch and why it began. With --rotate, starts a new
one: after restoring a PostgreSQL hub from a backup, run this (hub processes
take the new epoch within seconds); terminals then pull everything again and
re-send what the hub lacks.`)
	rotate := fs.Bool("rotate", false, "start a new epoch")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	if *rotate {
		if _, err := db.RotateEpoch(ctx, "rotated with hub epoch --rotate"); err != nil {
			return fail(err)
		}
	}
	info, err := db.EpochInfo(ctx)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "epoch:   %s\nsince:   %s\nbecause: %s\n", info.Epoch,
		time.UnixMilli(info.CreatedAt).Local().Format(time.DateTime), info.Reason)
	return 0
}
