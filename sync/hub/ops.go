package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/stationhand/stationhand/sync/hub/console"
	"github.com/stationhand/stationhand/sync/wire"
)

// ops is what operations see of a Server: /metrics, the live and ready
// probes and the console. Each Server has its own metrics registry, so
// tests can run many servers in one process.
type ops struct {
	// outbox is the last waiting count each station reported, so that
	// only a change costs a write.
	outboxMu sync.Mutex
	outbox   map[string]int64

	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	events   *prometheus.CounterVec

	console *console.Console // nil when the backend has no console store
}

// Readier is a backend that can tell it is ready to serve (store.DB).
type Readier interface {
	Ready(ctx context.Context) error
	StationsOnline(ctx context.Context) (int, error)
}

// addOps registers the live and ready probes among the API's handlers,
// and mounts /metrics and, on a backend that has it, the console.
func (s *Server) addOps(handlers map[wire.Route]http.HandlerFunc) {
	o := &ops{reg: prometheus.NewRegistry(), outbox: map[string]int64{}}
	s.ops = o
	o.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "stationhand_hub_requests_total",
		Help: "HTTP requests answered, by route and status code."}, []string{"route", "code"})
	o.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "stationhand_hub_request_duration_seconds",
		Help:    "Time to answer a request, by route (push: POST /v1/events, pull: GET /v1/changes).",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route"})
	o.events = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "stationhand_hub_events_total",
		Help: "Events pushed by stations: applied, duplicate (a replay) or rejected, with the rejection's reason."}, []string{"outcome", "reason"})
	o.reg.MustRegister(o.requests, o.latency, o.events, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if rd, ok := s.backend.(Readier); ok {
		o.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "stationhand_hub_stations_online",
			Help: "Stations (not revoked) that pushed in the last two minutes."}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n, err := rd.StationsOnline(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}))
	}
	o.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "stationhand_hub_database_ping_seconds",
		Help: "Round trip of a ping to the hub's database, measured at the scrape (-1: unreachable)."}, func() float64 {
		start := time.Now()
		if err := s.backend.Ping(context.Background()); err != nil {
			return -1
		}
		return time.Since(start).Seconds()
	}))

	handlers[wire.RouteLive] = s.live
	handlers[wire.RouteReady] = s.ready
	push := handlers[wire.RoutePush]
	handlers[wire.RoutePush] = func(w http.ResponseWriter, r *http.Request) {
		tw := &teeWriter{ResponseWriter: w, status: http.StatusOK}
		push(tw, r)
		o.countPush(tw)
		if tw.status == http.StatusOK {
			s.noteOutbox(r)
		}
	}
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(o.reg, promhttp.HandlerOpts{ErrorLog: slogPrinter{s}}))
	if st, ok := s.backend.(console.Store); ok {
		o.console = console.New(st, s.log)
		s.mux.Handle(console.Prefix, o.console)
	}
}

// SetPublicURL tells the console the address stations reach the hub at and
// the fingerprint of the hub's private CA ("" with a public certificate),
// for the enrolment codes its stations page makes. Call it before serving.
func (s *Server) SetPublicURL(hubURL, caFingerprint string) {
	if s.ops.console != nil {
		s.ops.console.PublicURL, s.ops.console.CAFingerprint = hubURL, caFingerprint
	}
}

// OutboxRecorder is a backend that records what stations report waiting
// (store.DB).
type OutboxRecorder interface {
	SetTerminalOutbox(ctx context.Context, terminalID string, waiting int64) error
}

// noteOutbox records the events a station said it still has waiting after
// a push it made (wire.HeaderOutbox), when the number changed.
func (s *Server) noteOutbox(r *http.Request) {
	rec, ok := s.backend.(OutboxRecorder)
	v := r.Header.Get(wire.HeaderOutbox)
	if !ok || v == "" {
		return
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return
	}
	p, err := s.auth.authenticate(r.Context(), s.backend, bearerToken(r.Header.Get("Authorization")))
	if err != nil || p.Kind != "terminal" {
		return
	}
	id := p.Terminal.ID
	s.ops.outboxMu.Lock()
	last, seen := s.ops.outbox[id]
	s.ops.outbox[id] = n
	s.ops.outboxMu.Unlock()
	if seen && last == n {
		return
	}
	if err := rec.SetTerminalOutbox(r.Context(), id, n); err != nil {
		s.log.Warn("record station outbox", "terminal", id, "err", err)
		s.ops.outboxMu.Lock()
		delete(s.ops.outbox, id)
		s.ops.outboxMu.Unlock()
	}
}

// observe counts a request the server answered.
func (s *Server) observe(r *http.Request, status int, took time.Duration) {
	route := r.Pattern
	if route == "" || route == "/" {
		route = "unmatched" // any path: keep the label's values few
	}
	s.ops.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	s.ops.latency.WithLabelValues(route).Observe(took.Seconds())
}

// countPush counts the events of a push answered 200 from its answer.
func (o *ops) countPush(tw *teeWriter) {
	if tw.status != http.StatusOK {
		return
	}
	var res wire.PushResponse
	if json.Unmarshal(tw.body.Bytes(), &res) != nil {
		return
	}
	// The answer repeats the rejections of events a replay re-sent: count
	// only those of the events this push applied, the last Applied ones.
	rejected := map[string]int{}
	for _, rj := range res.Rejections {
		if rj.Seq > res.LastSeq-int64(res.Applied) && rj.Seq <= res.LastSeq {
			rejected[rj.Reason]++
		}
	}
	n := 0
	for reason, k := range rejected {
		o.events.WithLabelValues("rejected", reason).Add(float64(k))
		n += k
	}
	// Applied counts rejected events too (they are recorded and passed).
	o.events.WithLabelValues("applied", "").Add(float64(max(res.Applied-n, 0)))
	o.events.WithLabelValues("duplicate", "").Add(float64(res.Duplicates))
}

// teeWriter keeps a copy of a small JSON answer for counting.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *teeWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (s *Server) live(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, wire.Health{Status: "ok", Database: "not_checked", Version: s.Version})
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	var err error
	if rd, ok := s.backend.(Readier); ok {
		err = rd.Ready(r.Context())
	} else {
		err = s.backend.Ping(r.Context())
	}
	if err != nil {
		s.log.Warn("not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, wire.Health{Status: "not_ready", Database: "unavailable", Version: s.Version,
			Message: "The hub cannot serve yet: its database is unreachable or not migrated to this version."})
		return
	}
	writeJSON(w, http.StatusOK, wire.Health{Status: "ok", Database: "ok", Version: s.Version})
}

// slogPrinter lets promhttp log through the server's logger.
type slogPrinter struct{ s *Server }

func (p slogPrinter) Println(v ...any) { p.s.log.Error("metrics", "err", v) }
