// Package console is the hub's operations console: server-rendered pages
// (html/template, no script needed, readable on a phone) where supervisors
// and admins see their locations' stations, orders, exceptions, returns
// held for review and KPIs, and take back claims or revoke stations.
//
// Sign-in is by name and password (bcrypt, see store.AddHubUser); the
// session lives in an HttpOnly, SameSite=Strict cookie (Secure over TLS)
// whose token the database knows only by hash, so every hub process behind
// a load balancer serves it. Every POST carries the session's CSRF token;
// sign-in is rate-limited per client address and per name.
package console

import (
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/enrol"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

// Prefix is where the console is served.
const Prefix = "/console/"

// Store is what the console needs from the hub's database (store.DB).
type Store interface {
	CheckHubUser(ctx context.Context, name, password string) (store.HubUser, error)
	CreateHubSession(ctx context.Context, u store.HubUser) (string, store.HubSession, error)
	HubSession(ctx context.Context, token string) (store.HubSession, error)
	EndHubSession(ctx context.Context, token string) error
	Locations(ctx context.Context) ([]store.Location, error)
	StationRows(ctx context.Context, locations []string) ([]store.StationRow, error)
	TerminalLocation(ctx context.Context, id string) (string, error)
	OrderLocation(ctx context.Context, externalID string) (string, error)
	Revoke(ctx context.Context, terminalID string) error
	Claims(ctx context.Context, location string) ([]store.Claim, error)
	OpenClaims(ctx context.Context, locations []string) ([]store.Claim, error)
	ReleaseClaim(ctx context.Context, externalID string) (store.Claim, error)
	OrderAges(ctx context.Context, location string) ([]store.StatusAge, error)
	OrderRows(ctx context.Context, location string, status core.OrderStatus, search string, limit int) ([]store.OrderRow, error)
	Exceptions(ctx context.Context, location string, limit int) ([]store.ExceptionRow, error)
	PutBacks(ctx context.Context, location string) ([]store.OrderRow, error)
	Relabels(ctx context.Context, location string) ([]store.OrderRow, error)
	ResolvePutBack(ctx context.Context, externalID, by string) (string, error)
	AcceptRelabel(ctx context.Context, externalID, by string) (string, error)
	HeldReturns(ctx context.Context, location string) ([]store.HeldReturn, error)
	LabelRequests(ctx context.Context, location string) ([]wire.LabelRequest, error)
	KPIs(ctx context.Context, location string, from, to time.Time) ([]store.KPIDay, error)
	NewEnrolmentCode(ctx context.Context, hubURL, caFingerprint, location, name string) (enrol.Code, time.Time, error)
}

var _ Store = (*store.DB)(nil)

//go:embed templates static
var files embed.FS

// Console serves the console's pages under Prefix.
type Console struct {
	st     Store
	log    *slog.Logger
	mux    *http.ServeMux
	pages  map[string]*template.Template
	limits *signinLimiter
	// PublicURL is the address stations reach the hub at (hub serve
	// --public-url), put in the enrolment codes the stations page makes;
	// CAFingerprint pins the hub's private CA in them (see hubURL).
	PublicURL, CAFingerprint string
	// Now is the clock; tests may replace it.
	Now func() time.Time
}

// New returns the console over st, logging to log.
func New(st Store, log *slog.Logger) *Console {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Console{st: st, log: log, mux: http.NewServeMux(), limits: newSigninLimiter(), Now: time.Now}
	c.pages = parsePages()
	static, _ := fs.Sub(files, "static")
	c.mux.Handle("GET "+Prefix+"static/", http.StripPrefix(Prefix+"static/", http.FileServerFS(static)))
	c.mux.HandleFunc("GET "+Prefix+"signin", c.signinPage)
	c.mux.HandleFunc("POST "+Prefix+"signin", c.signin)
	c.mux.HandleFunc("POST "+Prefix+"signout", c.user(c.signout))
	c.mux.HandleFunc("GET "+Prefix+"{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix+"stations", http.StatusSeeOther)
	})
	c.mux.HandleFunc("GET "+Prefix+"stations", c.user(c.stations))
	c.mux.HandleFunc("POST "+Prefix+"stations/enrol", c.user(c.enrol))
	c.mux.HandleFunc("POST "+Prefix+"stations/{id}/revoke", c.user(c.revoke))
	c.mux.HandleFunc("POST "+Prefix+"claims/{order}/release", c.user(c.release))
	c.mux.HandleFunc("POST "+Prefix+"orders/{order}/put-back/resolve", c.user(c.resolvePutBack))
	c.mux.HandleFunc("POST "+Prefix+"orders/{order}/relabel/accept", c.user(c.acceptRelabel))
	c.mux.HandleFunc("GET "+Prefix+"orders", c.user(c.orders))
	c.mux.HandleFunc("GET "+Prefix+"exceptions", c.user(c.exceptions))
	c.mux.HandleFunc("GET "+Prefix+"labels", c.user(c.labels))
	c.mux.HandleFunc("GET "+Prefix+"returns", c.user(c.returns))
	c.mux.HandleFunc("GET "+Prefix+"kpi", c.user(c.kpi))
	return c
}

