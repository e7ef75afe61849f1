package torture_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/internal/faultproxy"
)

var ctx = context.Background()

// violation is an invariant a seed broke.
type violation struct{ kind, text string }

// seedResult is what one seed did and found.
type seedResult struct {
	seed       uint64
	faults     map[string]int
	proxy      map[string]int64
	violations []violation
	settle     time.Duration // how long the stations took to settle
}

func (r *seedResult) violate(kind, format string, args ...any) {
	r.violations = append(r.violations, violation{kind, fmt.Sprintf(format, args...)})
}

// world is one seed's hub and stations.
type world struct {
	t       testing.TB
	seed    uint64
	rng     *rand.Rand
	skip    map[string]bool
	dir     string
	orders  int // per location
	hub     *hubProc
	hubDB   hubDB
	st      []*stationProc
	res     *seedResult
	excused map[string]string // event id -> why its loss is not the system's fault
	// rolledAway holds the confirmed events a station rollback took from
	// their station.
	rolledAway map[string]bool

	worked        map[int]int // lines in each station's log at the last fault step
	hubBackup     string      // path of the hub's last backup, "" before the first
	stationBackup map[int]string

	// plant, when set, damages the stopped hub's database before the
	// check: the checker's own test plants the bugs it must find.
	plant func(w *world)
}

// Each seed: two stations at L1 (competing for the same orders), one at L2.
var stationLocations = []string{"L1", "L1", "L2"}

func runSeed(t *testing.T, tp *template, seed uint64, skip map[string]bool) *seedResult {
	return runSeedPlanted(t, tp, seed, skip, *flagSteps, nil)
}

