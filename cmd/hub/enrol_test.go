package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/station"
)

// serveHub runs `hub serve` in-process with args and returns its URL and
// everything else it printed before listening; it stops when t ends.
func serveHub(t *testing.T, args ...string) (url string, banner string) {
	t.Helper()
	r, w := io.Pipe()
	stdout, stderr = w, io.Discard
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...)) }()
	br := bufio.NewReader(r)
	for url == "" {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("serve: %v after %q", err, banner)
		}
		banner += line
		url = regexp.MustCompile(`https?://[0-9.:\[\]]+`).FindString(strings.TrimPrefix(line, "hub: listening on "))
		if !strings.HasPrefix(line, "hub: listening on ") {
			url = ""
		}
	}
	go io.Copy(io.Discard, r)
	stdout, stderr = os.Stdout, os.Stderr
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d", code)
		}
		w.Close()
	})
	return url, banner
}

// TestEnrolByCodeOverTLS is issue 14's acceptance: a hub started with
// --tls-auto makes its own CA; `hub enroll --qr` prints a code carrying the
// CA's fingerprint (read back from the PNG by zbarimg); a fresh station
// redeems it over TLS, pinning the CA, and keeps its token in a file only
// its user can read; the same code is refused the second time, and a code
// past its 15 minutes is refused, each with a message saying what to do.
func TestEnrolByCodeOverTLS(t *testing.T) {
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Fatal("zbarimg missing (apt-get install zbar-tools)")
	}
	ctx := context.Background()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "hub.db")
	for _, args := range [][]string{
		{"locations", "--db", dsn, "add", "STORE-7", "--name", "Harbour Street"},
		{"sscc", "--db", dsn, "--prefix", "0614141", "--from", "5"},
		{"defaults", "--db", dsn, "STORE-7", "--from-name", "Harbour Street Store", "--from-city", "Bristol", "--from-country", "GB",
			"--printer", "folder:" + filepath.Join(dir, "printed")},
	} {
		if code, out, errOut := runHub(t, args...); code != 0 {
			t.Fatalf("hub %v: %d %s %s", args, code, out, errOut)
		}
	}
	hubURL, banner := serveHub(t, "--db", dsn, "--addr", "127.0.0.1:0", "--tls-auto")
	if !strings.HasPrefix(hubURL, "https://") || !strings.Contains(banner, "fingerprint") {
		t.Fatalf("serve --tls-auto printed %q", banner)
	}
	for _, f := range []string{"ca-key.pem", "hub-key.pem"} {
		if fi, err := os.Stat(filepath.Join(dir, "hub-tls", f)); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", f, fi, err)
		}
	}

	png := filepath.Join(dir, "code.png")
	code, out, errOut := runHub(t, "enroll", "--db", dsn, "--location", "STORE-7", "--name", "Pack 3", "--qr", "--hub-url", hubURL, "--out", png)
	if code != 0 {
		t.Fatalf("enroll --qr: %d %s %s", code, out, errOut)
	}
	scanned := zbar(t, png)
	c, err := enrol.Parse(scanned)
	if err != nil || c.HubURL != hubURL || c.Location != "STORE-7" || len(c.CAFingerprint) != 64 {
		t.Fatalf("the QR code reads %q: %+v %v", scanned, c, err)
	}
	if !strings.Contains(banner, c.CAFingerprint) {
		t.Fatalf("the code pins %s, the hub serves with %q", c.CAFingerprint, banner)
	}

	// A fresh station enrols with what it scanned.
	stationDB := filepath.Join(t.TempDir(), "station.db")
	db, err := sqlite.Open(ctx, stationDB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	term, err := station.Enrol(ctx, db, scanned, "", "", station.EnrolOptions{Version: "v9.9.9-test"})
	if err != nil {
		t.Fatalf("enrol: %v", err)
	}
	if term.Name != "Pack 3" || term.Location != "STORE-7" {
		t.Fatalf("enrolled as %+v", term)
	}
	fi, err := os.Stat(station.TokenPath(stationDB))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", fi, err)
	}
	// It works at once: it trusts the pinned CA, its token is good, and it
	// has its own SSCC block (5, as `hub sscc --from 5` said) and sender.
	client, err := station.Connect(ctx, db, "v9.9.9-test", true)
	if err != nil {
		t.Fatalf("connect after enrolment: %v", err)
	}
	if who, err := client.Whoami(ctx); err != nil || who.Terminal != term {
		t.Fatalf("whoami: %+v %v", who, err)
	}
	r, _, ok, _ := db.SSCCRange(ctx)
	if !ok || r.CompanyPrefix != "0614141" || r.First != 5_000_000 || r.Last != 5_999_999 {
		t.Fatalf("SSCC range %+v %v", r, ok)
	}
	if s, _ := db.ShipSettings(ctx); s.ShipFrom.Name != "Harbour Street Store" {
		t.Fatalf("sender %+v", s)
	}
	if p, ok, _ := db.PrinterConfig(ctx); !ok || p.Dir != filepath.Join(dir, "printed") {
		t.Fatalf("printer %+v", p)
	}
	if _, out, _ := runHub(t, "terminals", "--db", dsn); !strings.Contains(out, "v9.9.9-test") || !strings.Contains(out, "Pack 3") {
		t.Fatalf("hub terminals does not show the station's version: %q", out)
	}

	// The same code again: refused, and nothing changes at the station.
	other, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = station.Enrol(ctx, other, scanned, "", "", station.EnrolOptions{})
	if core.ErrorReason(err) != "enrolment_code_used" || !strings.Contains(core.ErrorMessage(err), "already used") {
		t.Fatalf("reused code: %v", err)
	}
	if _, err := os.Stat(station.TokenPath(other.Path())); !os.IsNotExist(err) {
		t.Fatalf("a refused enrolment left a token file: %v", err)
	}

	// A code made 16 minutes ago, typed by hand: expired.
	hubDB, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	hubDB.Now = func() time.Time { return time.Now().Add(-16 * time.Minute) }
	old, _, err := hubDB.CreateEnrolmentCode(ctx, "STORE-7", "Pack 4")
	hubDB.Close()
	if err != nil {
		t.Fatal(err)
	}
	caHubURL := hubURL // typed by hand there is no fingerprint: the station needs the CA some other way
	_, err = station.Enrol(ctx, other, "", caHubURL, strings.ToLower(old), station.EnrolOptions{})
	if core.ErrorReason(err) != "tls_untrusted" {
		t.Fatalf("typed code against a private CA without its fingerprint: %v", err)
	}
	c.OneTime = old
	_, err = station.Enrol(ctx, other, c.String(), "", "", station.EnrolOptions{})
	if core.ErrorReason(err) != "enrolment_code_expired" || !strings.Contains(core.ErrorMessage(err), "expired") {
		t.Fatalf("expired code: %v", err)
	}
	// A code whose fingerprint is not the hub's CA: nothing is sent.
	fresh, _, err := mustStore(t, dsn).CreateEnrolmentCode(ctx, "STORE-7", "Pack 5")
	if err != nil {
		t.Fatal(err)
	}
	c.OneTime, c.CAFingerprint = fresh, strings.Repeat("0", 64)
	_, err = station.Enrol(ctx, other, c.String(), "", "", station.EnrolOptions{})
	if core.ErrorReason(err) != "ca_mismatch" {
		t.Fatalf("wrong fingerprint: %v", err)
	}
}

func mustStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// zbar decodes the one barcode in an image with zbarimg.
func zbar(t *testing.T, file string) string {
	t.Helper()
	out, err := exec.Command("zbarimg", "--quiet", "--raw", file).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v", file, err)
	}
	return strings.TrimSpace(string(out))
}

// TestServeRefusesPlainHTTPOffLoopback: tokens must not cross the network
// readable, so plain HTTP on every interface needs --insecure-http.
func TestServeRefusesPlainHTTPOffLoopback(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "hub.db")
	code, _, errOut := runHub(t, "serve", "--db", dsn, "--addr", "0.0.0.0:0")
	if code != 2 || !strings.Contains(errOut, "--insecure-http") || !strings.Contains(errOut, "--tls-auto") {
		t.Fatalf("plain HTTP on every interface: %d %q", code, errOut)
	}
	if url, _ := serveHub(t, "--db", dsn, "--addr", "0.0.0.0:0", "--insecure-http"); !strings.HasPrefix(url, "http://") {
		t.Fatalf("with --insecure-http: %q", url)
	}
	if url, _ := serveHub(t, "--db", dsn, "--addr", "127.0.0.1:0"); !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("plain HTTP on loopback: %q", url)
	}
}
