package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// runHub runs the command in-process and returns its exit code and output.
func runHub(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	stdout, stderr = &out, &errOut
	defer func() { stdout, stderr = os.Stdout, os.Stderr }()
	code := run(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestEveryCommandHasHelp(t *testing.T) {
	if code, _, errOut := runHub(t); code != 2 || !strings.Contains(errOut, "Commands:") {
		t.Fatalf("no arguments: %d %q", code, errOut)
	}
	if code, _, _ := runHub(t, "fly"); code != 2 {
		t.Fatalf("unknown command: %d", code)
	}
	for name := range commands {
		code, _, errOut := runHub(t, name, "--help")
		if code != 0 || !strings.Contains(errOut, "Usage: hub "+name) || !strings.Contains(errOut, "-db") {
			t.Errorf("hub %s --help: %d %q", name, code, errOut)
		}
	}
}

func TestAdministration(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := "--db=" + b.DSN(t)
		must := func(args ...string) string {
			t.Helper()
			code, out, errOut := runHub(t, args...)
			if code != 0 {
				t.Fatalf("hub %v: %d %s %s", args, code, out, errOut)
			}
			return out
		}
		must("locations", db, "add", "L1", "--name", "High Street")
		if out := must("locations", db, "list"); !strings.Contains(out, "High Street") {
			t.Fatalf("locations list: %q", out)
		}
		dir := t.TempDir()
		products := filepath.Join(dir, "products.csv")
		os.WriteFile(products, []byte("sku,name,codes\nA,Apple,04000000000013\nB,Pear,04000000000020\n"), 0o600)
		orders := filepath.Join(dir, "orders.csv")
		os.WriteFile(orders, []byte("external_id,location,sku,qty\nW-1,L1,A,1\nW-1,L1,B,2\nW-2,L1,A,1\n"), 0o600)
		if out := must("import", db, products, orders); !strings.Contains(out, "2 created") {
			t.Fatalf("import: %q", out)
		}
		if out := must("import", db, orders); !strings.Contains(out, "0 created, 0 updated, 0 cancelled, 2 unchanged") {
			t.Fatalf("import again: %q", out)
		}
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte("external_id,location,sku,qty\nW-3,L1,NOPE,1\n"), 0o600)
		if code, _, errOut := runHub(t, "import", db, bad); code != 1 || !strings.Contains(errOut, "unknown product") {
			t.Fatalf("bad import: %d %q", code, errOut)
		}

		out := must("enroll", db, "--location", "L1", "--name", "Pack 1")
		token := regexp.MustCompile(`token:\s+(sht_\S+)`).FindStringSubmatch(out)
		id := regexp.MustCompile(`terminal:\s+(t-\S+)`).FindStringSubmatch(out)
		if token == nil || id == nil {
			t.Fatalf("enroll printed %q", out)
		}
		if out := must("terminals", db); !strings.Contains(out, id[1]) || !strings.Contains(out, "active") || strings.Contains(out, token[1]) {
			t.Fatalf("terminals: %q", out)
		}
		if code, _, errOut := runHub(t, "enroll", db, "--location", "MARS", "--name", "X"); code != 1 || !strings.Contains(errOut, "hub locations add") {
			t.Fatalf("enroll at an unknown location: %d %q", code, errOut)
		}
		must("staff", db, "add", "--location", "L1", "--name", "Ana", "--roles", "picker,packer", "--pin", "1234", "--badge", "B1", "--language", "es")
		if out := must("staff", db, "list", "--location", "L1"); !strings.Contains(out, "picker,packer") || !regexp.MustCompile(`Ana\s.*picker,packer\s+es\s`).MatchString(out) {
			t.Fatalf("staff list: %q", out)
		}
		ana := regexp.MustCompile(`(\d+)\s+Ana\s`).FindStringSubmatch(must("staff", db, "list", "--location", "L1"))[1]
		must("staff", db, "language", ana, "--language", "th")
		if out := must("staff", db, "list", "--location", "L1"); !regexp.MustCompile(`Ana\s.*picker,packer\s+th\s`).MatchString(out) {
			t.Fatalf("staff list after hub staff language: %q", out)
		}
		if code, _, errOut := runHub(t, "staff", db, "language", ana, "--language", "fr"); code != 1 || !strings.Contains(errOut, "do not speak") {
			t.Fatalf("an unknown language: %d %q", code, errOut)
		}
		// Supervisors approve: the hub refuses a PIN under six digits for them.
		if code, _, errOut := runHub(t, "staff", db, "add", "--location", "L1", "--name", "Sue", "--roles", "supervisor", "--pin", "9999"); code != 1 || !strings.Contains(errOut, "at least 6 digits") {
			t.Fatalf("a 4-digit supervisor PIN: %d %q", code, errOut)
		}
		out = must("staff", db, "add", "--location", "L1", "--name", "Sue", "--roles", "supervisor", "--pin", "909192")
		sue := regexp.MustCompile(`staff (\d+):`).FindStringSubmatch(out)[1]
		if code, _, errOut := runHub(t, "staff", db, "pin", sue, "--pin", "1234"); code != 1 || !strings.Contains(errOut, "at least 6 digits") {
			t.Fatalf("a new 4-digit PIN for a supervisor: %d %q", code, errOut)
		}
		must("staff", db, "pin", sue, "--pin", "918273")
		if code, _, _ := runHub(t, "staff", db, "add", "--location", "L1", "--name", "X", "--roles", "picker", "--pin", "12"); code != 1 {
			t.Fatal("a two-digit PIN was taken")
		}
		must("staff", db, "deactivate", "1")
		if out := must("staff", db, "list"); !strings.Contains(out, "false") {
			t.Fatalf("deactivated staff: %q", out)
		}
		must("revoke", db, id[1])
		if out := must("terminals", db); !strings.Contains(out, "revoked") {
			t.Fatalf("terminals after revoke: %q", out)
		}
		if out := must("enroll", db, "--ingest", "--name", "OMS"); !strings.Contains(out, "shk_") {
			t.Fatalf("ingest key: %q", out)
		}
	})
}

