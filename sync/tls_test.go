package sync_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// privateCA makes a certificate authority and a server certificate it
// signs for 127.0.0.1, and writes the CA's certificate to a PEM file.
func privateCA(t *testing.T) (caFile string, server tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Stationhand Test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "hub"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caFile = filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return caFile, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestTLSWithAPrivateCA(t *testing.T) {
	db := hubtest.Backends()[0].Open(t)
	hubtest.Seed(t, db, "L1", 3)
	caFile, cert := privateCA(t)
	srv := httptest.NewUnstartedServer(hub.NewServer(db, nil))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
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
