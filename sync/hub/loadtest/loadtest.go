// Package loadtest simulates hundreds of terminals pushing events to and
// pulling changes from a real hub over loopback HTTP, and measures what
// the hub sustains: events applied per second, push and pull latency, and
// how long a new terminal's first pull of many orders takes.
package loadtest

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	gosync "sync"
	"sync/atomic"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// Config describes a load test.
type Config struct {
	DSN       string        // hub database; "" for a new SQLite file in a temporary folder
	Terminals int           // simulated terminals (default 500)
	Locations int           // they are spread over this many locations (default 50)
	Orders    int           // open orders per location (default 100)
	Duration  time.Duration // how long the terminals work (default 10 s)
	Rate      float64       // events per second per terminal; 0: push back to back (saturation)
	PushEvery time.Duration // with Rate: how often a terminal pushes what it recorded (default 1 s)
	Batch     int           // without Rate: events per push (default 20)
	PullEvery int           // a terminal pulls after every PullEvery pushes (default 1: a Syncer's round)
	FirstPull int           // then measure a new terminal's first pull of this many orders (0: skip)
	Log       io.Writer     // progress messages; nil: none

	// LongPoll: each terminal holds a long-poll (GET /v1/changes?wait=)
	// beside its pushes, instead of pulling after every PullEvery pushes.
	// Its requests share one HTTP/2 connection, as a station's do over
	// HTTPS.
	LongPoll bool
	Wait     time.Duration // the wait a terminal asks for (default wire.DefaultPullWait)
	Linger   time.Duration // the hub's SetPullLinger (0: its default)
	// ProbeEvery: ingest, this often, a new order at a random location or
	// cancel the last one, and time it until each terminal of the location
	// has it (0: no probes).
	ProbeEvery time.Duration
	// CPUProfile receives a CPU profile of the working window (nil: none).
	CPUProfile io.Writer
	// NullHub: pushes are answered at once, unapplied, and long-polls
	// never (nullHub): the floor the terminals and HTTP set.
	NullHub bool
}

