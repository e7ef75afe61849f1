package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/sync/hub"
)

func init() {
	register(command{name: "serve", summary: "serve the sync API to terminals", run: runServe})
}

func runServe(ctx context.Context, args []string) int {
	fs, dsn := newFlags("serve", `[--db DSN] [--addr HOST:PORT] [--tls-auto | --tls-cert FILE --tls-key FILE | --insecure-http] [--public-url URL]

Serves the sync API. Stations send their token with every request, so the
hub speaks HTTPS to anything but this machine: --tls-auto makes a private
CA and a certificate on first start (in --tls-dir; enrolment codes carry
the CA's fingerprint, so stations trust it without installing anything),
or give a certificate with --tls-cert and --tls-key. Plain HTTP on an
address other machines reach needs --insecure-http.`)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on, e.g. :8443 for every interface (port 0: any free port, printed at start)")
	cert := fs.String("tls-cert", "", "TLS certificate (PEM); with --tls-key, serve HTTPS")
	key := fs.String("tls-key", "", "TLS private key (PEM)")
	auto := fs.Bool("tls-auto", false, "serve HTTPS with the hub's own private CA, made on first start")
	tlsDir := fs.String("tls-dir", "", "where --tls-auto keeps its CA and certificate (default: hub-tls beside a SQLite database, else ./hub-tls)")
	var hosts stringList
	fs.Var(&hosts, "tls-host", "a name or address stations use for the hub, for --tls-auto's certificate (repeatable; default: this machine's name and addresses)")
	insecure := fs.Bool("insecure-http", false, "allow plain HTTP on an address other machines reach: tokens cross the network readable")
	publicURL := fs.String("public-url", os.Getenv("STATIONHAND_HUB_URL"), "the address stations reach the hub at, e.g. https://hub.example.com (the load balancer's, if one is in front), put in the enrolment codes the console makes; without it the console uses https://HOST of its own TLS ($STATIONHAND_HUB_URL)")
	verbose := fs.Bool("v", false, "log every request")
	logFormat := fs.String("log-format", "text", "log format: text, or json (one JSON object a line, for a log collector)")
	hookURL := fs.String("label-webhook", "", "POST each package closed without a carrier label to this URL of the order system (see api/openapi.yaml, LabelRequest)")
	hookSecret := fs.String("label-webhook-secret-file", "", "file holding the shared secret that signs --label-webhook deliveries (HMAC-SHA256)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if (*cert == "") != (*key == "") || (*auto && *cert != "") {
		fmt.Fprintln(stderr, "hub serve: give --tls-auto, or both --tls-cert and --tls-key, or neither")
		return 2
	}
	if *publicURL != "" {
		if err := enrol.CheckHubURL(*publicURL, true); err != nil {
			fmt.Fprintf(stderr, "hub serve: --public-url: %v\n", err)
			return 2
		}
	}
	var secret []byte
	if *hookURL != "" {
		b, err := os.ReadFile(*hookSecret)
		if err != nil || len(strings.TrimSpace(string(b))) < 16 {
			fmt.Fprintln(stderr, "hub serve: --label-webhook needs --label-webhook-secret-file with a secret of at least 16 characters")
			return 2
		}
		secret = []byte(strings.TrimSpace(string(b)))
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	var handler slog.Handler
	switch *logFormat {
	case "text":
		handler = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})
	case "json":
		handler = slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level})
	default:
		fmt.Fprintf(stderr, "hub serve: --log-format is text or json, not %q\n", *logFormat)
		return 2
	}
	log := slog.New(handler)

	var tlsConfig *tls.Config
	caFingerprint := "" // the private CA's, pinned by the console's enrolment codes
	switch {
	case *auto:
		dir := *tlsDir
		if dir == "" {
			dir = defaultTLSDir(*dsn)
		}
		if len(hosts) == 0 {
			hosts = hub.DefaultHosts()
		}
		cfg, ca, err := hub.AutoTLS(dir, hosts)
		if err != nil {
			fmt.Fprintf(stderr, "hub serve: %v\n", err)
			return 1
		}
		tlsConfig = cfg
		caFingerprint = enrol.Fingerprint(ca)
		fmt.Fprintf(stdout, "hub: private CA %s, fingerprint %s\n", filepath.Join(dir, hub.CACertFile), enrol.Fingerprint(ca))
	case *cert != "":
		c, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			fmt.Fprintf(stderr, "hub serve: %v\n", err)
			return 1
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{c}, MinVersion: tls.VersionTLS12}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "hub serve: %v\n", err)
		return 1
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); tlsConfig == nil && !*insecure && !enrol.IsLoopback(host) {
		ln.Close()
		fmt.Fprintf(stderr, "hub serve: refusing plain HTTP on %s, which other machines can reach: stations' tokens would cross the network readable.\n"+
			"Serve HTTPS with --tls-auto (or --tls-cert/--tls-key), listen on 127.0.0.1 behind a TLS proxy, or accept the risk with --insecure-http.\n", ln.Addr())
		return 2
	}
	db, ok := openDB(ctx, *dsn)
	if !ok {
		ln.Close()
		return 1
	}
	defer db.Close()
	check, err := db.StartServing(ctx)
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "hub serve: %v\n", err)
		return 1
	}
	if check.Rotated {
		log.Warn("new hub epoch: terminals pull everything again and re-send what the hub lacks", "epoch", check.Epoch, "why", check.Reason)
	}

	if *hookURL != "" {
		hook := &hub.LabelHook{URL: *hookURL, Secret: secret, Store: db, Log: log}
		go hook.Run(ctx)
		log.Info("label requests go to the order system's webhook", "url", *hookURL)
	}
	api := hub.NewServer(db, log)
	api.Version = version
	api.SetPublicURL(*publicURL, caFingerprint)
	srv := &http.Server{
		Handler:           api,
		TLSConfig:         tlsConfig,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
	}
	// Tests and scripts read this line to learn the port.
	fmt.Fprintf(stdout, "hub: listening on %s://%s (database: %s, version %s)\n", scheme, ln.Addr(), db.Dialect(), version)

	go hub.NewWebhooks(db, log).Run(ctx) // integrations' webhooks (`hub integration webhook`)
	done := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			done <- srv.ServeTLS(ln, "", "")
		} else {
			done <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "hub serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintf(stderr, "hub serve: shutdown: %v\n", err)
	}
	return 0
}

// defaultTLSDir is hub-tls beside a SQLite database, else in the working
// directory.
func defaultTLSDir(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return "hub-tls"
	}
	return filepath.Join(filepath.Dir(dsn), "hub-tls")
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
