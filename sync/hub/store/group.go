package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync"
)

// grouper applies concurrent pushes together, in one transaction with a
// savepoint each (group commit). SQLite writes one transaction at a time
// whatever we do; a group pays the fixed cost of a transaction once for
// many terminals, and a push that fails rolls back to its savepoint without
// touching the others. Every push is still answered only after the commit
// that holds it.
type grouper struct {
	db   *DB
	jobs chan *pushJob
	stop chan struct{}
	done chan struct{}
}

// Limits of one group.
const (
	groupMaxPushes = 64
	groupMaxEvents = 4000
)

type pushJob struct {
	ctx  context.Context
	t    core.Terminal
	evs  []core.Event
	res  sync.PushResponse
	err  error
	done chan struct{}
}

func newGrouper(db *DB) *grouper {
	g := &grouper{db: db, jobs: make(chan *pushJob, 1024), stop: make(chan struct{}), done: make(chan struct{})}
	go g.run()
	return g
}

func (g *grouper) close() {
	close(g.stop)
	<-g.done
}

// push queues a push and waits for the commit of its group.
func (g *grouper) push(ctx context.Context, t core.Terminal, evs []core.Event) (sync.PushResponse, error) {
	j := &pushJob{ctx: ctx, t: t, evs: evs, done: make(chan struct{})}
	select {
	case g.jobs <- j:
	case <-ctx.Done():
		return sync.PushResponse{}, ctx.Err()
	case <-g.stop:
		return sync.PushResponse{}, core.Errorf(core.EUNAVAILABLE, "closing", "The hub is shutting down; try again.")
	}
	select {
	case <-j.done:
		return j.res, j.err
	case <-g.stop:
		<-j.done // the group in flight finishes before close returns
		return j.res, j.err
	}
}

func (g *grouper) run() {
	defer close(g.done)
	for {
		var first *pushJob
		select {
		case first = <-g.jobs:
		case <-g.stop:
			for {
				select {
				case j := <-g.jobs:
					j.err = core.Errorf(core.EUNAVAILABLE, "closing", "The hub is shutting down; try again.")
					close(j.done)
				default:
					return
				}
			}
		}
		group, events := []*pushJob{first}, len(first.evs)
	fill:
		for len(group) < groupMaxPushes && events < groupMaxEvents {
			select {
			case j := <-g.jobs:
				group = append(group, j)
				events += len(j.evs)
			default:
				break fill
			}
		}
		g.apply(group)
	}
}

// apply runs a group in one transaction and answers each push.
func (g *grouper) apply(group []*pushJob) {
	err := g.db.write(context.Background(), func(tx *sql.Tx) error {
		for i, j := range group {
			j.res, j.err = sync.PushResponse{}, nil
			if err := j.ctx.Err(); err != nil {
				j.err = err // the terminal gave up: not applied, it sends again
				continue
			}
			sp := fmt.Sprintf("push%d", i)
			if _, err := tx.Exec("SAVEPOINT " + sp); err != nil {
				return err
			}
			// The group's statements run to the end even if this terminal
			// hangs up meanwhile: interrupting one would disturb the others.
			j.res, j.err = g.db.pushTx(context.Background(), tx, j.t, j.evs)
			if j.err != nil {
				if retryable(j.err) {
					return j.err // the whole group again
				}
				if _, err := tx.Exec("ROLLBACK TO " + sp); err != nil {
					return err
				}
			}
			if _, err := tx.Exec("RELEASE " + sp); err != nil {
				return err
			}
		}
		return nil
	})
	for _, j := range group {
		if err != nil {
			j.res, j.err = sync.PushResponse{}, err
		}
		close(j.done)
	}
}
