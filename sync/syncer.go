package sync

import (
	"context"
	"errors"
	"math/rand/v2"
	gosync "sync"
	"sync/atomic"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// Status is what a terminal shows about its connection to the hub at a
// glance. It is a value: safe to keep and compare.
type Status struct {
	Online      bool      // the last round reached the hub
	Syncing     bool      // a round is running now
	Pending     int       // events waiting to be pushed
	LastSync    time.Time // end of the last successful round; zero if none yet
	LastAttempt time.Time
	NextAttempt time.Time // when the loop tries next, if nothing kicks it
	LastError   string    // for a person; "" after a successful round
	LastErr     error     // the error LastError describes, for a screen to word it in the reader's language
	Progress    Progress  // of the round running now
}

// Config tunes a Syncer; zero values take the defaults.
type Config struct {
	Interval   time.Duration // between rounds when all is well; default 30 s
	MinBackoff time.Duration // first wait after a failure; default 1 s
	MaxBackoff time.Duration // longest wait while the hub is unreachable; default 2 min
	// ProbeEvery is how often, while the hub is unreachable, a cheap
	// health check asks whether it is back (a hub that can be probed
	// only); when it answers, a round runs at once instead of after the
	// backoff. Default 3 s.
	ProbeEvery time.Duration
	Round      RoundOptions
	// LongPoll is how long each pull held open while the station is idle
	// asks the hub to wait for news (idle.go); default
	// wire.DefaultPullWait, negative: never long-poll, pull every
	// Interval instead (as the station does with a hub that does not
	// long-poll).
	LongPoll time.Duration
	// LongPollRetry is how long a station that found its hub without
	// long-poll polls on its timer before it offers a long-poll again (the
	// hub may have been upgraded meanwhile); default 10 minutes.
	LongPollRetry time.Duration
	// Rand returns a number in [0, 1) for the backoff's jitter; tests fix it.
	Rand func() float64
	// Now is the clock; tests replace it.
	Now func() time.Time
	// AfterRound, if set, runs after each successful round, on the
	// Syncer's goroutine: work that what a pull brought makes due (a
	// carrier label bought after packing prints by itself).
	AfterRound func(ctx context.Context, res RoundResult)
}

func (c *Config) defaults() {
	if c.Interval <= 0 {
		c.Interval = 30 * time.Second
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 2 * time.Minute
	}
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = c.MinBackoff
	}
	if c.Rand == nil {
		c.Rand = rand.Float64
	}
	if c.ProbeEvery <= 0 {
		c.ProbeEvery = 3 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.LongPoll == 0 {
		c.LongPoll = wire.DefaultPullWait
	}
	if c.LongPollRetry <= 0 {
		c.LongPollRetry = 10 * time.Minute
	}
}

// Syncer keeps a terminal in step with the hub: a round on every local
// change (Notify) and every Interval, and, while the hub is unreachable,
// retries with exponential backoff and jitter (so a store full of
// terminals coming back online does not hit the hub at the same instant).
// Its status is safe to read from any goroutine.
type Syncer struct {
	local LocalStore
	hub   Hub
	cfg   Config

	kick  chan struct{}
	now   chan struct{} // SyncNow: a round at once, even while backing off
	round gosync.Mutex  // one round at a time

	mu     gosync.Mutex
	status Status
	subs   map[chan Status]struct{}

	// pollUntil (Unix nanoseconds): the hub answered a long-poll at once,
	// without saying it waits (a hub older than long-poll); until then the
	// station polls on its timer.
	pollUntil atomic.Int64
}

// NewSyncer returns a Syncer of local with hub. Call Run to start it.
func NewSyncer(local LocalStore, hub Hub, cfg Config) *Syncer {
	cfg.defaults()
	s := &Syncer{local: local, hub: hub, cfg: cfg, kick: make(chan struct{}, 1), now: make(chan struct{}, 1), subs: map[chan Status]struct{}{}}
	return s
}

// Notify tells the Syncer something changed locally. It never blocks: while
// the hub is reachable a round starts at once (after the running one);
// while it is not, the pending count is refreshed and the backoff decides.
func (s *Syncer) Notify() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// SyncNow asks for a round at once, even while the hub is unreachable and
// the loop backs off (a person pressed "sync now"). It never blocks.
func (s *Syncer) SyncNow() {
	select {
	case s.now <- struct{}{}:
	default:
	}
}

// Prober is a hub that answers a cheap health check.
type Prober interface {
	Health(ctx context.Context) (wire.Health, error)
}

// Status returns the current status.
func (s *Syncer) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Subscribe returns a channel that receives the status whenever it changes
// (only the latest one if the reader is slow), and a function to stop.
func (s *Syncer) Subscribe() (<-chan Status, func()) {
	ch := make(chan Status, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	ch <- s.status
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}
}

// update changes the status under the lock and tells subscribers.
func (s *Syncer) update(fn func(st *Status)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(&s.status)
	for ch := range s.subs {
		select {
		case <-ch: // drop the stale value
		default:
		}
		ch <- s.status
	}
}

// RefreshPending re-reads how many events wait for the hub.
func (s *Syncer) RefreshPending(ctx context.Context) {
	if n, _, err := s.local.OutboxStats(ctx); err == nil {
		s.update(func(st *Status) { st.Pending = n })
	}
}

// SyncOnce runs one round now (waiting for a running one to finish) and
// updates the status.
func (s *Syncer) SyncOnce(ctx context.Context) (RoundResult, error) {
	return s.track(ctx, func(opts RoundOptions) (RoundResult, error) {
		return Round(ctx, s.local, s.hub, opts)
	})
}

// track runs part of a round, one at a time, and shows it in the status.
func (s *Syncer) track(ctx context.Context, fn func(opts RoundOptions) (RoundResult, error)) (RoundResult, error) {
	s.round.Lock()
	defer s.round.Unlock()
	start := s.cfg.Now()
	s.update(func(st *Status) { st.Syncing, st.LastAttempt, st.Progress = true, start, Progress{} })
	opts := s.cfg.Round
	user := opts.OnProgress
	opts.OnProgress = func(p Progress) {
		s.update(func(st *Status) { st.Progress = p })
		if user != nil {
			user(p)
		}
	}
	res, err := fn(opts)
	if err == nil && s.cfg.AfterRound != nil {
		s.cfg.AfterRound(ctx, res)
	}
	pending, _, perr := s.local.OutboxStats(ctx)
	s.update(func(st *Status) {
		st.Syncing = false
		st.Progress = Progress{}
		if perr == nil {
			st.Pending = pending
		}
		if err == nil {
			st.Online, st.LastSync, st.LastError, st.LastErr = true, s.cfg.Now(), "", nil
			return
		}
		st.Online = !Transient(err)
		st.LastError, st.LastErr = describeError(err), err
	})
	return res, err
}

// describeError is the text a person sees for a failed round.
func describeError(err error) string {
	if core.ErrorCode(err) == core.EINTERNAL {
		return err.Error()
	}
	return core.ErrorMessage(err)
}

// Backoff returns how long to wait after the n-th failure in a row (n >= 1):
// MinBackoff doubled each time up to MaxBackoff, of which a random half is
// jitter.
func (c Config) Backoff(n int) time.Duration {
	d := c.MinBackoff
	for i := 1; i < n && d < c.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.MaxBackoff)
	return d/2 + time.Duration(c.Rand()*float64(d/2))
}

