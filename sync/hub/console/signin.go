package console

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// The sign-in form has no session yet, so its CSRF defence is a
// double-submitted token: a random cookie the form repeats, which another
// site can neither read nor set (SameSite=Strict), plus the Origin check.
const signinCookie = "stationhand_signin"

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (c *Console) signinPage(w http.ResponseWriter, r *http.Request) {
	c.showSignin(w, r, http.StatusOK, "")
}

func (c *Console) showSignin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	tok := randomToken()
	http.SetCookie(w, &http.Cookie{Name: signinCookie, Value: tok, Path: Prefix, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: secure(r), MaxAge: 3600})
	c.render(w, r, status, "signin", map[string]any{"Token": tok, "Message": msg, "Name": r.PostFormValue("name")})
}

// sameOrigin refuses a form posted from another site: browsers send
// Origin with every POST.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return o == ""
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

func (c *Console) signin(w http.ResponseWriter, r *http.Request) {
	ck, err := r.Cookie(signinCookie)
	if err != nil || !sameOrigin(r) || r.PostFormValue("csrf") == "" || r.PostFormValue("csrf") != ck.Value {
		c.showSignin(w, r, http.StatusForbidden, "The sign-in form expired; please try again.")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if wait := c.limits.allow(clientAddr(r), name, c.Now()); wait > 0 {
		c.log.Warn("console: sign-in rate-limited", "name", name, "remote", r.RemoteAddr)
		w.Header().Set("Retry-After", itoa(int(wait.Seconds()+1)))
		c.showSignin(w, r, http.StatusTooManyRequests, "Too many sign-in attempts; wait a minute and try again.")
		return
	}
	u, err := c.st.CheckHubUser(r.Context(), name, r.PostFormValue("password"))
	if errors.Is(err, store.ErrBadCredentials) {
		c.log.Info("console: sign-in refused", "name", name, "remote", r.RemoteAddr)
		c.showSignin(w, r, http.StatusUnauthorized, core.ErrorMessage(err))
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	token, s, err := c.st.CreateHubSession(r.Context(), u)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.limits.succeeded(name)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: Prefix, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: secure(r), Expires: s.Expires})
	http.SetCookie(w, &http.Cookie{Name: signinCookie, Path: Prefix, MaxAge: -1})
	c.log.Info("console: signed in", "user", u.Name, "role", u.Role, "remote", r.RemoteAddr)
	http.Redirect(w, r, Prefix+"stations", http.StatusSeeOther)
}

func (c *Console) signout(w http.ResponseWriter, r *http.Request) {
	s := sessionOf(r)
	if err := c.st.EndHubSession(r.Context(), s.token); err != nil {
		c.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: Prefix, MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)})
	http.Redirect(w, r, Prefix+"signin", http.StatusSeeOther)
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// signinLimiter allows a burst of sign-in attempts per client address and
// per name, refilled one every refill. It is per hub process: behind a
// load balancer of n processes a client gets at most n times as many.
type signinLimiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

const (
	signinBurst  = 5
	signinRefill = time.Minute // then one a minute
)

func newSigninLimiter() *signinLimiter { return &signinLimiter{buckets: map[string]*bucket{}} }

// allow takes an attempt from the address's and the name's buckets and
// returns 0, or how long to wait when either is empty.
func (l *signinLimiter) allow(addr, name string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buckets) > 100000 {
		l.buckets = map[string]*bucket{} // bounded memory under a flood of names
	}
	keys := []string{"addr:" + addr, "name:" + strings.ToLower(name)}
	var wait time.Duration
	for _, k := range keys {
		b := l.buckets[k]
		if b == nil {
			b = &bucket{tokens: signinBurst, at: now}
			l.buckets[k] = b
		}
		b.tokens = min(signinBurst, b.tokens+float64(now.Sub(b.at))/float64(signinRefill))
		b.at = now
		if b.tokens < 1 {
			wait = max(wait, time.Duration((1-b.tokens)*float64(signinRefill)))
		}
	}
	if wait > 0 {
		return wait
	}
	for _, k := range keys {
		l.buckets[k].tokens--
	}
	return 0
}

// succeeded forgets a name's failed attempts once its password was right.
func (l *signinLimiter) succeeded(name string) {
	l.mu.Lock()
	delete(l.buckets, "name:"+strings.ToLower(name))
	l.mu.Unlock()
}
