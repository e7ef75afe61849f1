package store

import (
	"context"
	"database/sql"
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
type changeNotifier struct {
	mu    gosync.Mutex
	waits map[string]chan struct{}
}

// signal returns a channel closed at the next change of location.
func (n *changeNotifier) signal(location string) <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.waits == nil {
		n.waits = map[string]chan struct{}{}
	}
	ch := n.waits[location]
	if ch == nil {
		ch = make(chan struct{})
		n.waits[location] = ch
	}
	return ch
}

// publish wakes the waiters of locations; location "" (the products every
// location reads) wakes them all.
func (n *changeNotifier) publish(locations []string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, l := range locations {
		if l == "" {
			for _, ch := range n.waits {
				close(ch)
			}
			n.waits = nil
			return
		}
		if ch := n.waits[l]; ch != nil {
			close(ch)
			delete(n.waits, l)
		}
	}
}

// publishAll wakes every waiter (the epoch changed, or the PostgreSQL
// listener may have missed notifications).
func (n *changeNotifier) publishAll() { n.publish([]string{""}) }

// ChangeSignal returns a channel that is closed when a change for location
// (or for every location) commits after the call: by this process, or, on
// PostgreSQL, by any hub process on the same database (LISTEN/NOTIFY).
func (db *DB) ChangeSignal(location string) <-chan struct{} {
	return db.changes.signal(location)
}

// touch notes, inside a write transaction, that location's streams
// changed: the waiters of location are woken when tx commits.
func (db *DB) touch(tx *sql.Tx, location string) {
	db.touchMu.Lock()
	defer db.touchMu.Unlock()
	if db.touched == nil {
		db.touched = map[*sql.Tx][]string{}
	}
	for _, l := range db.touched[tx] {
		if l == location {
			return
		}
	}
	db.touched[tx] = append(db.touched[tx], location)
}

// takeTouched returns and forgets the locations tx touched.
func (db *DB) takeTouched(tx *sql.Tx) []string {
	db.touchMu.Lock()
	defer db.touchMu.Unlock()
	l := db.touched[tx]
	delete(db.touched, tx)
	return l
}

// changesChannel is the PostgreSQL notification channel of committed
// changes; the payload is the locations, separated by unitSep.
const (
	changesChannel = "stationhand_changes"
	unitSep        = "\x1f"
	maxPayload     = 7000 // PostgreSQL refuses payloads of 8000 bytes or more
)

// notifyPeers queues, inside tx, a notification of the locations to every
// hub process listening on the database: PostgreSQL delivers it when, and
// only if, tx commits.
func (db *DB) notifyPeers(ctx context.Context, tx *sql.Tx, locations []string) error {
	for len(locations) > 0 {
		n, size := 0, 0
		for n < len(locations) && (n == 0 || size+len(locations[n])+1 <= maxPayload) {
			size += len(locations[n]) + 1
			n++
		}
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", changesChannel, strings.Join(locations[:n], unitSep)); err != nil {
			return err
		}
		locations = locations[n:]
	}
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
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
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
		db.changes.publish(strings.Split(n.Payload, unitSep))
	}
}

// Listening reports whether this process hears the changes of the other
// hub processes on the database (always true on SQLite, which has one).
func (db *DB) Listening() bool {
	return db.d.name != "postgres" || db.listening.Load()
}
