// Package torture is the fault-injection loop behind Stationhand's
// durability promise: nothing a station confirmed, and nothing the hub
// acknowledged, is ever lost. For each seed it runs a real hub and several
// real stations as child processes of the test binary, connected through
// fault proxies on 127.0.0.1, makes them do warehouse work, and injects
// faults chosen by the seed (kill -9 of stations and of the hub, the hub's
// and a station's database rolled back to a backup taken while it ran, a
// bad network, clock skew). Then it heals everything and checks the
// invariants (see check_test.go).
//
// Short mode (what CI runs): 50 seeds. Long mode: make torture, or
//
//	go test ./sync/torture/ -run TestTorture -torture.seeds=1000 -timeout 4h
//
// One seed again: -torture.seed=N (a violation prints the command).
package torture_test

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	gosync "sync"
	"testing"
	"time"
)

var (
	flagSeeds = flag.Int("torture.seeds", envInt("STATIONHAND_TORTURE_SEEDS", 50), "how many seeds to run (env STATIONHAND_TORTURE_SEEDS)")
	flagFirst = flag.Uint64("torture.first", 1, "the first seed; seeds run are first, first+1, …")
	flagSeed  = flag.Uint64("torture.seed", 0, "run only this seed (reproduces a violation)")
	flagSkip  = flag.String("torture.skip", os.Getenv("STATIONHAND_TORTURE_SKIP"),
		"fault kinds not to inject, comma-separated (env STATIONHAND_TORTURE_SKIP); see faultKinds")
	flagUnfixed = flag.Bool("torture.unfixed", os.Getenv("STATIONHAND_TORTURE_UNFIXED") != "",
		"also inject the fault kinds listed in unfixedFaults, whose violations wait for fixes not yet merged (env STATIONHAND_TORTURE_UNFIXED=1; make torture sets it)")
	flagPG    = flag.Bool("torture.pg", false, "run the hub on PostgreSQL (the server $STATIONHAND_TEST_PG names; env STATIONHAND_TORTURE_PG=1)")
	flagSteps = flag.Int("torture.steps", 0, "fault steps per seed (0: the default for the mode)")
	flagKeep  = flag.Bool("torture.keep", false, "keep each seed's directory (databases, logs, child output) and print it")
	flagPar   = flag.Int("torture.parallel", 4, "seeds run at once, unless -test.parallel is given (a seed's processes mostly wait on each other)")
)

// childEnv makes the test binary run as a hub or a station process.
const childEnv = "STATIONHAND_TORTURE_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "hub":
		os.Exit(runHubChild())
	case "station":
		os.Exit(runStationChild())
	}
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", strconv.Itoa(*flagPar))
	}
	os.Exit(m.Run())
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// The kinds of fault the loop injects.
const (
	faultStationKill     = "station-kill"     // kill -9 of a station process, restarted a moment later
	faultHubKill         = "hub-kill"         // kill -9 of the hub process, restarted a moment later
	faultHubRollback     = "hub-rollback"     // the hub killed and its database restored from a backup taken while it ran
	faultStationRollback = "station-rollback" // a station killed and its database restored from a backup taken while it ran
	faultNetwork         = "network"          // a station's proxy drops, delays, duplicates and cuts connections
	faultPartition       = "partition"        // a station's proxy cuts everything for a while
	faultClockSkew       = "clock-skew"       // a process restarted with its clock hours off
)

var faultKinds = []string{faultStationKill, faultHubKill, faultHubRollback, faultStationRollback, faultNetwork, faultPartition, faultClockSkew}

// unfixedFaults are the fault kinds that still break the promise on main:
// the loop finds violations after each, so CI injects them only with
// -torture.unfixed. Remove a kind from this list when the loop is clean
// with it (make torture): from then on CI proves it. None is left (issue 9):
//
//   - hub-rollback left it when about 1 seed in 300 (3075, 3130) stopped
//     failing a pull with a FOREIGN KEY constraint: an order a full re-pull
//     moved back to open had its lines replaced under its pick tasks.
//   - station-rollback left it when seeds 5000-5299 and 7000-7299 ran clean
//     with every kind on, after three fixes for a station and the hub both
//     rolled back: a hole a renumbering left in the station's sequence
//     (5008, 3238: "29 follows 14" for ever), a claim the restored hub
//     lost that a full re-pull kept as "picking" (5043), and an SSCC a
//     restored station printed again before its first sync (5023).
var unfixedFaults = []string{}

// skipped returns the fault kinds not to inject: -torture.skip, and the
// unfixed ones unless -torture.unfixed.
func skipped(t testing.TB) map[string]bool {
	out := map[string]bool{}
	if !*flagUnfixed {
		for _, k := range unfixedFaults {
			out[k] = true
		}
	}
	for _, k := range strings.Split(*flagSkip, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		known := false
		for _, f := range faultKinds {
			known = known || f == k
		}
		if !known {
			t.Fatalf("-torture.skip: unknown fault kind %q (kinds: %s)", k, strings.Join(faultKinds, ", "))
		}
		out[k] = true
	}
	return out
}

