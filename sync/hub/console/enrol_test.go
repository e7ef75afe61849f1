package console_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

var (
	enrolQR   = regexp.MustCompile(`id="enrol-qr" src="data:image/png;base64,([^"]+)"`)
	enrolText = regexp.MustCompile(`id="enrol-code"><code class="big">([^<]+)</code>`)
)

// TestConsoleEnrolsAStation: a supervisor makes an enrolment code for their
// own location on the stations page; the QR image decodes (zbarimg) to a
// code the station's parser accepts, carrying the hub's public address and
// the same one-time code the page shows as text; it enrols one station over
// the enrolment API, once. Without the CSRF token or for another location
// nothing is made; a plain-HTTP hub that was not told its public address
// says how to fix that.
func TestConsoleEnrolsAStation(t *testing.T) {
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Fatal("zbarimg missing (apt-get install zbar-tools)")
	}
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		c := client(t)
		csrf := signIn(t, f, c)
		_, page := get(t, c, f.url("/console/stations"))
		if !strings.Contains(page, `id="enrol-L1"`) || strings.Contains(page, `id="enrol-L2"`) {
			t.Fatalf("the stations page should offer enrolment at L1 only:\n%s", page)
		}
		for _, form := range []url.Values{
			{"location": {"L1"}},
			{"location": {"L1"}, "csrf": {"forged"}},
			{"location": {"L2"}, "csrf": {csrf}},
		} {
			resp, body := post(t, c, f.url("/console/stations/enrol"), form)
			if resp.StatusCode != http.StatusForbidden || enrolQR.MatchString(body) {
				t.Errorf("enrol with %v: %d; want 403 and no code", form, resp.StatusCode)
			}
		}

		resp, body := post(t, c, f.url("/console/stations/enrol"), url.Values{"location": {"L1"}, "name": {"Pack 9"}, "csrf": {csrf}})
		qr, typed := enrolQR.FindStringSubmatch(body), enrolText.FindStringSubmatch(body)
		if resp.StatusCode != http.StatusOK || qr == nil || typed == nil {
			t.Fatalf("enrol at L1: %d\n%s", resp.StatusCode, body)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("the enrolment page may be cached (Cache-Control %q)", cc)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data:") {
			t.Errorf("the page's CSP %q blocks its data: image", csp)
		}
		png, err := base64.StdEncoding.DecodeString(html.UnescapeString(qr[1]))
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "enrol.png")
		if err := os.WriteFile(file, png, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("zbarimg", "--quiet", "--raw", file).Output()
		if err != nil {
			t.Fatalf("zbarimg: %v", err)
		}
		code, err := enrol.Parse(strings.TrimSpace(string(out)))
		if err != nil || code.HubURL != f.srv.URL || code.Location != "L1" || code.OneTime != html.UnescapeString(typed[1]) {
			t.Fatalf("the QR code reads %+v (%v); want hub %s, L1 and the code shown, %s", code, err, f.srv.URL, typed[1])
		}
		if !strings.Contains(body, "15 minutes") {
			t.Errorf("the page does not say how long the code holds")
		}

		redeem := func() (int, wire.EnrolResponse) {
			req, _ := json.Marshal(wire.EnrolRequest{Code: code.OneTime})
			resp, err := http.Post(code.HubURL+wire.RouteEnrol.Path, "application/json", bytes.NewReader(req))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var res wire.EnrolResponse
			json.NewDecoder(resp.Body).Decode(&res)
			return resp.StatusCode, res
		}
		if status, res := redeem(); status != http.StatusOK || res.Terminal.Location != "L1" || res.Terminal.Name != "Pack 9" || res.Token == "" {
			t.Fatalf("redeeming the console's code: %d %+v", status, res)
		}
		if status, _ := redeem(); status == http.StatusOK {
			t.Errorf("the code enrolled a second station")
		}

		// The same database behind a plain-HTTP hub that was not told its
		// public address (the back side of a load balancer): no guessing.
		bare := httptest.NewServer(hub.NewServer(f.db, nil))
		defer bare.Close()
		resp, body = post(t, c, bare.URL+"/console/stations/enrol", url.Values{"location": {"L1"}, "csrf": {csrf}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "--public-url") || enrolQR.MatchString(body) {
			t.Errorf("enrol on a hub without --public-url: %d\n%s", resp.StatusCode, body)
		}
	})
}
