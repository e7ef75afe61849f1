package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	gosync "sync"

	"github.com/stationhand/stationhand/core"
)

// pageCache shares the pages of a location's streams between its
// terminals. The terminals of a location woken together by a change (see
// changeNotifier) mostly stand at the same cursor and ask for the same
// page: one of them reads it from the database, the others wait for it and
// take it. A page read from a snapshot at or past a terminal's stream
// heads is the page that terminal would read itself (stream versions only
// grow), so none gets older data than it would alone. A terminal with
// refused events to hear of reads its own page (Pull).
type pageCache struct {
	mu gosync.Mutex
	m  map[string]*pageFlight
}

// maxCachedPages bounds the cache; it starts afresh beyond. Pages of more
// than maxCachedRecords (a first pull's) are shared only by the pulls
// that asked while it was read, not kept.
const (
	maxCachedPages   = 4096
	maxCachedRecords = 200
)

type pageFlight struct {
	done chan struct{}
	page streamPage
	err  error
}

// streamPage is the part of a pull's page that every terminal of a
// location shares: the records of its streams after a cursor.
type streamPage struct {
	cs        core.ChangeSet // without Cursor
	v         map[string]int64
	heads     map[string]int64 // of the snapshot it was read from
	records   int
	remaining int
}

// covers reports whether p was read from a snapshot at or past heads.
func (p streamPage) covers(heads map[string]int64) bool {
	for _, k := range streamOrder {
		if p.heads[k] < heads[k] {
			return false
		}
	}
	return true
}

// pageKey names the page after c at location in the epoch: after a
// restore, stream versions start again below the old ones.
func pageKey(epoch, location string, c cursor, limit int) string {
	var b strings.Builder
	b.WriteString(epoch)
	b.WriteByte('.')
	b.WriteString(location)
	for _, k := range streamOrder {
		b.WriteByte('.')
		b.WriteString(strconv.FormatInt(c.v[k], 10))
	}
	b.WriteByte('.')
	b.WriteString(strconv.Itoa(limit))
	return b.String()
}

// get returns the page after c of location's streams, read by read unless
// a page read at or past heads is at hand or being read.
func (pc *pageCache) get(ctx context.Context, key string, heads map[string]int64, read func() (streamPage, error)) (streamPage, error) {
	for {
		pc.mu.Lock()
		f := pc.m[key]
		if f == nil {
			if pc.m == nil || len(pc.m) >= maxCachedPages {
				pc.m = map[string]*pageFlight{}
			}
			f = &pageFlight{done: make(chan struct{})}
			pc.m[key] = f
			pc.mu.Unlock()
			f.page, f.err = read()
			close(f.done)
			if f.err != nil || f.page.records > maxCachedRecords {
				pc.mu.Lock()
				if pc.m[key] == f {
					delete(pc.m, key)
				}
				pc.mu.Unlock()
			}
			return f.page, f.err
		}
		pc.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return streamPage{}, ctx.Err()
		}
		if f.err == nil && f.page.covers(heads) {
			return f.page, nil
		}
		// Older than this terminal's heads (or failed): read afresh.
		pc.mu.Lock()
		if pc.m[key] == f {
			delete(pc.m, key)
		}
		pc.mu.Unlock()
	}
}

// readStreams reads, in one snapshot, up to limit records of t's
// location's streams after c.
func (db *DB) readStreams(ctx context.Context, t core.Terminal, c cursor, limit int) (streamPage, error) {
	var p streamPage
	err := db.read(ctx, func(tx *sql.Tx) error {
		p = streamPage{v: map[string]int64{}}
		heads, _, err := db.streamHeads(ctx, tx, t)
		if err != nil {
			return err
		}
		p.heads = heads
		room := limit
		for _, kind := range streamOrder {
			p.v[kind] = c.v[kind]
			if room == 0 || c.v[kind] >= heads[kind] {
				continue
			}
			n, last, err := db.fetch(ctx, tx, &p.cs, kind, streamLocation(kind, t.Location), c.v[kind], room)
			if err != nil {
				return fmt.Errorf("%s changes: %w", kind, err)
			}
			room -= n
			p.v[kind] = last
		}
		p.records = limit - room
		after := c
		after.v = p.v
		after.reject = heads[kindRejection] // the rejections are not this page's to count
		p.remaining, err = db.remaining(ctx, tx, t, after, heads)
		return err
	})
	return p, err
}
