package torture_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/internal/faultproxy"
)

// settleRounds bounds the rounds a station may need, once the faults
// stopped, to push everything it holds and to see what the hub sees: each
// pass over the stations (pushes first, then everyone's pulls) gives each
// station at most this many.
const settleRounds = 6

// heal stops the faults: the network is repaired, the stations stop
// working (killed like the rest), the hub runs.
func (w *world) heal() {
	for _, s := range w.st {
		s.proxy.SetFaults(faultproxy.Faults{})
		if err := s.kill(); err != nil {
			w.res.violate("station-exit", "%v", err)
		}
	}
	if w.hub.cmd == nil {
		w.restartHub()
	}
}

// check settles the stations, then checks every invariant.
func (w *world) check() {
	if w.hub.cmd == nil {
		return // reported: the hub would not start
	}
	began := time.Now()
	stations := w.settle()
	w.res.settle = time.Since(began)
	defer func() {
		for _, db := range stations {
			if db != nil {
				db.Close()
			}
		}
	}()
	w.hub.kill()
	if w.plant != nil {
		w.plant(w)
	}
	hub, err := store.Open(ctx, w.hub.dsn)
	if err != nil {
		w.res.violate("hub-open", "the hub's database does not open after the run: %v", err)
		return
	}
	defer hub.Close()
	held := map[string][]store.HeldEvent{} // by event id
	for _, s := range w.st {
		evs, err := hub.Events(ctx, s.id, 0, 0)
		if err != nil {
			w.t.Fatalf("seed %d: %v", w.seed, err)
		}
		for _, ev := range evs {
			held[ev.ID] = append(held[ev.ID], ev)
		}
	}
	w.checkConfirmed(held)
	w.checkSSCCs(held)
	w.checkClaims(held)
	for i, s := range w.st {
		if stations[i] != nil {
			w.checkConverged(hub, s, stations[i])
		}
	}
}

