package sync_test

import (
	"crypto/tls"
	"io"
	"log"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

func TestTLSWithAPrivateCA(t *testing.T) {
	db := hubtest.Backends()[0].Open(t)
	hubtest.Seed(t, db, "L1", 3)
	caFile, certFile, keyFile := hubtest.PrivateCA(t)
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(hub.NewServer(db, nil))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below is expected
	srv.StartTLS()
	defer srv.Close()

	tm := newTerminal(t, db, "https://127.0.0.1:1", "L1", "Pack 1")
	untrusting, err := sync.NewClient(srv.URL, tm.token, sync.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = untrusting.Whoami(ctx)
	if core.ErrorReason(err) != "tls_untrusted" {
		t.Fatalf("without the CA: %v, want tls_untrusted", err)
	}
	trusting, err := sync.NewClient(srv.URL, tm.token, sync.ClientOptions{CAFile: caFile})
	if err != nil {
		t.Fatal(err)
	}
	tm.client = trusting
	tm.note(2)
	res := tm.mustSync()
	if res.Pushed != 2 || res.Pulled == 0 {
		t.Fatalf("round over TLS: %+v", res)
	}
	checkConverged(t, db, tm)

	if _, err := sync.NewClient(srv.URL, "", sync.ClientOptions{CAFile: filepath.Join(t.TempDir(), "none.pem")}); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("missing CA file: %v", err)
	}
}
