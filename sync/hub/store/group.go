package store

import (
	"context"
	"database/sql"
	"errors"
	"hash/fnv"
	gosync "sync"
	"sync/atomic"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
)

// grouper applies concurrent pushes together, several in one transaction
// (group commit): a group pays the fixed cost of a transaction (its begin,
// its commit, its flush to disk) once for many terminals. Every push is
// still answered only after the commit that holds it.
//
// SQLite writes one transaction at a time whatever we do: one worker, which
// applies a group in a few multi-row statements (groupbatch.go), or, when a
// push of it fails, again with a savepoint per push, so that a push that
// fails rolls back alone.
// PostgreSQL gets several workers, each serving the terminals of a share of
// the locations, so that two groups never want the same rows (a terminal,
// its location's orders and change stream); a group is batched too, in two
// statements (groupbatch_pg.go), and a group whose push fails is undone and
// its pushes run again one transaction each.
type grouper struct {
	db      *DB
	workers []chan *pushJob
	stop    chan struct{}
	wg      gosync.WaitGroup
	batched atomic.Int64 // groups applyBatched applied (groupbatch.go)
}

// Limits of one group. SQLite's one writer takes many more pushes at a
// time than PostgreSQL's workers (whose groups hold row locks, and run
// again one push at a time when one fails): the writer is one goroutine
// among the thousands of a busy hub, and every commit (its flush to disk)
// hands the processor to the others; the fewer commits, the more pushes
// it gets through. Batched (groupbatch.go), a group's statements grow with
// its pushes, not in number: a hub that fell behind catches up in bigger
// groups, whose commit costs little more than a small one's.
const (
	groupMaxPushes       = 64
	groupMaxPushesSQLite = 2048
	groupMaxEvents       = 4000
	groupMaxEventsSQLite = 16000
)

// groupWindow is how long a worker waits for more pushes once the last
// group had several (terminals push concurrently): a commit costs the
// same for one push as for many (SQLite writes each page it changed to
// the WAL once per commit, and flushes it to disk), so a few milliseconds
// buy most of a busy hub's commits. A lone terminal's pushes never wait.
const groupWindow = 3 * time.Millisecond

type pushJob struct {
	ctx  context.Context
	t    core.Terminal
	evs  []core.Event
	res  wire.PushResponse
	err  error
	done chan struct{}
}

var errClosing = core.Errorf(core.EUNAVAILABLE, "closing", "The hub is shutting down; try again.")

func newGrouper(db *DB, workers int) *grouper {
	g := &grouper{db: db, stop: make(chan struct{})}
	for i := 0; i < workers; i++ {
		jobs := make(chan *pushJob, 1024)
		g.workers = append(g.workers, jobs)
		g.wg.Add(1)
		go g.run(jobs)
	}
	return g
}

func (g *grouper) close() {
	close(g.stop)
	g.wg.Wait()
}

// push queues a push with the worker of its location and waits for the
// commit of its group.
func (g *grouper) push(ctx context.Context, t core.Terminal, evs []core.Event) (wire.PushResponse, error) {
	h := fnv.New32a()
	h.Write([]byte(t.Location))
	jobs := g.workers[int(h.Sum32()%uint32(len(g.workers)))]
	j := &pushJob{ctx: ctx, t: t, evs: evs, done: make(chan struct{})}
	select {
	case jobs <- j:
	case <-ctx.Done():
		return wire.PushResponse{}, ctx.Err()
	case <-g.stop:
		return wire.PushResponse{}, errClosing
	}
	<-j.done // a queued push is always answered, if only with errClosing
	return j.res, j.err
}

// nextJob takes a queued push: at once, or, with wait, until wait fires;
// nil when there is none.
func nextJob(jobs chan *pushJob, wait <-chan time.Time) *pushJob {
	if wait == nil {
		select {
		case j := <-jobs:
			return j
		default:
			return nil
		}
	}
	select {
	case j := <-jobs:
		return j
	case <-wait:
		return nil
	}
}

