package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/stationhand/stationhand/sync/hub"
)

func init() {
	register(command{name: "serve", summary: "serve the sync API to terminals", run: runServe})
}

func runServe(ctx context.Context, args []string) int {
	fs, dsn := newFlags("serve", "[--db DSN] [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE]")
	addr := fs.String("addr", ":8080", "address to listen on (port 0: any free port, printed at start)")
	cert := fs.String("tls-cert", "", "TLS certificate (PEM); with --tls-key, serve HTTPS")
	key := fs.String("tls-key", "", "TLS private key (PEM)")
	verbose := fs.Bool("v", false, "log every request")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if (*cert == "") != (*key == "") {
		fmt.Fprintln(stderr, "hub serve: give both --tls-cert and --tls-key, or neither")
		return 2
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	check, err := db.StartServing(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "hub serve: %v\n", err)
		return 1
	}
	if check.Rotated {
		log.Warn("new hub epoch: terminals pull everything again and re-send what the hub lacks", "epoch", check.Epoch, "why", check.Reason)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "hub serve: %v\n", err)
		return 1
	}
	api := hub.NewServer(db, log)
	api.Version = version
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	// Tests and scripts read this line to learn the port.
	fmt.Fprintf(stdout, "hub: listening on %s://%s (database: %s)\n", scheme, ln.Addr(), db.Dialect())

	done := make(chan error, 1)
	go func() {
		if *cert != "" {
			done <- srv.ServeTLS(ln, *cert, *key)
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

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"