// runSeedPlanted runs a seed of steps fault steps (0: the mode's default),
// with plant run on the stopped hub before the check.
func runSeedPlanted(t *testing.T, tp *template, seed uint64, skip map[string]bool, steps int, plant func(*world)) *seedResult {
	dir := t.TempDir()
	if *flagKeep {
		dir, _ = os.MkdirTemp("", fmt.Sprintf("torture-%d-", seed))
		t.Logf("seed %d: files in %s", seed, dir)
	}
	w := &world{t: t, seed: seed, rng: rand.New(rand.NewPCG(seed, 0x70127)), skip: skip, dir: dir, orders: ordersPerLocation,
		res:     &seedResult{seed: seed, faults: map[string]int{}, proxy: map[string]int64{}},
		excused: map[string]string{}, rolledAway: map[string]bool{}, stationBackup: map[int]string{}, plant: plant}
	defer w.stopAll()
	began := time.Now()
	if err := w.setUp(tp); err != nil {
		t.Fatalf("seed %d: set up: %v", seed, err)
	}
	if steps <= 0 {
		steps = 14
		if raceEnabled {
			steps = 4 // a hub kill costs every station a full re-pull, slow under the race detector
		}
	}
	setUp := time.Since(began)
	w.injectFaults(steps)
	faulted := time.Since(began)
	w.heal()
	w.check()
	t.Logf("seed %d: set up %s, faults until %s, settled in %s, checked at %s", seed, setUp.Round(time.Millisecond),
		faulted.Round(time.Millisecond), w.res.settle.Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
	return w.res
}

// template is a seeded hub with its enrolled stations' databases, made
// once per test process and copied for each seed: seeding and enrolling
// cost more than a seed's faults.
type template struct {
	dir      string
	stations []*stationProc // the enrolment of each station; paths are file names in dir
}

// ordersPerLocation is how many orders each location starts with.
const ordersPerLocation = 20

func makeTemplate(t testing.TB, dir string, orders int) (*template, error) {
	stations, err := seedHub(t, filepath.Join(dir, "hub.db"), dir, orders)
	return &template{dir: dir, stations: stations}, err
}

// seedHub seeds the hub database at dsn with two locations, enrols the
// stations there and makes their databases in dir.
func seedHub(t testing.TB, dsn, dir string, orders int) ([]*stationProc, error) {
	var stations []*stationProc
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	hubtest.Seed(t, db, "L1", orders)
	hubtest.Seed(t, db, "L2", orders)
	for i, loc := range stationLocations {
		name := fmt.Sprintf("S%d", i+1)
		term, token, err := db.Enroll(ctx, loc, name)
		if err != nil {
			return nil, err
		}
		staff, err := db.Staff(ctx, loc)
		if err != nil || len(staff) == 0 {
			return nil, fmt.Errorf("no staff at %s: %v", loc, err)
		}
		if err := enrolStation(filepath.Join(dir, name+".db"), term, i+1); err != nil {
			return nil, err
		}
		stations = append(stations, &stationProc{n: i + 1, name: name, loc: loc, id: term.ID, token: token, staff: staff[0].ID,
			path: filepath.Join(dir, name+".db")})
	}
	return stations, nil
}

// copyDB copies a closed SQLite database with its WAL, if any.
func copyDB(from, to string) error {
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(from + suffix)
		if os.IsNotExist(err) && suffix != "" {
			continue
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// setUp copies the template's hub and stations (on PostgreSQL: seeds a
// new schema and enrols new stations) and starts every process.
func (w *world) setUp(tp *template) error {
	w.hub = &hubProc{dsn: filepath.Join(w.dir, "hub.db"), errPath: filepath.Join(w.dir, "hub.stderr")}
	if usePostgres() {
		pg, err := newPostgresHub(w.t)
		if err != nil {
			return err
		}
		w.hub.dsn, w.hubDB = pg.dsn, pg
		stations, err := seedHub(w.t, pg.dsn, w.dir, w.orders)
		if err != nil {
			return err
		}
		for _, s := range stations {
			s.logPath = filepath.Join(w.dir, s.name+".confirmed")
			s.errPath = filepath.Join(w.dir, s.name+".stderr")
			w.st = append(w.st, s)
		}
	} else {
		w.hubDB = sqliteHub{w.hub.dsn}
		if err := copyDB(filepath.Join(tp.dir, "hub.db"), w.hub.dsn); err != nil {
			return err
		}
		for _, ts := range tp.stations {
			s := *ts
			s.path = filepath.Join(w.dir, s.name+".db")
			s.logPath = filepath.Join(w.dir, s.name+".confirmed")
			s.errPath = filepath.Join(w.dir, s.name+".stderr")
			if err := copyDB(ts.path, s.path); err != nil {
				return err
			}
			w.st = append(w.st, &s)
		}
	}
	w.hub.clock = w.skew("hub")
	if err := w.hub.start(); err != nil {
		return err
	}
	for _, s := range w.st {
		var err error
		if s.proxy, err = faultproxy.New(w.hub.addr, w.seed*10+uint64(s.n)); err != nil {
			return err
		}
		s.clock = w.skew(s.name)
		if err := s.start(w.seed, w.orders); err != nil {
			return err
		}
	}
	return nil
}

// enrolStation makes the station's database as `stationhand enroll` and a
// supervisor's set-up would: its identity, its own SSCC range, ship-from.
func enrolStation(path string, term core.Terminal, n int) error {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetTerminal(ctx, term); err != nil {
		return err
	}
	r, err := sscc.ForTerminal("0614141", 0, n)
	if err != nil {
		return err
	}
	if err := db.SetSSCCRange(ctx, r); err != nil {
		return err
	}
	return db.SetShipSettings(ctx, core.ShipSettings{
		ShipFrom: core.Address{Name: "Torture Warehouse", Line1: "1 Dock Road", City: "Leeds", PostalCode: "LS1 1AA", Country: "GB"},
		Carrier:  "DPD", ReturnURL: "https://example.com/returns",
	})
}

// skew returns a clock offset for a process (re)starting: often none,
// sometimes hours either way.
func (w *world) skew(who string) time.Duration {
	if w.skip[faultClockSkew] || w.rng.IntN(100) < 50 {
		return 0
	}
	w.res.faults[faultClockSkew]++
	return time.Duration(w.rng.IntN(6*60)-3*60) * time.Minute
}

// stopAll kills whatever still runs and closes the proxies.
func (w *world) stopAll() {
	for _, s := range w.st {
		s.kill()
		if s.proxy != nil {
			st := s.proxy.Stats()
			w.res.proxy["connections"] += st.Connections
			w.res.proxy["dropped"] += st.Dropped
			w.res.proxy["duplicated"] += st.Duplicated
			w.res.proxy["cut-request"] += st.CutRequests
			w.res.proxy["cut-response"] += st.CutResponses
			w.res.proxy["refused"] += st.Refused
			s.proxy.Close()
			s.proxy = nil
		}
	}
	if w.hub != nil {
		w.hub.kill()
	}
}