// settle runs the station's own sync rounds (the Syncer's, straight to the
// hub) until each has pushed everything and pulled everyone's work.
func (w *world) settle() []*sqlite.DB {
	dbs := make([]*sqlite.DB, len(w.st))
	syncers := make([]*sync.Syncer, len(w.st))
	for i, s := range w.st {
		db, err := sqlite.Open(ctx, s.path)
		if err != nil {
			w.res.violate("station-open", "station %s does not open after the run: %v", s.name, err)
			continue
		}
		client, err := sync.NewClient("http://"+w.hub.addr, s.token, sync.ClientOptions{Timeout: 10 * time.Second})
		if err != nil {
			w.t.Fatal(err)
		}
		dbs[i] = db
		syncers[i] = sync.NewSyncer(db, client, sync.Config{Round: sync.RoundOptions{PushBatch: 50, PageLen: 100}})
	}
	stuck := map[int]bool{}
	for pass := 0; pass < 2; pass++ {
		for i, s := range w.st {
			if dbs[i] == nil || stuck[i] {
				continue
			}
			var err error
			pending := -1
			for round := 0; round < settleRounds; round++ {
				if _, err = syncers[i].SyncOnce(ctx); err == nil {
					if pending, _, err = dbs[i].OutboxStats(ctx); err == nil && pending == 0 {
						break
					}
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err != nil || pending != 0 {
				stuck[i] = true
				w.res.violate("converge", "station %s did not converge in %d rounds after the faults stopped (pass %d): %d events pending, last error: %v",
					s.name, settleRounds, pass+1, pending, err)
			}
		}
	}
	return dbs
}

// checkConfirmed checks that every event a station confirmed is in the hub
// exactly once with the same content, and that the hub holds no event
// twice.
func (w *world) checkConfirmed(held map[string][]store.HeldEvent) {
	for _, s := range w.st {
		confirmed, err := readConfirmLog(s.logPath)
		if err != nil {
			w.t.Fatalf("seed %d: %v", w.seed, err)
		}
		var lost []string
		w.res.faults["confirmed-checked"] += len(confirmed)
		for _, c := range confirmed {
			hs := held[c.ID]
			switch {
			case len(hs) == 0 && w.excused[c.ID] != "":
				w.res.faults["excused-loss"]++
			case len(hs) == 0:
				lost = append(lost, fmt.Sprintf("%d %s %s", c.Seq, c.Type, c.Order))
			case len(hs) > 1:
				w.res.violate("duplicate", "station %s: event %s (%s, seq %d) is at the hub %d times", s.name, c.ID, c.Type, c.Seq, len(hs))
			default:
				if diff := c.sameContent(hs[0].Event); diff != "" {
					w.res.violate("changed", "station %s: event %s (seq %d) differs at the hub: %s", s.name, c.ID, c.Seq, diff)
				}
				if hs[0].Terminal != s.id {
					w.res.violate("changed", "station %s: event %s is at the hub under terminal %s", s.name, c.ID, hs[0].Terminal)
				}
			}
		}
		if len(lost) > 0 {
			w.res.violate("lost", "station %s: %d of %d confirmed events are not at the hub, e.g. %s",
				s.name, len(lost), len(confirmed), strings.Join(lost[:min(3, len(lost))], "; "))
		}
	}
	for id, hs := range held {
		if len(hs) > 1 {
			w.res.violate("duplicate", "the hub holds event %s %d times (seqs %d and %d)", id, len(hs), hs[0].Seq, hs[1].Seq)
		}
	}
}

// checkSSCCs checks that no SSCC went on two packages: across everything
// the stations confirmed (printed labels), and across what the hub holds.
func (w *world) checkSSCCs(held map[string][]store.HeldEvent) {
	type use struct{ station, event, order string }
	seen := map[string]use{}
	note := func(from string, station, id, order string, payload []byte) {
		var p struct {
			SSCC string `json:"sscc"`
		}
		if json.Unmarshal(payload, &p) != nil || p.SSCC == "" {
			return
		}
		if u, ok := seen[p.SSCC]; ok && u.event != id && (w.excused[u.event] != "" || w.excused[id] != "") {
			// The package that had it first is known to no one any more
			// (its record went with a station's disk before the hub had
			// it): nothing could have told the station it was used.
			w.res.faults["sscc-reused-after-total-loss"]++
			return
		} else if ok && u.event != id {
			w.res.violate("sscc", "SSCC %s is on two packages: order %s at %s (event %s) and order %s at %s (event %s, %s)",
				p.SSCC, u.order, u.station, u.event, order, station, id, from)
			return
		}
		seen[p.SSCC] = use{station, id, order}
	}
	for _, s := range w.st {
		confirmed, _ := readConfirmLog(s.logPath)
		for _, c := range confirmed {
			if c.Type == core.EventPackPackageClosed {
				note("confirmed", s.name, c.ID, c.Order, c.Payload)
			}
		}
	}
	for id, hs := range held {
		for _, h := range hs {
			if h.Type == core.EventPackPackageClosed && !h.Rejected {
				note("at the hub", w.name(h.Terminal), id, h.OrderID, h.Payload)
			}
		}
	}
	w.res.faults["ssccs-checked"] += len(seen)
}

// checkClaims checks that the hub let at most one terminal claim each
// order (nothing here releases a claim), and that the claimant it names is
// that terminal.
func (w *world) checkClaims(held map[string][]store.HeldEvent) {
	claimants := map[string]map[string]bool{}
	for _, hs := range held {
		for _, h := range hs {
			if h.Type != core.EventPickClaimed || h.Rejected {
				continue
			}
			for _, ref := range strings.Split(h.OrderID, ",") {
				if claimants[ref] == nil {
					claimants[ref] = map[string]bool{}
				}
				claimants[ref][h.Terminal] = true
			}
		}
	}
	for ref, terms := range claimants {
		if len(terms) > 1 {
			var names []string
			for id := range terms {
				names = append(names, w.name(id))
			}
			sort.Strings(names)
			w.res.violate("claim", "order %s was claimed at the hub by %d terminals: %s", ref, len(terms), strings.Join(names, ", "))
		}
	}
	w.res.faults["claims-checked"] += len(claimants)
}

func (w *world) name(terminalID string) string {
	for _, s := range w.st {
		if s.id == terminalID {
			return s.name
		}
	}
	return terminalID
}

// checkConverged checks that a settled station sees its location as the
// hub does: the same orders, each in the same state, nothing pending.
func (w *world) checkConverged(hub *store.DB, s *stationProc, db *sqlite.DB) {
	states, err := hub.OrderStates(ctx, s.loc)
	if err != nil {
		w.t.Fatalf("seed %d: %v", w.seed, err)
	}
	counts, err := db.Counts(ctx)
	if err != nil {
		w.res.violate("converge", "station %s: %v", s.name, err)
		return
	}
	if counts["orders"] != len(states) {
		w.res.violate("converge", "station %s holds %d orders, the hub %d at %s", s.name, counts["orders"], len(states), s.loc)
	}
	if counts["events_pending"] != 0 {
		w.res.violate("converge", "station %s: %d events still pending", s.name, counts["events_pending"])
	}
	// An order whose work here the hub refused (claimed first elsewhere,
	// cancelled) stays as the station left it until a person follows the
	// exception it raised: that is the hub's word, shown.
	told := map[string]bool{}
	exceptions, err := db.OpenExceptions(ctx)
	if err != nil {
		w.res.violate("converge", "station %s: %v", s.name, err)
	}
	for _, e := range exceptions {
		told[e.OrderRef] = true
	}
	var differ []string
	for _, st := range states {
		o, err := db.Order(ctx, st.ExternalID)
		if err != nil {
			differ = append(differ, fmt.Sprintf("%s missing (%v)", st.ExternalID, err))
			continue
		}
		if o.Status != st.Status && told[st.ExternalID] {
			w.res.faults["differs-with-exception"]++
		} else if o.Status != st.Status {
			differ = append(differ, fmt.Sprintf("%s is %s here, %s at the hub (claimed by %s)", st.ExternalID, o.Status, st.Status, w.name(st.ClaimedBy)))
		}
	}
	if len(differ) > 0 {
		w.res.violate("converge", "station %s sees %d orders of %s otherwise than the hub: %s", s.name, len(differ), s.loc,
			strings.Join(differ[:min(4, len(differ))], "; "))
	}
}
