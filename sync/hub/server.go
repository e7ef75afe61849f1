// Package hub serves the central order hub's HTTP JSON API (protocol
// version 1, see package sync and api/openapi.yaml) on top of a Backend,
// normally the database of package sync/hub/store. A Server holds no state
// of its own: several can serve one PostgreSQL behind a load balancer.
package hub

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// Backend is what the API needs from the hub's database.
type Backend interface {
	Authenticate(ctx context.Context, token string) (store.Principal, error)
	Push(ctx context.Context, t core.Terminal, evs []core.Event) (wire.PushResponse, error)
	Pull(ctx context.Context, t core.Terminal, cursor string, limit int) (wire.PullResponse, error)
	Order(ctx context.Context, location, externalID string) (core.Order, error)
	ImportOrders(ctx context.Context, orders []wire.IngestOrder) (wire.IngestResponse, error)
	// OrderStatus is an order's status for the order system (shipments.go).
	OrderStatus(ctx context.Context, externalID string) (wire.OrderStatus, error)
	// Carrier labels bought after packing (carrier.go).
	LabelRequests(ctx context.Context, location string) ([]wire.LabelRequest, error)
	AddCarrierLabels(ctx context.Context, externalID string, labels []core.CarrierLabel) (wire.CarrierLabelsResponse, error)
	Ping(ctx context.Context) error
	// Epoch is the generation of the database (see store.DB.Epoch).
	Epoch() string
	// LastSeq is the last sequence the hub holds for a terminal.
	LastSeq(ctx context.Context, terminalID string) (int64, error)
	// LastSSCC is the highest SSCC the hub holds from a terminal, "" if none.
	LastSSCC(ctx context.Context, terminalID string) (string, error)
	FeedBackend // feed.go
	// ChangeSignal returns a channel closed when a change for location
	// commits after the call, on any hub process (see longpoll.go).
	ChangeSignal(location string) <-chan struct{}
	// HasNews reports whether a long-poll should pull now (see longpoll.go).
	HasNews(ctx context.Context, t core.Terminal, cursor string) (bool, error)
}

var _ Backend = (*store.DB)(nil)

// Server is the hub's HTTP API.
type Server struct {
	backend Backend
	mux     *http.ServeMux
	log     *slog.Logger
	auth    authCache
	ops     *ops          // ops.go: metrics, probes, console
	linger  time.Duration // longpoll.go

	// Version is reported by the health check.
	Version string
}

// SetAuthTTL sets how long the server trusts a terminal token it checked
// (DefaultAuthTTL); 0 checks every request against the database.
func (s *Server) SetAuthTTL(d time.Duration) { s.auth.ttl = d }

// NewServer returns the API over backend, logging to log (nil: discard).
func NewServer(backend Backend, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{backend: backend, mux: http.NewServeMux(), log: log, Version: "dev"}
	s.auth.ttl = DefaultAuthTTL
	s.linger = DefaultPullLinger
	handlers := map[wire.Route]http.HandlerFunc{
		wire.RouteHealth:      s.health,
		wire.RouteWhoami:      s.terminal(s.whoami),
		wire.RoutePush:        s.terminal(s.push),
		wire.RoutePull:        s.terminal(s.pull),
		wire.RouteOrder:       s.terminal(s.order),
		wire.RouteIngest:      s.ingestKey(s.ingest),
		wire.RouteEnrol:       s.enrol, // enrol.go
		wire.RouteOrderStatus: s.ingestKey(s.orderStatus),
	}
	s.feedRoutes(handlers)                  // feed.go
	s.addOps(handlers)                      // ops.go
	for r, h := range s.carrierHandlers() { // carrier.go
		handlers[r] = h
	}
	for _, r := range wire.Routes {
		h, ok := handlers[r]
		if !ok {
			panic("hub: no handler for " + r.Method + " " + r.Path)
		}
		s.mux.Handle(r.Method+" "+r.Path, h)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, core.Errorf(core.ENOTFOUND, "no_route", "There is no %s %s on this hub; the API is under %s/ (see api/openapi.yaml).", r.Method, r.URL.Path, wire.APIPrefix))
	})
	return s
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(sw, r)
	s.observe(r, sw.status, time.Since(start))
	if sw.status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "status", sw.status, "took", time.Since(start))
	} else {
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "took", time.Since(start))
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

type principalKey struct{}

func principalOf(r *http.Request) store.Principal {
	p, _ := r.Context().Value(principalKey{}).(store.Principal)
	return p
}

// authenticated runs next for requests whose bearer token is valid and of
// the given kind.
func (s *Server) authenticated(kind string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.auth.authenticate(r.Context(), s.backend, bearerToken(r.Header.Get("Authorization")))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if p.Kind != kind {
			s.fail(w, r, core.Errorf(core.EFORBIDDEN, "wrong_token_kind",
				"This is a %s token; %s %s needs a %s token.", p.Kind, r.Method, r.URL.Path, kind))
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	}
}

