package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"strings"
	gosync "sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// changeNotifier wakes the pulls that wait for news of a location (the
// long-poll of GET /v1/changes). Each location has one channel, closed
// and forgotten when a change for it commits: a waiter takes the channel
// before it reads the streams, so a commit between its read and its wait
// still wakes it. One close wakes every waiter of the location at once.
//
// Orders, cancellations, stock, staff and the rest wake at once. The
// progress of orders (the claims and picks of the location's own
// terminals) changes with nearly every push of a busy location; it wakes
// the location at most once per gap, at the location's own phase of the
// gap (progressDue), so that a hundred busy terminals do not each pull
// after every commit of their colleagues, the terminals woken together ask
// for the same changes, and the locations are not all woken together.
type changeNotifier struct {
	mu    gosync.Mutex
	waits map[string]*locationWait
	gap   time.Duration
	// all counts the changes published to every location (products, a
	// new epoch, a listener that may have missed notifications).
	all uint64
}

type locationWait struct {
	ch      chan struct{}
	woken   time.Time   // the last wake
	delayed *time.Timer // a wake for progress, due at woken+gap
	// Commits that changed the location: more than progress (urgent), and
	// progress. A long-poll's check (waitcheck.go) trusts what it read of
	// the location while they stay the same.
	urgent, progress uint64
	// pending: progress committed since the last wake of waiters.
	pending bool
}

// changeCounts is where a location's changes stood at one moment.
type changeCounts struct{ all, urgent, progress uint64 }

// counts returns where location's changes stand.
func (n *changeNotifier) counts(location string) changeCounts {
	n.mu.Lock()
	defer n.mu.Unlock()
	c := changeCounts{all: n.all}
	if w := n.waits[location]; w != nil {
		c.urgent, c.progress = w.urgent, w.progress
	}
	return c
}

// wakeForProgress makes sure the waiters of location are woken at the
// latest a gap after its last wake (at once if that is past): a long-poll
// that may lack progress waits for that wake rather than answering at
// once, so that the terminals of a busy location pull together, once per
// gap, and share their page.
func (n *changeNotifier) wakeForProgress(location string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.scheduleProgress(location, n.location(location), time.Now())
}

// scheduleProgress makes sure w's waiters are woken for progress at
// progressDue; n.mu is held.
func (n *changeNotifier) scheduleProgress(location string, w *locationWait, now time.Time) {
	if w.delayed != nil {
		return
	}
	w.delayed = time.AfterFunc(n.progressDue(location, w.woken, now).Sub(now), func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		w.delayed = nil
		w.wake(time.Now())
	})
}

// progressDue is when the waiters of location, last woken at woken, are
// next woken for progress: at the first moment of the location's own
// phase of the gap that is a gap after its last wake and not before now.
// Each location has its phase (from its name), so that the progress of
// many locations committed together wakes them spread over the gap: one
// group commit holds the pushes of every location, and woken in the same
// instant, the load test's 2,500 terminals of 25 locations made ~1,500
// pulls within 100 ms, and every push waited up to 300 ms behind them.
// Progress reaches every terminal within a gap of its commit; within two
// if the location was last woken off its phase (by a new order, say).
func (n *changeNotifier) progressDue(location string, woken, now time.Time) time.Time {
	if n.gap <= 0 {
		return now
	}
	due := woken.Add(n.gap)
	if due.Before(now) {
		due = now
	}
	h := fnv.New64a()
	h.Write([]byte(location))
	slot := due.Truncate(n.gap).Add(time.Duration(h.Sum64() % uint64(n.gap)))
	if slot.Before(due) {
		slot = slot.Add(n.gap)
	}
	return slot
}

// wakeIfPending calls wakeForProgress if progress was committed at
// location since its waiters were last woken, and reports whether.
func (n *changeNotifier) wakeIfPending(location string) bool {
	n.mu.Lock()
	pending := n.location(location).pending
	n.mu.Unlock()
	if pending {
		n.wakeForProgress(location)
	}
	return pending
}

// location returns location's state; n.mu is held.
func (n *changeNotifier) location(location string) *locationWait {
	if n.waits == nil {
		n.waits = map[string]*locationWait{}
	}
	w := n.waits[location]
	if w == nil {
		w = &locationWait{}
		n.waits[location] = w
	}
	return w
}

// DefaultProgressGap is the least time between two wakes of a location's
// waiting pulls for progress alone (see changeNotifier).
const DefaultProgressGap = time.Second

// signal returns a channel closed at the next change of location.
func (n *changeNotifier) signal(location string) <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	w := n.location(location)
	if w.ch == nil {
		w.ch = make(chan struct{})
	}
	return w.ch
}

// wake closes w's channel; n.mu is held.
func (w *locationWait) wake(now time.Time) {
	if w.delayed != nil {
		w.delayed.Stop()
		w.delayed = nil
	}
	if w.ch != nil {
		close(w.ch)
		w.ch = nil
		w.woken = now
		w.pending = false
	}
}

// publish wakes the waiters of the locations changed (location → whether
// more than progress changed); location "" (the products every location
// reads) wakes them all.
func (n *changeNotifier) publish(changed map[string]bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	now := time.Now()
	if _, all := changed[""]; all {
		n.all++
		for _, w := range n.waits {
			w.wake(now)
		}
		return
	}
	for l, urgent := range changed {
		w := n.location(l)
		if urgent {
			w.urgent++
		} else {
			w.progress++
			w.pending = true
		}
		switch {
		case w.ch == nil: // nobody waits
		case urgent:
			w.wake(now)
		default:
			n.scheduleProgress(l, w, now)
		}
	}
}

