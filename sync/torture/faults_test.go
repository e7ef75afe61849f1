package torture_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/stationhand/stationhand/sync/internal/faultproxy"
)

// injectFaults lets the stations work while it strikes steps times, at
// random moments, with faults the seed chooses.
func (w *world) injectFaults(steps int) {
	type fault struct {
		kind   string
		weight int
		do     func()
	}
	all := []fault{
		{faultStationKill, 20, w.killStation},
		{faultHubKill, 10, w.killHub},
		{faultHubRollback, 14, w.rollBackHub},
		{faultStationRollback, 12, w.rollBackStation},
		{faultNetwork, 18, w.badNetwork},
		{faultPartition, 8, w.partition},
		{"heal", 10, w.healOne},
	}
	var enabled []fault
	sum := 0
	for _, f := range all {
		if !w.skip[f.kind] {
			enabled = append(enabled, f)
			sum += f.weight
		}
	}
	// Each step waits for the stations to get some work done, however
	// slow the machine (the race detector, a loaded CI runner), then
	// strikes a random moment later.
	w.awaitWork(1, time.Minute)
	for i := 0; i < steps && !w.broken(); i++ {
		w.awaitWork(workPerStep, 20*time.Second)
		time.Sleep(time.Duration(w.rng.IntN(120)) * time.Millisecond)
		r := w.rng.IntN(sum)
		for _, f := range enabled {
			if r -= f.weight; r < 0 {
				f.do()
				break
			}
		}
	}
}

// workPerStep is how many events the stations confirm, together, between
// two fault steps.
const workPerStep = 8

