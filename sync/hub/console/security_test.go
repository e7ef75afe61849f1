package console_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/hub/console"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
)

// client is a browser without a browser: a cookie jar that does not
// follow redirects, so tests see every answer.
func client(testing.TB) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func get(t testing.TB, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func post(t testing.TB, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// signIn signs c in and returns the session's CSRF token.
func signIn(t *testing.T, f *fixture, c *http.Client) string {
	t.Helper()
	return signInAs(t, f, c, userName)
}

func signInAs(t testing.TB, f *fixture, c *http.Client, userName string) string {
	t.Helper()
	_, body := get(t, c, f.url("/console/signin"))
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("sign-in form without a CSRF token:\n%s", body)
	}
	resp, _ := post(t, c, f.url("/console/signin"), url.Values{"csrf": {m[1]}, "name": {userName}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in answered %d", resp.StatusCode)
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "stationhand_console" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Path != "/console/" {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Strict, Path=/console/", session)
	}
	_, body = get(t, c, f.url("/console/stations"))
	m = csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("stations page without a CSRF token")
	}
	return m[1]
}

// TestConsoleRefusesForgedAndForeignActions: a POST without the session's
// CSRF token changes nothing; a user cannot act on or look at another
// location; a signed-out session is over.
func TestConsoleRefusesForgedAndForeignActions(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		c := client(t)
		csrf := signIn(t, f, c)
		ctx := context.Background()
		stillClaimed := func(ref string) bool {
			claims, err := f.db.Claims(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, cl := range claims {
				if cl.ExternalID == ref {
					return true
				}
			}
			return false
		}
		for _, form := range []url.Values{{}, {"csrf": {"forged"}}} {
			resp, _ := post(t, c, f.url("/console/claims/"+f.claimed+"/release"), form)
			if resp.StatusCode != http.StatusForbidden || !stillClaimed(f.claimed) {
				t.Errorf("release with csrf %q: %d, claim kept %v; want 403 and the claim kept", form.Get("csrf"), resp.StatusCode, stillClaimed(f.claimed))
			}
		}
		resp, _ := post(t, c, f.url("/console/claims/"+f.hidden+"/release"), url.Values{"csrf": {csrf}})
		if resp.StatusCode != http.StatusForbidden || !stillClaimed(f.hidden) {
			t.Errorf("releasing another location's claim: %d, want 403 and the claim kept", resp.StatusCode)
		}
		relabelWaits := func() bool {
			rl, err := f.db.Relabels(ctx, "L1")
			if err != nil {
				t.Fatal(err)
			}
			return len(rl) == 1
		}
		if resp, _ = post(t, c, f.url("/console/orders/"+f.relabel+"/relabel/accept"), url.Values{"csrf": {"forged"}}); resp.StatusCode != http.StatusForbidden || !relabelWaits() {
			t.Errorf("accept relabel with a forged token: %d, relabel kept %v; want 403 and kept", resp.StatusCode, relabelWaits())
		}
		for _, action := range []string{"put-back/resolve", "relabel/accept"} {
			if resp, _ = post(t, c, f.url("/console/orders/"+f.hidden+"/"+action), url.Values{"csrf": {csrf}}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s on another location's order: %d, want 403", action, resp.StatusCode)
			}
		}
		if resp, _ = post(t, c, f.url("/console/orders/"+f.claimed+"/put-back/resolve"), url.Values{"csrf": {csrf}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("resolving a put-back of an order with none: %d, want 409", resp.StatusCode)
		}
		resp, _ = get(t, c, f.url("/console/orders?location=L2"))
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("another location's orders: %d, want 403", resp.StatusCode)
		}
		resp, body := get(t, c, f.url("/console/orders?q=000005"))
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, f.claimed) || strings.Contains(body, "L1-000004") {
			t.Errorf("order search for 000005: %d\n%s", resp.StatusCode, body)
		}
		resp, _ = post(t, c, f.url("/console/claims/"+f.claimed+"/release"), url.Values{"csrf": {csrf}, "back": {"//evil.example/"}})
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/console/stations?") || stillClaimed(f.claimed) {
			t.Errorf("release: %d to %q, claim kept %v", resp.StatusCode, loc, stillClaimed(f.claimed))
		}
		post(t, c, f.url("/console/signout"), url.Values{"csrf": {csrf}})
		if resp, _ = get(t, c, f.url("/console/stations")); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("after signing out the stations page answers %d, want a redirect to sign-in", resp.StatusCode)
		}
	})
}

// TestConsoleSigninIsRateLimited: after a burst of wrong passwords the
// name is refused for a while, even with the right password. The
// console's clock stands still: bcrypt under the race detector is slow
// enough for the limit to refill otherwise.
func TestConsoleSigninIsRateLimited(t *testing.T) {
	base := newFixture(t, hubtest.Backends()[0])
	con := console.New(base.db, nil)
	frozen := time.Now()
	con.Now = func() time.Time { return frozen }
	srv := httptest.NewServer(con)
	defer srv.Close()
	f := &fixture{db: base.db, srv: srv}
	c := client(t)
	codes := []int{}
	for i := 0; i < 7; i++ {
		_, body := get(t, c, f.url("/console/signin"))
		m := csrfField.FindStringSubmatch(body)
		pw := "wrong password"
		if i == 6 {
			pw = password
		}
		resp, _ := post(t, c, f.url("/console/signin"), url.Values{"csrf": {m[1]}, "name": {userName}, "password": {pw}})
		codes = append(codes, resp.StatusCode)
	}
	want := []int{401, 401, 401, 401, 401, 429, 429}
	if !slices.Equal(codes, want) {
		t.Errorf("sign-in answers %v, want %v", codes, want)
	}
	// A sign-in form posted without its cookie (another site's form) is refused.
	resp, _ := post(t, client(t), f.url("/console/signin"), url.Values{"csrf": {"x"}, "name": {userName}, "password": {password}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without the form's cookie: %d, want 403", resp.StatusCode)
	}
}