// bearerToken returns the token of an "Authorization: Bearer …" header, ""
// for none. The scheme's name is case-insensitive (RFC 7235, 2.1).
func bearerToken(header string) string {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

func (s *Server) terminal(next http.HandlerFunc) http.HandlerFunc {
	return s.authenticated(store.KindTerminal, next)
}

func (s *Server) ingestKey(next http.HandlerFunc) http.HandlerFunc {
	return s.authenticated(store.KindIngest, next)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	h := wire.Health{Status: "ok", Database: "ok", Version: s.Version}
	status := http.StatusOK
	if err := s.backend.Ping(r.Context()); err != nil {
		s.log.Error("health: database", "err", err)
		h = wire.Health{Status: "degraded", Database: "unreachable", Version: s.Version,
			Message: "The hub cannot reach its database; terminals keep working offline and sync when it is back."}
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, h)
}

func (s *Server) whoami(w http.ResponseWriter, r *http.Request) {
	s.noteVersion(r) // enrol.go: a station asks who it is once per start
	t := principalOf(r).Terminal
	last, err := s.backend.LastSeq(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lastSSCC, err := s.backend.LastSSCC(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.Whoami{Terminal: t, Epoch: s.backend.Epoch(), LastSeq: last, LastSSCC: lastSSCC})
}

func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	var req wire.PushRequest
	if !s.decode(w, r, &req) {
		return
	}
	t := principalOf(r).Terminal
	epoch := s.backend.Epoch()
	if req.Epoch != "" && req.Epoch != epoch {
		// The terminal first learns what the hub lacks; nothing is applied.
		last, err := s.backend.LastSeq(r.Context(), t.ID)
		if err == nil {
			err = &store.EpochChangedError{Epoch: epoch, LastSeq: last}
		}
		s.fail(w, r, err)
		return
	}
	res, err := s.backend.Push(r.Context(), t, req.Events)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res.Epoch = epoch
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > wire.MaxPageLen {
			s.fail(w, r, core.Errorf(core.EINVALID, "bad_limit", "limit must be a number from 1 to %d, not %q.", wire.MaxPageLen, v))
			return
		}
		limit = n
	}
	wait, err := parseWait(q.Get("wait"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		s.longPoll(w, r, q.Get("cursor"), limit, wait)
		return
	}
	res, err := s.backend.Pull(r.Context(), principalOf(r).Terminal, q.Get("cursor"), limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) order(w http.ResponseWriter, r *http.Request) {
	o, err := s.backend.Order(r.Context(), principalOf(r).Terminal.Location, r.PathValue("external_id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

func (s *Server) orderStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.backend.OrderStatus(r.Context(), r.PathValue("external_id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	var req wire.IngestRequest
	if !s.decode(w, r, &req) {
		return
	}
	if len(req.Orders) == 0 {
		s.fail(w, r, core.Errorf(core.EINVALID, "no_orders", `The request has no orders: send {"orders": [ … ]}.`))
		return
	}
	res, err := s.backend.ImportOrders(r.Context(), req.Orders)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// decode reads a JSON request body into v: exactly one JSON value, no
// unknown fields, at most wire.MaxBodyBytes. On failure it answers with a
// 4xx that says what is wrong and returns false; nothing has changed.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		s.failStatus(w, r, http.StatusUnsupportedMediaType, core.Errorf(core.EINVALID, "content_type",
			"The body must be JSON (Content-Type: application/json), not %s.", ct))
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, wire.MaxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more data after the JSON value")
	}
	if err == nil {
		return true
	}
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		s.failStatus(w, r, http.StatusRequestEntityTooLarge, core.Errorf(core.EINVALID, "too_large",
			"The body is larger than %d MiB; nothing was applied. Send fewer records per request.", wire.MaxBodyBytes>>20))
	case errors.As(err, &syntax):
		s.fail(w, r, core.Errorf(core.EINVALID, "bad_json", "The body is not valid JSON (at byte %d: %v); nothing was applied.", syntax.Offset, err))
	case errors.As(err, &typ):
		s.fail(w, r, core.Errorf(core.EINVALID, "bad_json", "Field %q must be %s, not a JSON %s; nothing was applied.", typ.Field, typ.Type, typ.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.TrimPrefix(err.Error(), "json: unknown field ")
		s.fail(w, r, core.Errorf(core.EINVALID, "unknown_field", "Unknown field %s in the body; nothing was applied. Check the field names against api/openapi.yaml.", field))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		s.fail(w, r, core.Errorf(core.EINVALID, "bad_json", "The body is empty or cut short; nothing was applied."))
	default:
		s.fail(w, r, core.Errorf(core.EINVALID, "bad_json", "The body could not be read as JSON (%v); nothing was applied.", err))
	}
	return false
}

// fail answers with the error's status and a body a person can act on.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.failStatus(w, r, wire.HTTPStatus(core.ErrorCode(err)), err)
}

func (s *Server) failStatus(w http.ResponseWriter, r *http.Request, status int, err error) {
	body := wire.ErrorBody{Error: wire.ErrorDetail{Code: core.ErrorCode(err), Reason: core.ErrorReason(err), Message: core.ErrorMessage(err),
		Args: wire.TextArgs(core.ErrorArgs(err))}}
	var gap *store.SeqGapError
	var reused *store.SeqReusedError
	var changed *store.EpochChangedError
	var refused *store.CursorError
	switch {
	case errors.As(err, &gap):
		body.Error.LastSeq = &gap.LastSeq
	case errors.As(err, &reused):
		body.Error.LastSeq, body.Error.Seq = &reused.LastSeq, reused.Seq
	case errors.As(err, &changed):
		body.Error.LastSeq, body.Error.Epoch = &changed.LastSeq, changed.Epoch
	case errors.As(err, &refused):
		body.Error.Epoch = s.backend.Epoch()
	}
	if errors.Is(err, context.Canceled) {
		return // the client went away: nobody to answer
	}
	if status >= 500 {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	// An error here means the client hung up mid-answer; it asks again.
	_ = json.NewEncoder(w).Encode(v)
}