// awaitWork waits until the stations have confirmed n more events than at
// the last call (or, the first time, until each has confirmed n), for at
// most timeout; a step that times out is counted as stalled.
func (w *world) awaitWork(n int, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	first := w.worked == nil
	if first {
		w.worked = map[int]int{}
	}
	for {
		total, least, done := 0, -1, map[int]int{}
		for _, s := range w.st {
			lines := countLines(s.logPath)
			done[s.n] = lines
			total += lines - w.worked[s.n]
			if least < 0 || lines < least {
				least = lines
			}
		}
		if (first && least >= n) || (!first && total >= n) {
			w.worked = done
			return
		}
		if time.Now().After(deadline) {
			w.res.faults["stalled-steps"]++
			w.worked = done
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func countLines(path string) int {
	b, _ := os.ReadFile(path)
	return bytes.Count(b, []byte("\n"))
}

// broken reports whether the hub could not be started again: nothing
// more can be learnt from this seed.
func (w *world) broken() bool { return w.hub.cmd == nil }

func (w *world) station() *stationProc { return w.st[w.rng.IntN(len(w.st))] }

// restartStation starts a killed station again, with its clock maybe off.
func (w *world) restartStation(s *stationProc) {
	if err := s.kill(); err != nil {
		w.res.violate("station-exit", "%v", err)
	}
	time.Sleep(time.Duration(w.rng.IntN(30)) * time.Millisecond)
	s.clock = w.skew(s.name)
	if err := s.start(w.seed, w.orders); err != nil {
		w.res.violate("station-start", "%v", err)
	}
}

func (w *world) killStation() {
	w.res.faults[faultStationKill]++
	w.restartStation(w.station())
}

// restartHub starts the killed hub again and points the proxies at it.
func (w *world) restartHub() {
	w.hub.clock = w.skew("hub")
	if err := w.hub.start(); err != nil {
		w.res.violate("hub-start", "%v", err)
		return
	}
	for _, s := range w.st {
		s.proxy.SetTarget(w.hub.addr)
	}
}

func (w *world) killHub() {
	w.res.faults[faultHubKill]++
	w.hub.kill()
	time.Sleep(time.Duration(w.rng.IntN(30)) * time.Millisecond)
	w.restartHub()
}

// rollBackHub backs the hub up while it runs the first time it is
// chosen (and now and then after), and otherwise kills it and restores
// its last backup, as after a disk lost in the data centre.
func (w *world) rollBackHub() {
	if w.hubBackup == "" || w.rng.IntN(3) == 0 {
		path := filepath.Join(w.dir, "hub.backup")
		if err := w.hubDB.backup(path); err != nil {
			w.t.Fatalf("seed %d: %v", w.seed, err)
		}
		w.hubBackup = path
		w.res.faults["hub-backup"]++
		return
	}
	w.res.faults[faultHubRollback]++
	w.hub.kill()
	// What the backup lacks is gone from the hub. A station must send it
	// again, unless a rollback of its own took it from the station too:
	// then no disk holds it any more, and nothing could bring it back.
	// (What the station's software itself deleted is not excused.)
	if err := w.hubDB.restore(w.hubBackup); err != nil {
		w.t.Fatalf("seed %d: %v", w.seed, err)
	}
	held, err := w.hubDB.eventIDs()
	if err != nil {
		w.t.Fatalf("seed %d: %v", w.seed, err)
	}
	for _, s := range w.st {
		for _, c := range w.confirmed(s) {
			if !held[c.ID] && w.rolledAway[c.ID] && w.excused[c.ID] == "" {
				w.excused[c.ID] = fmt.Sprintf("station %s lost it to a rollback, and the hub was restored from a backup without it", s.name)
			}
		}
	}
	w.restartHub()
}

// rollBackStation does to a station what rollBackHub does to the hub.
func (w *world) rollBackStation() {
	s := w.station()
	if w.stationBackup[s.n] == "" || w.rng.IntN(3) == 0 {
		path := filepath.Join(w.dir, s.name+".backup")
		// Whatever the station confirmed before the backup began is in it,
		// unless the station's software deleted it.
		before := len(w.confirmed(s))
		if err := backup(s.path, path); err != nil {
			w.t.Fatalf("seed %d: %v", w.seed, err)
		}
		w.stationBackup[s.n] = path
		s.confirmedBeforeBackup = before
		w.res.faults["station-backup"]++
		return
	}
	w.res.faults[faultStationRollback]++
	if err := s.kill(); err != nil {
		w.res.violate("station-exit", "%v", err)
	}
	kept, err := stationEventIDs(w.stationBackup[s.n])
	if err != nil {
		w.t.Fatalf("seed %d: %v", w.seed, err)
	}
	atHub, err := w.hubDB.eventIDs()
	if err != nil {
		w.t.Fatalf("seed %d: %v", w.seed, err)
	}
	// What the station confirmed after the backup began and the backup
	// lacks is gone from the station; if the hub does not hold it either,
	// no disk does.
	for i, c := range w.confirmed(s) {
		if i < s.confirmedBeforeBackup || kept[c.ID] {
			continue
		}
		w.rolledAway[c.ID] = true
		if !atHub[c.ID] && w.excused[c.ID] == "" {
			w.excused[c.ID] = fmt.Sprintf("station %s was restored from a backup without it before the hub had it", s.name)
		}
	}
	if err := restore(s.path, w.stationBackup[s.n]); err != nil {
		w.t.Fatalf("seed %d: %v", w.seed, err)
	}
	s.clock = w.skew(s.name)
	if err := s.start(w.seed, w.orders); err != nil {
		w.res.violate("station-start", "%v", err)
	}
}

// confirmed returns what station s has confirmed so far, in order.
func (w *world) confirmed(s *stationProc) []confirmed {
	cs, err := readConfirmLog(s.logPath)
	if err != nil {
		w.t.Fatalf("seed %d: %v", w.seed, err)
	}
	return cs
}

func (w *world) badNetwork() {
	w.res.faults[faultNetwork]++
	w.station().proxy.SetFaults(faultproxy.Faults{
		Drop: w.rng.Float64() * 0.3, Duplicate: w.rng.Float64() * 0.5,
		CutRequest: w.rng.Float64() * 0.3, CutResponse: w.rng.Float64() * 0.3,
		Delay: time.Duration(w.rng.IntN(4)) * time.Millisecond,
	})
}

func (w *world) partition() {
	w.res.faults[faultPartition]++
	w.station().proxy.SetFaults(faultproxy.Faults{Down: true})
}

func (w *world) healOne() { w.station().proxy.SetFaults(faultproxy.Faults{}) }
