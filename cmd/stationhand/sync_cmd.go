package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/station"
)

// Settings keys of the hub connection (recover_cmd.go salvages them). The
// token is not among them any more: it lives in a private file beside the
// database (station.TokenPath); legacyTokenSetting is where stations
// before that kept it, which recover still reads.
const (
	settingHubURL      = station.SettingHubURL
	settingHubCA       = station.SettingHubCA
	settingInsecure    = station.SettingInsecureHTTP
	legacyTokenSetting = "sync.token"
)

func init() {
	register(command{name: "sync", summary: "sync with the order hub (--once: one round, for scripts)", run: runSync})
}

func runSync(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, `Usage: stationhand sync [--db FILE] [--hub URL --token-file FILE|-] [--ca FILE] [--insecure-http] [--once]

Pushes this station's waiting events to the order hub and pulls its orders,
staff and catalogue. --hub and --ca are remembered in the database, the
token in a file beside it readable by this user only (never on the command
line: give it in a file or on standard input with --token-file -), so later
runs (and the window) need none of them. A new station is easier enrolled
with a code: stationhand enrol CODE (or scan it on the setup screen).
Without --once it keeps
syncing on an interval, backing off while the hub is unreachable, until
interrupted. Exits non-zero when a --once round fails.`)
		fs.PrintDefaults()
	}
	dbPath := dbFlag(fs)
	hubURL := fs.String("hub", "", "the hub's address, e.g. https://hub.example.com:8443 (remembered)")
	tokenFile := fs.String("token-file", "", "file holding this terminal's token from `hub enroll`, - for standard input (kept in a private file)")
	tokenArg := fs.String("token", "", "refused: a token on the command line shows in ps and the shell history; use --token-file")
	ca := fs.String("ca", "", "PEM file of a private CA to trust for the hub's certificate (remembered)")
	insecure := fs.Bool("insecure-http", false, "allow a plain http:// hub on another machine: the token crosses the network readable (remembered)")
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
	if *tokenArg != "" {
		fmt.Fprintln(os.Stderr, "stationhand sync: a token on the command line shows in ps and the shell history, so it is not accepted: put it in a file and give --token-file FILE, or pipe it in with --token-file -")
		return 2
	}
	var token string
	if *tokenFile != "" {
		t, err := station.ReadTokenFrom(*tokenFile, os.Stdin)
		if err != nil {
			fmt.Fprintf(os.Stderr, "stationhand sync: %s\n", message(err))
			return 2
		}
		token = t
	}
	db, err := openStation(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stationhand sync: %s\n", storeProblem(*dbPath, err))
		return 1
	}
	defer db.Close()

	client, err := configureHub(ctx, db, *hubURL, token, *ca, *insecure)
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

// configureHub stores any new connection settings (the token in its
// private file) and returns a client for the hub. It asks the hub who this
// terminal is and records that identity, so events carry the hub's
// terminal id.
func configureHub(ctx context.Context, db *sqlite.DB, hubURL, token, ca string, insecure bool) (*sync.Client, error) {
	if hubURL != "" {
		if err := enrol.CheckHubURL(hubURL, insecure); err != nil {
			return nil, err
		}
	}
	settings := map[string]string{station.SettingHubURL: hubURL, station.SettingHubCA: ca}
	if insecure {
		settings[station.SettingInsecureHTTP] = "1"
	}
	for key, v := range settings {
		if v == "" {
			continue
		}
		if err := db.SetSetting(ctx, key, v); err != nil {
			return nil, err
		}
	}
	if token != "" {
		if err := station.SaveToken(station.TokenPath(db.Path()), token); err != nil {
			return nil, err
		}
	}
	return station.Connect(ctx, db, version, true)
}

// message is what a person at the terminal reads for err.
func message(err error) string {
	if core.ErrorCode(err) == core.EINTERNAL {
		return err.Error()
	}
	return core.ErrorMessage(err)
}