func (g *grouper) run(jobs chan *pushJob) {
	defer g.wg.Done()
	window := time.NewTimer(groupWindow)
	window.Stop()
	var conn *sql.Conn // PostgreSQL's worker's own
	var err error
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	last := 0 // pushes in the last group
	maxPushes, maxEvents := groupMaxPushes, groupMaxEvents
	if g.db.d.name == "sqlite" {
		maxPushes, maxEvents = groupMaxPushesSQLite, groupMaxEventsSQLite
	}
	for {
		var first *pushJob
		select {
		case first = <-jobs:
		case <-g.stop:
			for {
				select {
				case j := <-jobs:
					j.err = errClosing
					close(j.done)
				default:
					return
				}
			}
		}
		group, events := []*pushJob{first}, len(first.evs)
		// What is queued already joins the group; once the last group
		// had several, so does what comes within the window.
		var wait <-chan time.Time
		if last > 1 {
			window.Reset(groupWindow)
			wait = window.C
		}
		for len(group) < maxPushes && events < maxEvents {
			j := nextJob(jobs, wait)
			if j == nil {
				break
			}
			group = append(group, j)
			events += len(j.evs)
		}
		window.Stop()
		last = len(group)
		if g.db.d.name == "sqlite" {
			if !g.applyBatched(nil, group) {
				g.applySavepoints(group)
			}
		} else {
			// Each worker holds a connection of its own: pushes never
			// wait for one behind a burst of pulls. One that failed
			// goes back to the pool (which drops it if broken).
			if conn != nil && conn.Raw(func(any) error { return nil }) != nil {
				conn = nil // closed by writeOn: it was broken
			}
			if conn == nil {
				if conn, err = g.db.sql.Conn(context.Background()); err != nil {
					conn = nil
				}
			}
			if !g.applyBatched(conn, group) && g.applyOptimistic(conn, group) != nil && conn != nil {
				conn.Close()
				conn = nil
			}
		}
		for _, j := range group {
			close(j.done)
		}
	}
}

// applySavepoints runs a group in one transaction, each push behind a
// savepoint.
func (g *grouper) applySavepoints(group []*pushJob) {
	err := g.db.write(context.Background(), func(tx *sql.Tx) error {
		for _, j := range group {
			j.res, j.err = wire.PushResponse{}, nil
			if err := j.ctx.Err(); err != nil {
				j.err = err // the terminal gave up: not applied, it sends again
				continue
			}
			// One name for every push's savepoint (each is released or
			// rolled back to before the next), so that the statements are
			// prepared once.
			if _, err := g.db.exec(context.Background(), tx, "SAVEPOINT push"); err != nil {
				return err
			}
			// The group's statements run to the end even if this terminal
			// hangs up meanwhile: interrupting one would disturb the others.
			j.res, j.err = g.db.pushTx(context.Background(), tx, j.t, j.evs)
			if j.err != nil {
				if retryable(j.err) {
					return j.err // the whole group again
				}
				if _, err := g.db.exec(context.Background(), tx, "ROLLBACK TO push"); err != nil {
					return err
				}
			}
			if _, err := g.db.exec(context.Background(), tx, "RELEASE push"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		for _, j := range group {
			j.res, j.err = wire.PushResponse{}, err
		}
	}
}

// errGroupFailed undoes a group in which a push failed.
var errGroupFailed = errors.New("a push of the group failed")

// applyOptimistic runs a group in one transaction; if any push fails, the
// group is undone and each push runs again in its own transaction, so that
// the failure is that push's alone.
func (g *grouper) applyOptimistic(conn *sql.Conn, group []*pushJob) error {
	err := g.db.writeOn(context.Background(), conn, func(tx *sql.Tx) error {
		for _, j := range group {
			j.res, j.err = wire.PushResponse{}, nil
			if err := j.ctx.Err(); err != nil {
				j.err = err
				continue
			}
			if j.res, j.err = g.db.pushTx(context.Background(), tx, j.t, j.evs); j.err != nil {
				if retryable(j.err) {
					return j.err
				}
				return errGroupFailed
			}
		}
		return nil
	})
	if err == nil {
		return nil
	}
	for _, j := range group {
		if j.ctx.Err() != nil && !errors.Is(err, errGroupFailed) {
			j.res, j.err = wire.PushResponse{}, j.ctx.Err()
			continue
		}
		j.res, j.err = wire.PushResponse{}, nil
		j.err = g.db.writeOn(j.ctx, conn, func(tx *sql.Tx) (err error) {
			j.res, err = g.db.pushTx(j.ctx, tx, j.t, j.evs)
			return err
		})
	}
	if errors.Is(err, errGroupFailed) {
		return nil // a push's own failure: the connection is fine
	}
	return err
}