// tally adds up what the seeds did, for the summary.
type tally struct {
	mu         gosync.Mutex
	seeds      int
	faults     map[string]int
	proxy      map[string]int64
	violations map[string]int // by kind
	failed     []uint64
}

func (t *tally) add(r *seedResult) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seeds++
	for k, n := range r.faults {
		t.faults[k] += n
	}
	for k, n := range r.proxy {
		t.proxy[k] += n
	}
	for _, v := range r.violations {
		t.violations[v.kind]++
	}
	if len(r.violations) > 0 {
		t.failed = append(t.failed, r.seed)
	}
}

func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "seeds run: %d\nfaults injected:", t.seeds)
	for _, k := range faultKinds {
		fmt.Fprintf(&b, " %s %d,", k, t.faults[k])
	}
	fmt.Fprintf(&b, "\nbackups taken: hub %d, station %d; checked: %d confirmed events, %d SSCCs, %d claimed orders; %d confirmed events excused (gone from the hub and the station both), %d orders differing from the hub under an open exception; %d SSCCs reused after their first package was lost everywhere",
		t.faults["hub-backup"], t.faults["station-backup"], t.faults["confirmed-checked"], t.faults["ssccs-checked"], t.faults["claims-checked"],
		t.faults["excused-loss"], t.faults["differs-with-exception"], t.faults["sscc-reused-after-total-loss"])
	if t.faults["stalled-steps"] > 0 {
		fmt.Fprintf(&b, "\nfault steps that waited in vain for the stations to work: %d", t.faults["stalled-steps"])
	}
	fmt.Fprintf(&b, "\nproxy faults: connections %d, dropped %d, duplicated %d, cut requests %d, cut responses %d, refused (partition) %d",
		t.proxy["connections"], t.proxy["dropped"], t.proxy["duplicated"], t.proxy["cut-request"], t.proxy["cut-response"], t.proxy["refused"])
	kinds := make([]string, 0, len(t.violations))
	total := 0
	for k, n := range t.violations {
		kinds = append(kinds, k)
		total += n
	}
	sort.Strings(kinds)
	fmt.Fprintf(&b, "\nviolations: %d", total)
	for _, k := range kinds {
		fmt.Fprintf(&b, ", %s %d", k, t.violations[k])
	}
	if len(t.failed) > 0 {
		sort.Slice(t.failed, func(i, j int) bool { return t.failed[i] < t.failed[j] })
		fmt.Fprintf(&b, "\nseeds with violations: %v", t.failed)
	}
	return b.String()
}

// faultList lists a seed's faults, for reading a violation.
func (r *seedResult) faultList() string {
	var parts []string
	for _, k := range faultKinds {
		if r.faults[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, r.faults[k]))
		}
	}
	return strings.Join(parts, ", ")
}

// TestTorture runs the seeds, -torture.parallel at a time, and prints
// what they did.
func TestTorture(t *testing.T) {
	skip := skipped(t)
	seeds := make([]uint64, 0, *flagSeeds)
	if *flagSeed != 0 {
		seeds = append(seeds, *flagSeed)
	} else {
		for i := 0; i < *flagSeeds; i++ {
			seeds = append(seeds, *flagFirst+uint64(i))
		}
	}
	total := &tally{faults: map[string]int{}, proxy: map[string]int64{}, violations: map[string]int{}}
	start := time.Now()
	tp, err := makeTemplate(t, t.TempDir(), ordersPerLocation)
	if err != nil {
		t.Fatalf("seed the template hub: %v", err)
	}
	t.Run("seeds", func(t *testing.T) {
		for _, seed := range seeds {
			t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
				t.Parallel()
				r := runSeed(t, tp, seed, skip)
				total.add(r)
				for _, v := range r.violations {
					t.Errorf("seed %d: VIOLATION %s: %s", seed, v.kind, v.text)
				}
				if len(r.violations) > 0 {
					t.Errorf("seed %d: faults injected in this seed: %s", seed, r.faultList())
					t.Errorf("seed %d: reproduce with: go test ./sync/torture/ -run 'TestTorture$' -torture.seed=%d -v%s", seed, seed, skipArg())
				}
			})
		}
	})
	t.Logf("torture summary (%s):\n%s", time.Since(start).Round(time.Millisecond), total)
	if checked := total.faults["confirmed-checked"]; checked < 10*total.seeds {
		t.Errorf("the stations confirmed only %d events in %d seeds: faults that meet no work prove nothing", checked, total.seeds)
	}
	if len(skip) > 0 {
		var off []string
		for _, k := range faultKinds {
			if skip[k] {
				off = append(off, k)
			}
		}
		t.Logf("fault kinds NOT injected: %s (-torture.skip=%q; unfixed kinds %v need -torture.unfixed)", strings.Join(off, ", "), *flagSkip, unfixedFaults)
	}
}

func skipArg() string {
	arg := ""
	if usePostgres() {
		arg += " -torture.pg"
	}
	if *flagUnfixed {
		arg += " -torture.unfixed"
	}
	if *flagSkip != "" {
		arg += " -torture.skip=" + *flagSkip
	}
	return arg
}
