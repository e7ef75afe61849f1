package loadtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	gosync "sync"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

// probes measures how long a change takes to be visible at the stations:
// now and then an order is ingested at a location, or cancelled, and each
// terminal of the location notes when a pull brings it.
type probes struct {
	mu      gosync.Mutex
	pending map[string]*probe // by external id and "+" or "-" (new, cancelled)
	done    []*probe
}

type probe struct {
	key      string
	at       time.Time // before the ingest that commits it
	want     int       // terminals at its location
	seen     []time.Duration
	terminal map[*sim]bool
}

func probeKey(externalID string, cancelled bool) string {
	if cancelled {
		return externalID + "-"
	}
	return externalID + "+"
}

// observe notes the probes a page brings to s.
func (p *probes) observe(s *sim, pg page) {
	cs := pg.Changes
	if p == nil || len(cs.Orders)+len(cs.CancelledOrders) == 0 {
		return
	}
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	note := func(key string) {
		pr := p.pending[key]
		if pr == nil || pr.terminal[s] {
			return
		}
		pr.terminal[s] = true
		pr.seen = append(pr.seen, now.Sub(pr.at))
		if len(pr.seen) == pr.want {
			delete(p.pending, key)
			p.done = append(p.done, pr)
		}
	}
	for _, o := range cs.Orders {
		note(probeKey(o.ExternalID, false))
	}
	for _, id := range cs.CancelledOrders {
		// A terminal that first hears of an order when it is already
		// cancelled has its creation too: it never sees it open.
		note(probeKey(id, false))
		note(probeKey(id, true))
	}
}

// run ingests a probe every `every` until end, alternately a new order at
// a random location and its cancellation.
func (p *probes) run(ctx context.Context, db *store.DB, sims []*sim, every time.Duration, end time.Time, errs func()) {
	byLoc := map[string]int{}
	var locs []string
	for _, s := range sims {
		if byLoc[s.location] == 0 {
			locs = append(locs, s.location)
		}
		byLoc[s.location]++
	}
	rng := rand.New(rand.NewPCG(7, 7))
	tick := time.NewTicker(every)
	defer tick.Stop()
	var last wire.IngestOrder
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if !time.Now().Before(end) {
			return
		}
		o := last
		if n%2 == 0 {
			loc := locs[rng.IntN(len(locs))]
			o = orders(loc, 1)[0]
			o.ExternalID = fmt.Sprintf("%s-P%05d", loc, n)
		} else {
			o.Status = core.OrderCancelled
		}
		last = o
		pr := &probe{key: probeKey(o.ExternalID, n%2 == 1), want: byLoc[o.Location], terminal: map[*sim]bool{}}
		p.mu.Lock()
		pr.at = time.Now()
		p.pending[pr.key] = pr
		p.mu.Unlock()
		if _, err := db.ImportOrders(ctx, []wire.IngestOrder{o}); err != nil {
			errs()
		}
	}
}

// probeGrace is how long after the window the terminals keep pulling for
// the probes they have not seen yet.
const probeGrace = 10 * time.Second

// waiting reports whether a probe has not reached every terminal yet.
func (p *probes) waiting() bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pending) > 0
}

// summary fills the visibility figures of res.
func (p *probes) summary(res *Result) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var each, every []time.Duration
	for _, pr := range p.done {
		each = append(each, pr.seen...)
		every = append(every, slices.Max(pr.seen))
	}
	for _, pr := range p.pending {
		each = append(each, pr.seen...)
		res.Unseen += pr.want - len(pr.seen)
	}
	res.Probes = len(p.done) + len(p.pending)
	res.VisibleP50, res.VisibleP99, res.VisibleMax = percentile(each, 0.5), percentile(each, 0.99), percentile(each, 1)
	res.EveryStationP99 = percentile(every, 0.99)
}

// longPoll is a terminal's pulling in LongPoll mode: one pull held open
// at a time, until end.
func (s *sim) longPoll(ctx context.Context, c *terminalClient, wait time.Duration, p *probes, pulls, errs func()) {
	for ctx.Err() == nil {
		page, err := c.pull(ctx, s.cursor, wait)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			errs()
			time.Sleep(100 * time.Millisecond)
			continue
		}
		pulls()
		s.cursor = page.Changes.Cursor
		p.observe(s, page)
		if page.More {
			if err := s.pullAll(ctx, c, p); err != nil && ctx.Err() == nil {
				errs()
			}
		}
	}
}
