package store

import (
	"context"
	"fmt"
	gosync "sync"

	"github.com/stationhand/stationhand/core"
)

// headsMemo is what a long-poll's check last read of a location's stream
// heads, and where its changes stood then (changeNotifier.counts): a
// terminal that comes back for its next long-poll is told from memory
// whether it has something to pull, without a query, as long as nothing
// but progress changed at the location since.
type headsMemo struct {
	counts     changeCounts
	heads      map[string]int64 // the location's streams (and the products')
	rejections map[string]int64 // terminal id → the last of its refused events to tell
}

type headsMemos struct {
	mu gosync.Mutex
	m  map[string]*headsMemo
}

// HasNews reports whether a long-poll of terminal t at cursor should pull
// now: it is behind in a stream other than progress, or has refused events
// to hear of, or its cursor is one the pull refuses (the pull says why).
// When it may lack progress only, HasNews makes sure the waiters of its
// location are woken at the latest a gap after their last wake
// (changeNotifier.wakeForProgress) and reports false: the long-poll waits
// for that wake. Unlike Pull it may answer from what an earlier check read,
// while the location's changes (as this process hears of them) stand
// where they stood then; so call ChangeSignal before it, and Pull when
// woken.
func (db *DB) HasNews(ctx context.Context, t core.Terminal, cursorText string) (bool, error) {
	c, err := parseCursor(cursorText)
	if err == nil {
		err = c.check(db.Epoch(), t)
	}
	if err != nil || c.epoch == "" {
		return true, nil // refused, or the start: the pull says so, or brings everything
	}
	now := db.changes.counts(t.Location)
	m, rejected := db.memos.get(t, now)
	// Another process's changes are heard of only while listening.
	fresh := m == nil || !db.Listening()
	for {
		if fresh {
			if m, err = db.readMemo(ctx, t, now); err != nil {
				return false, err
			}
			rejected = m.rejections[t.ID]
		}
		if c.reject != rejected {
			return true, nil // refused events to hear of (or a cursor past them)
		}
		for _, k := range streamOrder {
			if k != kindProgress && c.v[k] != m.heads[k] {
				return true, nil // behind (or ahead: the pull refuses the cursor)
			}
		}
		head, same := m.heads[kindProgress], m.counts.progress == now.progress
		switch {
		case c.v[kindProgress] < head:
			db.changes.wakeForProgress(t.Location)
			return false, nil
		case same && c.v[kindProgress] > head:
			return true, nil // ahead of the hub: the pull refuses the cursor
		case same:
			return false, nil // up to date
		case db.changes.wakeIfPending(t.Location):
			// Progress since the last wake: the next wake brings it, if
			// the terminal lacks it.
			return false, nil
		case fresh:
			return false, nil // nothing new in what was just read
		}
		// Progress since the memo, before the last wake: read again.
		now, fresh = db.changes.counts(t.Location), true
	}
}

// get returns the memo of t's location if nothing but progress changed
// there since it was read, and t's refused events then.
func (ms *headsMemos) get(t core.Terminal, now changeCounts) (*headsMemo, int64) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	m := ms.m[t.Location]
	if m == nil || m.counts.all != now.all || m.counts.urgent != now.urgent {
		return nil, 0
	}
	rejected, ok := m.rejections[t.ID]
	if !ok {
		return nil, 0
	}
	return &headsMemo{counts: m.counts, heads: m.heads}, rejected
}

// readMemo reads the stream heads of t's location, and keeps them as the
// location's memo; counts were taken before, so that a change committed
// meanwhile makes the memo look older than it is, never newer.
func (db *DB) readMemo(ctx context.Context, t core.Terminal, counts changeCounts) (*headsMemo, error) {
	select {
	case db.pulls <- struct{}{}:
		defer func() { <-db.pulls }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	heads, _, err := db.streamHeads(ctx, nil, t)
	if err != nil {
		return nil, fmt.Errorf("long-poll check for %s: %w", t.ID, err)
	}
	db.memos.put(t, counts, heads)
	return &headsMemo{counts: counts, heads: heads, rejections: map[string]int64{t.ID: heads[kindRejection]}}, nil
}

// put keeps heads, read after counts, as the memo of t's location. A
// memo's maps are never changed once others may read them, but for its
// rejections, read only under ms.mu.
func (ms *headsMemos) put(t core.Terminal, counts changeCounts, heads map[string]int64) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	m := ms.m[t.Location]
	if m != nil && m.counts.all == counts.all && m.counts.urgent == counts.urgent {
		// The same urgent changes: the other terminals' refused events
		// still hold, and heads read later replace older ones.
		if counts.progress >= m.counts.progress {
			m.counts, m.heads = counts, heads
		}
		m.rejections[t.ID] = heads[kindRejection]
		return
	}
	if ms.m == nil || len(ms.m) > 100000 {
		ms.m = map[string]*headsMemo{}
	}
	ms.m[t.Location] = &headsMemo{counts: counts, heads: heads, rejections: map[string]int64{t.ID: heads[kindRejection]}}
}