func (c *Config) defaults() {
	if c.Terminals <= 0 {
		c.Terminals = 500
	}
	if c.Locations <= 0 {
		c.Locations = 50
	}
	c.Locations = min(c.Locations, c.Terminals)
	if c.Orders <= 0 {
		c.Orders = 100
	}
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.PushEvery <= 0 {
		c.PushEvery = time.Second
	}
	if c.Batch <= 0 {
		c.Batch = 20
	}
	if c.PullEvery <= 0 {
		c.PullEvery = 1
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	if c.Wait <= 0 {
		c.Wait = wire.DefaultPullWait
	}
}

// Result is what a load test measured.
type Result struct {
	Backend      string
	Terminals    int
	Elapsed      time.Duration
	Events       int64 // applied by the hub (acknowledged pushes)
	Rejected     int64 // of which the hub refused (claims of orders another terminal had)
	Pushes       int64
	Pulls        int64
	Errors       int64
	EventsPerSec float64
	PushP50      time.Duration // latencies exclude the final flush, when every terminal pushes at once
	PushP99      time.Duration
	PushMax      time.Duration
	PullP99      time.Duration

	FirstPullOrders  int
	FirstPullRecords int
	FirstPull        time.Duration // hub to a new terminal's local store, all pages applied

	// Visibility of the probes (Config.ProbeEvery): from the ingest to a
	// terminal of its location having it, over every terminal and probe;
	// EveryStationP99 is over the probes, each until its location's last
	// terminal had it. Unseen counts terminals a probe never reached.
	LongPoll bool
	// CPU is the processor time the process (hub and terminals) used in
	// the window; with Elapsed, how many cores it kept busy.
	CPU                                time.Duration
	Probes, Unseen                     int
	VisibleP50, VisibleP99, VisibleMax time.Duration
	EveryStationP99                    time.Duration
	// PoolWaits and PoolWait: how often, and how long in all, requests
	// waited for a connection of the hub's database pool in the window.
	PoolWaits int64
	PoolWait  time.Duration
	// SchedP50 and SchedP99: how long a runnable goroutine waited for a
	// processor in the window (runtime/metrics): answers that are late
	// while these are short wait on something else than the machine.
	SchedP50, SchedP99 time.Duration
}

func (r Result) String() string {
	s := fmt.Sprintf("%s, %d terminals, %s: %d events applied (%.0f events/s, %d refused), %d pushes (p50 %s, p99 %s, max %s), %d pulls (p99 %s), %d errors",
		r.Backend, r.Terminals, r.Elapsed.Round(time.Millisecond), r.Events, r.EventsPerSec, r.Rejected, r.Pushes,
		ms(r.PushP50), ms(r.PushP99), ms(r.PushMax), r.Pulls, ms(r.PullP99), r.Errors)
	if r.LongPoll {
		s += ", long-poll"
	}
	if r.CPU > 0 && r.Events > 0 {
		s += fmt.Sprintf("; CPU %.1f s (%.2f cores, %.0f µs per event)", r.CPU.Seconds(), r.CPU.Seconds()/r.Elapsed.Seconds(), float64(r.CPU.Microseconds())/float64(r.Events))
	}
	if r.SchedP99 > 0 {
		s += fmt.Sprintf("; goroutines waited for a processor p50 %s, p99 %s", ms(r.SchedP50), ms(r.SchedP99))
	}
	if r.PoolWaits > 0 {
		s += fmt.Sprintf("; %d waits for a database connection (%.1f s in all)", r.PoolWaits, r.PoolWait.Seconds())
	}
	if r.Probes > 0 {
		s += fmt.Sprintf("; %d changes ingested: visible at a station p50 %s, p99 %s, max %s; at every station of the location p99 %s; %d never seen",
			r.Probes, ms(r.VisibleP50), ms(r.VisibleP99), ms(r.VisibleMax), ms(r.EveryStationP99), r.Unseen)
	}
	if r.FirstPullOrders > 0 {
		s += fmt.Sprintf("; first pull of %d orders (%d records) by a new terminal: %s", r.FirstPullOrders, r.FirstPullRecords, ms(r.FirstPull))
	}
	return s
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// Run sets up the locations, orders and terminals, serves the hub on a
// loopback port and lets the terminals work for cfg.Duration.
func Run(ctx context.Context, cfg Config) (Result, error) {
	cfg.defaults()
	dsn := cfg.DSN
	if dsn == "" {
		dir, err := os.MkdirTemp("", "stationhand-loadtest-")
		if err != nil {
			return Result{}, err
		}
		defer os.RemoveAll(dir)
		dsn = filepath.Join(dir, "hub.db")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return Result{}, err
	}
	defer db.Close()

	run := uuid.NewString()[:6] // locations of this run, beside any others in the database
	fmt.Fprintf(cfg.Log, "setting up %d locations with %d orders each and %d terminals (%s)…\n", cfg.Locations, cfg.Orders, cfg.Terminals, db.Dialect())
	sims, err := setUp(ctx, db, run, cfg)
	if err != nil {
		return Result{}, fmt.Errorf("set up: %w", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Result{}, err
	}
	api := hub.NewServer(db, nil)
	if cfg.Linger > 0 {
		api.SetPullLinger(cfg.Linger)
	}
	var handler http.Handler = api
	if cfg.NullHub {
		handler = nullHub(api)
	}
	srv := &http.Server{Handler: handler, Protocols: new(http.Protocols)}
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetUnencryptedHTTP2(true)
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String()

	// The terminals have pulled their location, and pushed once, before
	// the clock starts: what is measured is a working day, not the
	// morning's first sync (nor the hub's first connections).
	fmt.Fprintf(cfg.Log, "%d terminals pulling their first sync…\n", cfg.Terminals)
	clients := make([]*terminalClient, len(sims))
	var warm gosync.WaitGroup
	var warmErr atomic.Value
	sem := make(chan struct{}, 32)
	for i, sim := range sims {
		tr := &http.Transport{MaxIdleConnsPerHost: 1, IdleConnTimeout: time.Minute}
		if cfg.LongPoll {
			tr.Protocols = new(http.Protocols)
			tr.Protocols.SetUnencryptedHTTP2(true)
		}
		defer tr.CloseIdleConnections()
		if clients[i], err = newTerminalClient(tr, url, sim.token); err != nil {
			return Result{}, err
		}
		warm.Add(1)
		go func() {
			defer warm.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := sim.pullAll(ctx, clients[i], nil); err != nil {
				warmErr.Store(err)
			}
			if _, err := clients[i].push(ctx, sim.events(1)); err != nil {
				warmErr.Store(err)
			}
		}()
	}
	warm.Wait()
	if err, _ := warmErr.Load().(error); err != nil {
		return Result{}, fmt.Errorf("first sync: %w", err)
	}

	fmt.Fprintf(cfg.Log, "%d terminals working for %s…\n", cfg.Terminals, cfg.Duration)
	res := Result{Backend: db.Dialect(), Terminals: cfg.Terminals, LongPoll: cfg.LongPoll}
	var pushLat, pullLat [][]time.Duration = make([][]time.Duration, len(sims)), make([][]time.Duration, len(sims))
	var events, rejected, pushes, pulls, errs atomic.Int64
	var watch *probes
	if cfg.ProbeEvery > 0 {
		watch = &probes{pending: map[string]*probe{}}
	}
	// The long-polls outlive the window until every probe has arrived
	// (or a grace period ends): a late probe is slow, not lost. They start
	// before the clock, as the first sync did: thousands of long-polls
	// asking in the same instant is a hub's restart, not its working day.
	var polls gosync.WaitGroup
	pollCtx, stopPolls := context.WithCancel(ctx)
	defer stopPolls()
	var counting atomic.Bool // the window has started: count the pulls
	if cfg.LongPoll {
		for i, sim := range sims {
			polls.Add(1)
			go func() {
				defer polls.Done()
				counted := func() {
					if counting.Load() {
						pulls.Add(1)
					}
				}
				sim.longPoll(pollCtx, clients[i], cfg.Wait, watch, counted, func() { errs.Add(1) })
			}()
		}
		time.Sleep(pollSettle)
	}
	counting.Store(true)
	if cfg.CPUProfile != nil {
		if err := pprof.StartCPUProfile(cfg.CPUProfile); err != nil {
			return Result{}, err
		}
	}
	start, cpu0, pool0, sched0 := time.Now(), cpuTime(), db.PoolStats(), schedLatencies()
	end := start.Add(cfg.Duration)
	var wg gosync.WaitGroup
	if watch != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			until := end // long-polls go on until every probe arrived
			if !cfg.LongPoll {
				until = end.Add(-2 * cfg.PushEvery) // pulls stop at the end: the last probes need two rounds
			}
			watch.run(ctx, db, sims, cfg.ProbeEvery, until, func() { errs.Add(1) })
		}()
	}
	for i, sim := range sims {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := clients[i]
			rng := rand.New(rand.NewPCG(uint64(i), 42))
			// A terminal records events at Rate and pushes what it has
			// every PushEvery, or at once when the last push took longer:
			// as a Syncer does, a slow hub gets bigger batches, not more
			// requests.
			next := start.Add(time.Duration(rng.Int64N(int64(cfg.PushEvery))))
			// At the end, each pushes what it recorded until then, so
			// that the events applied are all those of the window.
			owed, accrued := 0.0, start
			for n, last := 1, false; ctx.Err() == nil && !last; n++ {
				count := cfg.Batch
				if cfg.Rate > 0 {
					if d := time.Until(next); d > 0 {
						time.Sleep(min(d, time.Until(end)))
					}
					now := time.Now()
					if last = !now.Before(end); last {
						now = end
					}
					owed += cfg.Rate * now.Sub(accrued).Seconds()
					accrued = now
					count = min(int(owed), wire.MaxPushEvents-len(sim.retry))
					owed -= float64(count)
					next = now.Add(cfg.PushEvery)
				} else if time.Now().After(end) {
					return
				}
				if count > 0 || len(sim.retry) > 0 {
					evs := append(sim.retry, sim.events(count)...)
					t0 := time.Now()
					r, err := c.push(ctx, evs)
					if !last { // the final flush is all terminals at once: not a working day's latency
						pushLat[i] = append(pushLat[i], time.Since(t0))
					}
					pushes.Add(1)
					if err != nil {
						errs.Add(1)
						sim.retry = evs // the same events again, as a terminal's outbox does
					} else {
						sim.retry = nil
						events.Add(int64(r.Applied))
						rejected.Add(int64(len(r.Rejections)))
					}
				}
				if n%cfg.PullEvery == 0 && !last && !cfg.LongPoll {
					t0 := time.Now()
					if err := sim.pullAll(ctx, c, watch); err != nil {
						errs.Add(1)
					}
					pullLat[i] = append(pullLat[i], time.Since(t0))
					pulls.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start) // the window and the last pushes' answers
	for grace := time.Now().Add(probeGrace); cfg.LongPoll && watch.waiting() && time.Now().Before(grace); {
		time.Sleep(10 * time.Millisecond)
	}
	stopPolls()
	polls.Wait()
	res.CPU = cpuTime() - cpu0
	sched := schedLatencies()
	res.SchedP50, res.SchedP99 = schedPercentile(sched0, sched, 0.50), schedPercentile(sched0, sched, 0.99)
	pool := db.PoolStats()
	res.PoolWaits, res.PoolWait = pool.WaitCount-pool0.WaitCount, pool.WaitDuration-pool0.WaitDuration
	if cfg.CPUProfile != nil {
		pprof.StopCPUProfile()
	}
	res.Events, res.Rejected, res.Pushes, res.Pulls, res.Errors = events.Load(), rejected.Load(), pushes.Load(), pulls.Load(), errs.Load()
	res.EventsPerSec = float64(res.Events) / res.Elapsed.Seconds()
	all := slices.Concat(pushLat...)
	res.PushP50, res.PushP99, res.PushMax = percentile(all, 0.50), percentile(all, 0.99), percentile(all, 1)
	res.PullP99 = percentile(slices.Concat(pullLat...), 0.99)
	watch.summary(&res)

	if cfg.FirstPull > 0 {
		fmt.Fprintf(cfg.Log, "importing %d orders for a new terminal's first pull…\n", cfg.FirstPull)
		if err := firstPull(ctx, db, url, run, cfg.FirstPull, &res); err != nil {
			return res, fmt.Errorf("first pull: %w", err)
		}
	}
	return res, nil
}

// pollSettle is how long the long-polls run before the clock starts: the
// answers to their first asks (what the terminals' first pushes changed)
// come and go.
const pollSettle = 2 * time.Second

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(float64(len(ds)-1) * p)
	return ds[i]
}

// sim is one simulated terminal: it claims, picks and completes its share
// of its location's orders, over and over.
type sim struct {
	location string
	token    string
	staff    int64 // the picker of its location
	orders   []string
	seq      int64
	step     int
	cursor   string
	retry    []core.Event // a batch whose push failed
}

// events returns the terminal's next n events.
func (s *sim) events(n int) []core.Event {
	evs := make([]core.Event, n)
	now := time.Now().UTC().Truncate(time.Millisecond)
	for i := range evs {
		s.seq++
		// Per order: claim, four picks, done.
		ref := s.orders[(s.step/6)%len(s.orders)]
		typ := core.EventPickItemPicked
		switch s.step % 6 {
		case 0:
			typ = core.EventPickClaimed
		case 5:
			typ = core.EventOrderPicked
		}
		s.step++
		evs[i] = core.Event{Seq: s.seq, ID: uuid.NewString(), Type: typ, OrderID: ref, StaffID: s.staff, At: now,
			Payload: []byte(`{"sku":"LT-1","bin":"A-01","qty":1}`)}
		evs[i].Hash = core.EventHash(evs[i]) // as a station sends it
	}
	return evs
}

func setUp(ctx context.Context, db *store.DB, run string, cfg Config) ([]*sim, error) {
	products := []core.Product{{SKU: "LT-1", Name: "Load test item", Codes: []string{"04000000000013"}}}
	if _, err := db.PutProducts(ctx, products); err != nil {
		return nil, err
	}
	pinHash, err := core.HashPIN("1234")
	if err != nil {
		return nil, err
	}
	perLoc := (cfg.Terminals + cfg.Locations - 1) / cfg.Locations
	var sims []*sim
	for l := 0; l < cfg.Locations; l++ {
		loc := fmt.Sprintf("LT-%s-%03d", run, l)
		if err := db.PutLocation(ctx, loc, "Load test "+loc); err != nil {
			return nil, err
		}
		if _, err := db.PutBins(ctx, loc, []core.Bin{{Code: "A-01", WalkSeq: 1}}); err != nil {
			return nil, err
		}
		if _, err := db.PutStock(ctx, loc, []core.StockRecord{{BinCode: "A-01", SKU: "LT-1", Qty: 100000}}); err != nil {
			return nil, err
		}
		if _, err := db.ImportOrders(ctx, orders(loc, cfg.Orders)); err != nil {
			return nil, err
		}
		picker, err := db.AddStaffHashed(ctx, loc, core.Staff{Name: "Load test picker", Badge: "LT-" + loc, Roles: []core.Role{core.RolePicker}}, pinHash)
		if err != nil {
			return nil, err
		}
		for k := 0; k < perLoc && len(sims) < cfg.Terminals; k++ {
			_, token, err := db.Enroll(ctx, loc, fmt.Sprintf("LT %d", k))
			if err != nil {
				return nil, err
			}
			s := &sim{location: loc, token: token, staff: picker.ID}
			for o := k; o < cfg.Orders; o += perLoc {
				s.orders = append(s.orders, fmt.Sprintf("%s-%05d", loc, o))
			}
			if len(s.orders) == 0 {
				s.orders = []string{fmt.Sprintf("%s-%05d", loc, 0)}
			}
			sims = append(sims, s)
		}
	}
	return sims, nil
}

func orders(loc string, n int) []wire.IngestOrder {
	out := make([]wire.IngestOrder, n)
	for i := range out {
		out[i] = wire.IngestOrder{Location: loc, Order: core.Order{
			ExternalID: fmt.Sprintf("%s-%05d", loc, i), Channel: "web",
			Customer:    core.Customer{Name: fmt.Sprintf("Customer %d", i)},
			ShipTo:      core.Address{Name: fmt.Sprintf("Customer %d", i), Line1: fmt.Sprintf("%d Load Street", i), City: "Leeds", PostalCode: "LS1 1AA", Country: "GB"},
			Fulfillment: core.FulfillShip, Service: "Standard",
			PromisedAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: time.Date(2029, 12, 31, 0, 0, 0, 0, time.UTC),
			Lines: []core.OrderLine{{SKU: "LT-1", Qty: 1 + i%3}, {SKU: "LT-1", Qty: 1}},
		}}
	}
	return out
}

// firstPull imports n orders at a new location and times a new terminal
// pulling all of them into a real local store.
func firstPull(ctx context.Context, db *store.DB, url, run string, n int, res *Result) error {
	loc := fmt.Sprintf("LT-%s-BIG", run)
	if err := db.PutLocation(ctx, loc, "Load test, first pull"); err != nil {
		return err
	}
	if _, err := db.PutBins(ctx, loc, []core.Bin{{Code: "A-01", WalkSeq: 1}}); err != nil {
		return err
	}
	all := orders(loc, n)
	for from := 0; from < n; from += 2000 {
		if _, err := db.ImportOrders(ctx, all[from:min(from+2000, n)]); err != nil {
			return err
		}
	}
	term, token, err := db.Enroll(ctx, loc, "New terminal")
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "stationhand-firstpull-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	local, err := sqlite.Open(ctx, filepath.Join(dir, "station.db"))
	if err != nil {
		return err
	}
	defer local.Close()
	if err := local.SetTerminal(ctx, term); err != nil {
		return err
	}
	c, err := sync.NewClient(url, token, sync.ClientOptions{})
	if err != nil {
		return err
	}
	t0 := time.Now()
	r, err := sync.Round(ctx, local, c, sync.RoundOptions{})
	if err != nil {
		return err
	}
	res.FirstPull = time.Since(t0)
	res.FirstPullOrders, res.FirstPullRecords = n, r.Pulled
	return nil
}