// ServeHTTP serves the console with headers that keep its pages out of
// frames and other sites' scripts, and out of shared caches.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	if !strings.HasPrefix(r.URL.Path, Prefix+"static/") {
		h.Set("Cache-Control", "no-store")
	}
	c.mux.ServeHTTP(w, r)
}

const sessionCookie = "stationhand_console"

// secure reports whether the client reached the hub over TLS, directly or
// through a proxy that says so: the cookie is then Secure.
func secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

type sessionKey struct{}

type session struct {
	store.HubSession
	token string
}

func sessionOf(r *http.Request) session {
	s, _ := r.Context().Value(sessionKey{}).(session)
	return s
}

// user runs next for a signed-in user; a POST must also carry the
// session's CSRF token. Without a session the browser goes to sign-in.
func (c *Console) user(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie(sessionCookie)
		var s store.HubSession
		if err == nil {
			s, err = c.st.HubSession(r.Context(), ck.Value)
		}
		if err != nil {
			if !errors.Is(err, store.ErrNoSession) && !errors.Is(err, http.ErrNoCookie) {
				c.log.Error("console session", "err", err)
				c.fail(w, r, err)
				return
			}
			if r.Method != http.MethodGet {
				http.Error(w, "Your session has ended; sign in again.", http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, Prefix+"signin", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && !validCSRF(r, s.CSRF) {
			c.log.Warn("console: CSRF token missing or wrong", "user", s.User.Name, "path", r.URL.Path, "remote", r.RemoteAddr)
			http.Error(w, "This form has expired or did not come from the console; reload the page and try again.", http.StatusForbidden)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, session{HubSession: s, token: ck.Value})))
	}
}

func validCSRF(r *http.Request, want string) bool {
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// fail renders an error page with the error's status.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	msg := "Something went wrong on the hub; try again, and tell the hub's administrator if it persists."
	switch core.ErrorCode(err) {
	case core.EINTERNAL:
		c.log.Error("console", "path", r.URL.Path, "err", err)
	case core.ENOTFOUND:
		status, msg = http.StatusNotFound, core.ErrorMessage(err)
	case core.EFORBIDDEN:
		status, msg = http.StatusForbidden, core.ErrorMessage(err)
	case core.EINVALID:
		status, msg = http.StatusBadRequest, core.ErrorMessage(err)
	case core.ECONFLICT:
		status, msg = http.StatusConflict, core.ErrorMessage(err)
	default:
		status, msg = http.StatusServiceUnavailable, core.ErrorMessage(err)
	}
	c.render(w, r, status, "error", map[string]any{"Message": msg})
}
