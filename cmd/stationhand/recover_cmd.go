package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/station"
	"github.com/stationhand/stationhand/sync/wire"
)

func init() {
	register(command{name: "recover", summary: "rebuild a damaged or lost database from the hub, keeping unsent events", run: runRecover})
}

// runRecover is the way out of a damaged or lost database: it salvages what
// only the station knows (its hub connection and identity, its SSCC
// counter, the events the hub has not acknowledged, with their sequence
// numbers), builds a fresh database beside it, pushes those events and
// pulls everything else from the hub, and only then moves the damaged file
// aside (renamed, never deleted) and puts the fresh one in its place. If
// any step fails, the damaged file stays where it was.
func runRecover(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("recover", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, `Usage: stationhand recover [--db FILE] [--hub URL] [--token-file FILE|-] [--ca FILE]

Rebuilds this station's database from the hub when it is damaged, missing or
empty: the events not sent yet are kept if they can still be read, and the
damaged file is moved aside, never deleted. The hub address is read from the
old database or its identity file, the token from its file beside the
database (it is never inside it); give them when they cannot be read.`)
		fs.PrintDefaults()
	}
	dbPath := dbFlag(fs)
	hubURL := fs.String("hub", "", "the hub's address, when the old database cannot say")
	tokenFile := fs.String("token-file", "", "file holding this terminal's token (- for standard input), when the token file beside the database is lost")
	ca := fs.String("ca", "", "PEM file of a private CA for the hub's certificate")
	force := fs.Bool("force", false, "rebuild even a database that opens and passes the integrity check")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	token := ""
	if *tokenFile != "" {
		t, err := station.ReadTokenFrom(*tokenFile, os.Stdin)
		if err != nil {
			fmt.Fprintf(os.Stderr, "recover: %s\n", message(err))
			return 2
		}
		token = t
	}
	if token == "" {
		token, _ = station.LoadToken(station.TokenPath(*dbPath)) // outside the database: it survives its damage
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(os.Stderr, "recover: "+format+"\n", a...)
		fmt.Fprintf(os.Stderr, "Nothing was changed: %s is where it was.\n", *dbPath)
		return 1
	}

	if fi, err := os.Stat(*dbPath); err == nil && fi.Size() > 0 && !*force {
		if db, err := openStation(ctx, *dbPath); err == nil {
			db.Close()
			fmt.Fprintf(os.Stderr, "recover: %s opens and passes the integrity check: there is nothing to recover (--force rebuilds it anyway)\n", *dbPath)
			return 1
		}
	}
	salvaged, err := sqlite.Salvage(ctx, *dbPath)
	if err != nil {
		return fail("%v", err)
	}
	for _, p := range salvaged.Problems {
		fmt.Printf("could not read: %s\n", p)
	}
	id, _, err := sqlite.ReadIdentity(*dbPath)
	if err != nil {
		fmt.Printf("could not read: %v\n", err)
	}
	pick := func(flagValue, key, fallback string) string {
		if flagValue != "" {
			return flagValue
		}
		if v := salvaged.Settings[key]; v != "" {
			return v
		}
		return fallback
	}
	conn := map[string]string{
		settingHubURL:      pick(*hubURL, settingHubURL, id.HubURL),
		legacyTokenSetting: pick(token, legacyTokenSetting, ""),
		settingHubCA:       pick(*ca, settingHubCA, ""),
		settingInsecure:    pick("", settingInsecure, ""),
	}
	if conn[settingHubURL] == "" || conn[legacyTokenSetting] == "" {
		return fail("the hub's address and this terminal's token cannot be read: give them with --hub and --token-file (a supervisor gets a token with `hub enroll`)")
	}

	fresh := *dbPath + ".recovering"
	for _, f := range []string{fresh, fresh + "-wal", fresh + "-shm", sqlite.IdentityPath(fresh), station.TokenPath(fresh)} {
		os.Remove(f) // a rebuild of ours that stopped half-way
	}
	cleanup := func() {
		for _, f := range []string{fresh, fresh + "-wal", fresh + "-shm", sqlite.IdentityPath(fresh), station.TokenPath(fresh)} {
			os.Remove(f)
		}
	}
	db, err := sqlite.Open(ctx, fresh)
	if err != nil {
		return fail("create a fresh database: %v", err)
	}
	res, err := rebuild(ctx, db, salvaged, conn)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		return fail("%s", message(err))
	}
	if id.TerminalID != "" {
		if t := res.terminal; t != id.TerminalID {
			fmt.Printf("note: the hub knows this token as terminal %s; the identity file said %s\n", t, id.TerminalID)
		}
	}
	aside, err := sqlite.SetAside(*dbPath, time.Now())
	if err != nil {
		cleanup()
		return fail("%v", err)
	}
	if err := sqlite.Install(fresh, *dbPath); err != nil {
		fmt.Fprintf(os.Stderr, "recover: %v\nThe damaged database is at %s; the rebuilt one at %s.\n", err, aside, fresh)
		return 1
	}
	// The rebuild saved the token beside the fresh file: it belongs beside
	// the database now in place.
	if err := os.Rename(station.TokenPath(fresh), station.TokenPath(*dbPath)); err != nil {
		fmt.Fprintf(os.Stderr, "recover: the token file: %v\n", err)
		return 1
	}
	fmt.Printf("rebuilt %s from %s: %d unsent events kept (%d sent now, %d still waiting), %d records pulled\n",
		*dbPath, conn[settingHubURL], len(salvaged.Unsent), res.pushed, res.pending, res.pulled)
	if aside != "" {
		fmt.Printf("the damaged database is kept at %s\n", aside)
	}
	switch {
	case salvaged.SSCC == nil && res.hubSSCC != "":
		// The counter is lost with the file, but the hub knows the SSCCs
		// this terminal used: every sync moves the counter past them.
		fmt.Printf("SSCC numbering: no counter could be read. The highest SSCC the hub holds from this terminal is %s: "+
			"set the station's range again with `stationhand label-setup` before packing; the next sync numbers on after it "+
			"(parcels it printed but never sent to the hub are not known: a NEW range is safest).\n", res.hubSSCC)
	case salvaged.SSCC == nil:
		// The counter may be lost with the file: numbering again from the
		// start of the old range would print SSCCs already on parcels.
		fmt.Println("SSCC numbering: no counter could be read. Before packing, give this station a NEW range with `stationhand label-setup` (not the one it had): SSCCs it printed before are not known here.")
	case res.ssccMoved:
		fmt.Printf("SSCC numbering: the counter read was behind what the hub holds; it continues after %s, the highest SSCC the hub holds from this terminal\n", res.hubSSCC)
	}
	return 0
}