// Run syncs until ctx ends, and returns ctx's error. Between rounds it
// holds a long-poll open (idle.go) when the hub offers it, otherwise it
// waits Interval; a local change (Notify) pushes at once either way.
func (s *Syncer) Run(ctx context.Context) error {
	failures := 0
	for {
		_, err := s.SyncOnce(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil && s.cfg.LongPoll > 0 && s.cfg.Now().UnixNano() >= s.pollUntil.Load() {
			if lp, ok := s.hub.(LongPoller); ok {
				err = s.idle(ctx, lp)
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if errors.Is(err, errRoundWanted) {
					continue
				}
				// nil: the hub does not long-poll; wait as before.
			}
		}
		wait := s.cfg.Interval
		if err != nil {
			failures++
			wait = s.cfg.Backoff(failures)
		} else {
			failures = 0
		}
		next := s.cfg.Now().Add(wait)
		s.update(func(st *Status) { st.NextAttempt = next })
		if !s.wait(ctx, wait, failures > 0) {
			return ctx.Err()
		}
	}
}

// wait sleeps for d or until a kick (which, while failing, only refreshes
// the pending count). It returns false when ctx ends.
func (s *Syncer) wait(ctx context.Context, d time.Duration, failing bool) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	var probe <-chan time.Time
	prober, canProbe := s.hub.(Prober)
	if failing && canProbe && s.cfg.ProbeEvery < d {
		t := time.NewTicker(s.cfg.ProbeEvery)
		defer t.Stop()
		probe = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return false
		case <-timer.C:
			return true
		case <-s.now:
			return true
		case <-probe:
			pctx, cancel := context.WithTimeout(ctx, s.cfg.ProbeEvery)
			_, err := prober.Health(pctx)
			cancel()
			if err == nil {
				return true // back: sync now, not after the backoff
			}
		case <-s.kick:
			if !failing {
				return true
			}
			s.RefreshPending(ctx)
		}
	}
}
