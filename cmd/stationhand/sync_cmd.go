package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
)

// Settings keys under which the terminal keeps its hub connection.
const (
	settingHubURL   = sqlite.SettingHubURL
	settingHubToken = "sync.token"
	settingHubCA    = "sync.ca_file"
)

func init() {
	register(command{name: "sync", summary: "sync with the order hub (--once: one round, for scripts)", run: runSync})
}

func runSync(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, `Usage: stationhand sync [--db FILE] [--hub URL --token TOKEN] [--ca FILE] [--once]

Pushes this station's waiting events to the order hub and pulls its orders,
staff and catalogue. --hub, --token and --ca are remembered in the database,
so later runs (and the window) need none of them. Without --once it keeps
syncing on an interval, backing off while the hub is unreachable, until
interrupted. Exits non-zero when a --once round fails.`)
		fs.PrintDefaults()
	}
	dbPath := dbFlag(fs)
	hubURL := fs.String("hub", "", "the hub's address, e.g. https://hub.example.com:8443 (remembered)")
	token := fs.String("token", "", "this terminal's token from `hub enroll` (remembered)")
	ca := fs.String("ca", "", "PEM file of a private CA to trust for the hub's certificate (remembered)")
	once := fs.Bool("once", false, "do one round and exit: 0 if it succeeded, 1 if not")
	interval := fs.Duration("interval", 30*time.Second, "time between rounds without --once")
	quiet := fs.Bool("q", false, "print only errors")
	keep := fs.Duration("keep-events", sync.DefaultRetention, "keep events the hub acknowledged this long, to refill a hub restored from a backup")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	db, err := openStation(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stationhand sync: %s\n", storeProblem(*dbPath, err))
		return 1
	}
	defer db.Close()

	client, err := configureHub(ctx, db, *hubURL, *token, *ca)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stationhand sync: %s\n", message(err))
		return 1
	}
	say := func(format string, a ...any) {
		if !*quiet {
			fmt.Printf(format, a...)
		}
	}
	cfg := sync.Config{Interval: *interval}
	cfg.Round.Retention = *keep
	cfg.Round.OnProgress = func(p sync.Progress) {
		if p.Phase == "pull" && p.Total > 0 && !*quiet {
			fmt.Fprintf(os.Stderr, "pulled %d of %d records\n", p.Done, p.Total)
		}
	}
	s := sync.NewSyncer(db, client, cfg)
	if *once {
		res, err := s.SyncOnce(ctx)
		if err != nil {
			fmt.Fprintf(os.Stderr, "stationhand sync: %s\n", message(err))
			fmt.Fprintf(os.Stderr, "events waiting: %d\n", s.Status().Pending)
			return 1
		}
		if res.FullPull != "" {
			say("%s\n", res.FullPull)
		}
		if res.Resent > 0 {
			say("the hub had lost %d events this station had sent: sent them again\n", res.Resent)
		}
		if res.Renumbered > 0 {
			say("this station's database had been rolled back: numbered %d unsent events again after the hub's\n", res.Renumbered)
		}
		say("synced with %s: pushed %d events, pulled %d records in %d pages, %d refused events; %d events waiting\n",
			client.BaseURL(), res.Pushed, res.Pulled, res.Pages, res.Rejections, s.Status().Pending)
		return 0
	}
	updates, stop := s.Subscribe()
	defer stop()
	go func() {
		var last sync.Status
		for st := range updates {
			if st.Syncing || (st.LastSync.Equal(last.LastSync) && st.LastError == last.LastError) {
				continue
			}
			if st.LastError != "" {
				fmt.Fprintf(os.Stderr, "%s offline: %s (%d events waiting; next try %s)\n",
					time.Now().Format(time.TimeOnly), st.LastError, st.Pending, st.NextAttempt.Format(time.TimeOnly))
			} else {
				say("%s synced; %d events waiting\n", time.Now().Format(time.TimeOnly), st.Pending)
			}
			last = st
		}
	}()
	_ = s.Run(ctx)
	return 0
}

// configureHub stores any new connection settings and returns a client for
// the hub. With a new token it asks the hub who this terminal is and
// records that identity, so events carry the hub's terminal id.
func configureHub(ctx context.Context, db *sqlite.DB, hubURL, token, ca string) (*sync.Client, error) {
	for key, v := range map[string]string{settingHubURL: hubURL, settingHubToken: token, settingHubCA: ca} {
		if v == "" {
			continue
		}
		if err := db.SetSetting(ctx, key, v); err != nil {
			return nil, err
		}
	}
	get := func(key string) string { v, _ := db.Setting(ctx, key); return v }
	hubURL, token, ca = get(settingHubURL), get(settingHubToken), get(settingHubCA)
	if hubURL == "" || token == "" {
		return nil, core.Errorf(core.EINVALID, "not_enrolled",
			"This station is not connected to a hub yet: run `stationhand sync --hub URL --token TOKEN` with the token from `hub enroll`.")
	}
	client, err := sync.NewClient(hubURL, token, sync.ClientOptions{CAFile: ca})
	if err != nil {
		return nil, err
	}
	who, err := client.Whoami(ctx)
	term := who.Terminal
	if err != nil {
		if sync.Transient(err) {
			return client, nil // offline: the identity was recorded when it was configured
		}
		return nil, err
	}
	if cur, _ := db.Terminal(ctx); cur != term {
		if err := db.SetTerminal(ctx, term); err != nil {
			return nil, err
		}
	}
	return client, nil
}

// message is what a person at the terminal reads for err.
func message(err error) string {
	if core.ErrorCode(err) == core.EINTERNAL {
		return err.Error()
	}
	return core.ErrorMessage(err)
}