// publishAll wakes every waiter (the epoch changed, or the PostgreSQL
// listener may have missed notifications).
func (n *changeNotifier) publishAll() { n.publish(map[string]bool{"": true}) }

// SetProgressGap sets the least time between two wakes of a location's
// waiting pulls for progress alone (DefaultProgressGap).
func (db *DB) SetProgressGap(d time.Duration) {
	db.changes.mu.Lock()
	db.changes.gap = d
	db.changes.mu.Unlock()
}

// ChangeSignal returns a channel that is closed when a change for location
// (or for every location) commits after the call: by this process, or, on
// PostgreSQL, by any hub process on the same database (LISTEN/NOTIFY).
func (db *DB) ChangeSignal(location string) <-chan struct{} {
	return db.changes.signal(location)
}

// touch notes, inside a write transaction, that location's streams
// changed (progress only: urgent false): the waiters of location are
// woken when tx commits.
func (db *DB) touch(tx *sql.Tx, location string, urgent bool) {
	db.touchMu.Lock()
	defer db.touchMu.Unlock()
	if db.touched == nil {
		db.touched = map[*sql.Tx]map[string]bool{}
	}
	m := db.touched[tx]
	if m == nil {
		m = map[string]bool{}
		db.touched[tx] = m
	}
	m[location] = m[location] || urgent
}

// takeTouched returns and forgets the locations tx touched.
func (db *DB) takeTouched(tx *sql.Tx) map[string]bool {
	db.touchMu.Lock()
	defer db.touchMu.Unlock()
	m := db.touched[tx]
	delete(db.touched, tx)
	return m
}

// changesChannel is the PostgreSQL notification channel of committed
// changes, followed by the schema's name (channels are per database, and
// hubs in two schemas of one database are two hubs); the payload is the
// locations, separated by unitSep, each with progressMark in front if only
// its progress changed.
const (
	changesChannel = "stationhand_changes:"
	unitSep        = "\x1f"
	progressMark   = "\x1e"
	maxPayload     = 7000 // PostgreSQL refuses payloads of 8000 bytes or more
)

// notifyPeers queues, inside tx, a notification of the locations to every
// hub process listening on the database: PostgreSQL delivers it when, and
// only if, tx commits.
func (db *DB) notifyPeers(ctx context.Context, tx *sql.Tx, changed map[string]bool) error {
	var locations []string
	for l, urgent := range changed {
		if !urgent {
			l = progressMark + l
		}
		locations = append(locations, l)
	}
	for len(locations) > 0 {
		n, size := 0, 0
		for n < len(locations) && (n == 0 || size+len(locations[n])+1 <= maxPayload) {
			size += len(locations[n]) + 1
			n++
		}
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", db.channel, strings.Join(locations[:n], unitSep)); err != nil {
			return err
		}
		locations = locations[n:]
	}
	return nil
}

// startListening names the channel after the schema and starts listen.
func (db *DB) startListening(ctx context.Context, cfg *pgx.ConnConfig) error {
	var schema string
	if err := db.sql.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return fmt.Errorf("current schema: %w", err)
	}
	db.channel = changesChannel + schema
	if len(db.channel) > 63 { // PostgreSQL's longest identifier
		sum := sha256.Sum256([]byte(schema))
		db.channel = changesChannel + hex.EncodeToString(sum[:12])
	}
	db.listenStop, db.listenDone = make(chan struct{}), make(chan struct{})
	go db.listen(cfg.Copy(), db.listenStop, db.listenDone)
	return nil
}

// listen holds a connection of its own that LISTENs for other hub
// processes' changes and wakes this process's waiters, until stop is
// closed. When the connection breaks it wakes every waiter (a notification
// may have been lost) and connects again.
func (db *DB) listen(cfg *pgx.ConnConfig, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-stop
		cancel()
	}()
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, cfg)
		if ctx.Err() != nil {
			return
		}
		db.changes.publishAll()
		if err != nil {
			db.listenErr.Store(&err)
		}
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

func (db *DB) listenOnce(ctx context.Context, cfg *pgx.ConnConfig) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{db.channel}.Sanitize()); err != nil {
		return err
	}
	db.listening.Store(true)
	defer db.listening.Store(false)
	// Changes committed while no one listened are unknown: wake everyone.
	db.changes.publishAll()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		changed := map[string]bool{}
		for _, l := range strings.Split(n.Payload, unitSep) {
			if p, ok := strings.CutPrefix(l, progressMark); ok {
				if _, seen := changed[p]; !seen {
					changed[p] = false
				}
			} else {
				changed[l] = true
			}
		}
		db.changes.publish(changed)
	}
}

// Listening reports whether this process hears the changes of the other
// hub processes on the database (always true on SQLite, which has one).
func (db *DB) Listening() bool {
	return db.d.name != "postgres" || db.listening.Load()
}

// PoolStats returns the statistics of the database's connection pool: how
// often and how long requests waited for a connection.
func (db *DB) PoolStats() sql.DBStats { return db.sql.Stats() }
