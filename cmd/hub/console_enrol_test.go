package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// TestConsoleEnrolmentAddress: the enrolment code the console makes sends
// stations to `hub serve --public-url` (the load balancer's address), and
// without it to https:// and the host the browser reached the hub at; with
// --tls-auto it pins the hub's CA. A --public-url that is not an http(s)
// address is refused at start.
func TestConsoleEnrolmentAddress(t *testing.T) {
	ctx := context.Background()
	dsn := hubtest.SQLiteDSN(t)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutLocation(ctx, "L1", "One"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddHubUser(ctx, "sofia", store.RoleSupervisor, "a long enough password", []string{"L1"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, _, errOut := runHub(t, "serve", "--db", dsn, "--public-url", "ftp://hub.example.com"); code != 2 || !strings.Contains(errOut, "--public-url") {
		t.Fatalf("serve --public-url ftp://…: %d %q", code, errOut)
	}

	tlsDir := t.TempDir()
	for _, c := range []struct {
		public string // --public-url
		want   func(hubURL string) string
	}{
		{"https://hub.example.com:8443", func(string) string { return "https://hub.example.com:8443" }},
		{"", func(hubURL string) string { return hubURL }},
	} {
		hubURL, _ := serveHub(t, "--db", dsn, "--addr", "127.0.0.1:0", "--tls-auto", "--tls-dir", tlsDir, "--public-url", c.public)
		ca, err := hub.LoadCA(tlsDir)
		if err != nil {
			t.Fatal(err)
		}
		code := consoleEnrolmentCode(t, hubURL, ca)
		if code.HubURL != c.want(hubURL) || code.Location != "L1" || code.CAFingerprint != enrol.Fingerprint(ca) {
			t.Errorf("--public-url %q: the console's code is %+v; want hub %s, L1 and the CA's fingerprint", c.public, code, c.want(hubURL))
		}
	}
}

// consoleEnrolmentCode signs in to the console at hubURL as sofia, makes an
// enrolment code for L1 and reads its QR image with zbarimg.
func consoleEnrolmentCode(t *testing.T, hubURL string, ca *x509.Certificate) enrol.Code {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	send := func(path string, form url.Values) string {
		t.Helper()
		var resp *http.Response
		var err error
		if form == nil {
			resp, err = c.Get(hubURL + path)
		} else {
			resp, err = c.PostForm(hubURL+path, form)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d\n%s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	token := csrf.FindStringSubmatch(send("/console/signin", nil))[1]
	page := send("/console/signin", url.Values{"csrf": {token}, "name": {"sofia"}, "password": {"a long enough password"}})
	token = csrf.FindStringSubmatch(page)[1]
	page = send("/console/stations/enrol", url.Values{"csrf": {token}, "location": {"L1"}})
	m := regexp.MustCompile(`id="enrol-qr" src="data:image/png;base64,([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no enrolment QR on the page:\n%s", page)
	}
	png, err := base64.StdEncoding.DecodeString(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "code.png")
	if err := os.WriteFile(file, png, 0o600); err != nil {
		t.Fatal(err)
	}
	code, err := enrol.Parse(zbar(t, file))
	if err != nil {
		t.Fatal(err)
	}
	return code
}