type rebuildResult struct {
	terminal                string
	pushed, pulled, pending int
	hubSSCC                 string // the highest SSCC the hub holds from this terminal
	ssccMoved               bool   // the salvaged SSCC counter was behind it and moved past it
}

// rebuild fills a fresh store: what was salvaged, the hub connection, then
// one sync round (push the kept events, pull everything).
func rebuild(ctx context.Context, db *sqlite.DB, s sqlite.Salvaged, conn map[string]string) (rebuildResult, error) {
	var res rebuildResult
	if err := db.Restore(ctx, s); err != nil {
		return res, err
	}
	client, err := configureHub(ctx, db, conn[settingHubURL], conn[legacyTokenSetting], conn[settingHubCA], conn[settingInsecure] == "1")
	if err != nil {
		return res, err
	}
	// What the hub holds of this terminal may go further than what could be
	// read: new events continue above both.
	held, err := client.Push(ctx, wire.PushRequest{})
	if err != nil {
		return res, fmt.Errorf("ask the hub how far it has this terminal's events: %w", err)
	}
	if err := db.ContinueOutboxAbove(ctx, held.LastSeq); err != nil {
		return res, err
	}
	// Likewise the SSCCs: the salvaged counter may be older than parcels
	// this terminal labelled and sent (a copy, a lost commit).
	res.hubSSCC = held.LastSSCC
	if res.ssccMoved, err = db.SkipSSCCsThrough(ctx, held.LastSSCC); err != nil {
		return res, err
	}
	syncer := sync.NewSyncer(db, client, sync.Config{})
	round, err := syncer.SyncOnce(ctx)
	if err != nil {
		return res, fmt.Errorf("sync with the hub: %w", err)
	}
	t, _ := db.Terminal(ctx)
	res.terminal, res.pushed, res.pulled, res.pending = t.ID, round.Pushed, round.Pulled, syncer.Status().Pending
	return res, nil
}