func TestDemoLoadsTheDemoStore(t *testing.T) {
	dsn := hubtest.SQLiteDSN(t)
	db := "--db=" + dsn
	code, out, errOut := runHub(t, "demo", db)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%d staff added", len(demo.Staff))) || !strings.Contains(out, fmt.Sprintf("returns: %d created", demo.ReturnCount)) {
		t.Fatalf("demo: %d %q %q", code, out, errOut)
	}
	code, out, _ = runHub(t, "demo", db)
	if code != 0 || !strings.Contains(out, "0 created") || !strings.Contains(out, "0 staff added") || strings.Contains(out, "returns:") {
		t.Fatalf("demo again: %d %q", code, out)
	}
	// A terminal of the demo store pulls the demo returns.
	ctx := context.Background()
	hubDB, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer hubDB.Close()
	term, _, err := hubDB.Enroll(ctx, demo.Store, "Returns desk")
	if err != nil {
		t.Fatal(err)
	}
	returns, cursor := 0, ""
	for {
		res, err := hubDB.Pull(ctx, term, cursor, 5000)
		if err != nil {
			t.Fatal(err)
		}
		returns += len(res.Changes.Returns)
		if cursor = res.Changes.Cursor; !res.More {
			break
		}
	}
	if returns != demo.ReturnCount {
		t.Fatalf("a demo terminal pulled %d returns, want %d", returns, demo.ReturnCount)
	}
}

// TestServeOverTLS starts `hub serve` with a certificate from a private CA
// and talks to it as a terminal that trusts that CA.
func TestServeOverTLS(t *testing.T) {
	dsn := hubtest.SQLiteDSN(t)
	if code, _, errOut := runHub(t, "locations", "--db", dsn, "add", "L1"); code != 0 {
		t.Fatal(errOut)
	}
	_, out, _ := runHub(t, "enroll", "--db", dsn, "--location", "L1", "--name", "Pack 1")
	token := regexp.MustCompile(`token:\s+(sht_\S+)`).FindStringSubmatch(out)[1]
	caFile, certFile, keyFile := hubtest.PrivateCA(t)

	r, w := io.Pipe()
	stdout, stderr = w, io.Discard
	defer func() { stdout, stderr = os.Stdout, os.Stderr }()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--tls-cert", certFile, "--tls-key", keyFile})
	}()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url := regexp.MustCompile(`https://\S+`).FindString(line)
	if url == "" {
		t.Fatalf("serve printed %q", line)
	}
	go io.Copy(io.Discard, r)
	c, err := sync.NewClient(url, token, sync.ClientOptions{CAFile: caFile})
	if err != nil {
		t.Fatal(err)
	}
	cctx, ccancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer ccancel()
	if h, err := c.Health(cctx); err != nil || h.Status != "ok" {
		t.Fatalf("health over TLS: %+v, %v", h, err)
	}
	if term, err := c.Whoami(cctx); err != nil || term.Location != "L1" || term.Epoch == "" {
		t.Fatalf("whoami over TLS: %+v, %v", term, err)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	w.Close()
}
