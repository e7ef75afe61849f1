package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// The writers apply a group of pushes in a few multi-row statements
// rather than a dozen statements per push (a savepoint, the terminal, its
// orders and staff, its events, its orders again, the change stream, its
// last sequence, the savepoint's release): the pushes of a busy hub are
// one event each, and each statement costs the writer about as much as the
// event itself (on PostgreSQL, a round trip). The group reads every
// terminal, order and staff member its pushes name at once, judges the
// pushes one after the other in memory (each sees what those before it did
// to an order, as it would one transaction after the other), and writes
// the events, the orders that moved, the change streams and the terminals'
// last sequences at the end, once for the group.
//
// A push refused whole before it changed anything (a sequence gap, a
// revoked terminal) fails alone. A group in which any other push fails (a
// database error), or in which one terminal pushes twice, is undone and
// runs again push by push (SQLite: behind savepoints, applySavepoints;
// PostgreSQL: applyOptimistic), so that a failure is that push's alone.

// groupWrites is what the pushes of a batched group share: what was read
// for all of them, and what they leave to write at the end.
type groupWrites struct {
	terminals map[string]terminalState
	orders    map[string]*orderRow
	staff     map[string]map[int64]bool // location → its staff the group names
	events    []groupEvent
	lastSeq   map[string]int64 // terminal → its new last sequence
	// wrote: the push being judged wrote something of its own (a PIN,
	// a label request): if it fails, the group is undone.
	wrote bool
}

// refusedWhole reports whether err refuses a push before it changed
// anything: the terminal is unknown or revoked, or the push does not
// follow what the hub holds. Such a push fails alone in a batched group.
func refusedWhole(err error) bool {
	var gap *SeqGapError
	var reused *SeqReusedError
	return errors.Is(err, ErrUnknownToken) || errors.As(err, &gap) || errors.As(err, &reused) ||
		core.ErrorReason(err) == "revoked" || core.ErrorReason(err) == wire.ReasonEventChanged
}

type terminalState struct {
	last    int64
	revoked bool
}

type groupEvent struct {
	terminal, location string
	row                eventRow
}

// errSavepoints makes applyBatched undo its group, to run it again behind
// savepoints.
var errSavepoints = errors.New("the group runs again behind savepoints")

// applyBatched runs a group as described above, on conn (nil: SQLite's
// writer's), and reports whether it did; false: nothing was written, the
// group is to run push by push.
func (g *grouper) applyBatched(conn *sql.Conn, group []*pushJob) bool {
	seen := map[string]bool{}
	for _, j := range group {
		if seen[j.t.ID] {
			return false // its second push must see the first one's events
		}
		seen[j.t.ID] = true
	}
	db := g.db
	ctx := context.Background()
	err := db.writeOn(ctx, conn, func(tx *sql.Tx) error {
		gw, err := db.readGroup(ctx, tx, group)
		if err != nil {
			return err
		}
		for _, j := range group {
			j.err = j.ctx.Err() // the terminal gave up: not applied, it sends again
			if j.err != nil {
				continue
			}
			gw.wrote = false
			if j.res, j.err = db.pushTxIn(ctx, tx, j.t, j.evs, gw); j.err != nil && (gw.wrote || !refusedWhole(j.err)) {
				return errSavepoints
			}
		}
		return db.writeGroup(ctx, tx, gw)
	})
	if err != nil {
		for _, j := range group {
			j.err = nil
		}
		return false
	}
	g.batched.Add(1)
	return true
}

// readGroup reads, for every push of group, its terminal (noting that it
// was seen), and the orders and staff its events name.
func (db *DB) readGroup(ctx context.Context, tx *sql.Tx, group []*pushJob) (*groupWrites, error) {
	gw := &groupWrites{terminals: map[string]terminalState{}, orders: map[string]*orderRow{}, staff: map[string]map[int64]bool{},
		lastSeq: map[string]int64{}}
	var ids, refs []string
	var staff []int64
	for _, j := range group {
		ids = append(ids, j.t.ID)
		refs = append(refs, orderKeys(j.evs)...)
		staff = append(staff, staffKeys(j.evs)...)
	}
	if db.d.name == "postgres" {
		slices.Sort(refs)
		slices.Sort(staff)
		return gw, db.readGroupPostgres(ctx, tx, gw, ids, slices.Compact(refs), slices.Compact(staff))
	}
	now := db.now()
	for from := 0; from < len(ids); from += 500 {
		chunk := ids[from:min(from+500, len(ids))]
		rows, err := tx.QueryContext(ctx, "UPDATE terminals SET last_seen = ? WHERE id IN ("+db.d.placeholders(2, len(chunk))+") RETURNING id, last_seq, revoked_at",
			append([]any{now}, anys(chunk)...)...)
		if err != nil {
			return nil, fmt.Errorf("read terminals: %w", err)
		}
		for rows.Next() {
			var id string
			var ts terminalState
			var rev sql.NullInt64
			if err := rows.Scan(&id, &ts.last, &rev); err != nil {
				rows.Close()
				return nil, err
			}
			ts.revoked = rev.Valid
			gw.terminals[id] = ts
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	slices.Sort(refs)
	refs = slices.Compact(refs)
	a := &applier{db: db, tx: tx, ctx: ctx, orders: gw.orders}
	for from := 0; from < len(refs); from += 500 {
		chunk := refs[from:min(from+500, len(refs))]
		rows, err := tx.QueryContext(ctx, `SELECT external_id, location, status, COALESCE(claimed_by, '') FROM orders
			WHERE external_id IN (`+db.d.placeholders(1, len(chunk))+`)`, anys(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("read orders: %w", err)
		}
		if err := a.scanOrders(rows); err != nil {
			return nil, err
		}
	}
	slices.Sort(staff)
	staff = slices.Compact(staff)
	for from := 0; from < len(staff); from += 500 {
		chunk := staff[from:min(from+500, len(staff))]
		rows, err := tx.QueryContext(ctx, "SELECT id, location FROM staff WHERE id IN ("+db.d.placeholders(1, len(chunk))+")", anys(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("read staff: %w", err)
		}
		for rows.Next() {
			var id int64
			var loc string
			if err := rows.Scan(&id, &loc); err != nil {
				rows.Close()
				return nil, err
			}
			if gw.staff[loc] == nil {
				gw.staff[loc] = map[int64]bool{}
			}
			gw.staff[loc][id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return gw, nil
}

// writeGroup writes what the group's pushes left to write: their events,
// the orders that moved and each location's change stream, and the
// terminals' last sequences.
func (db *DB) writeGroup(ctx context.Context, tx *sql.Tx, gw *groupWrites) error {
	if db.d.name == "postgres" {
		return db.writeGroupPostgres(ctx, tx, gw)
	}
	now := db.now()
	for from := 0; from < len(gw.events); from += 500 {
		chunk := gw.events[from:min(from+500, len(gw.events))]
		q, args := db.eventInsert(len(chunk), now, func(i int) (string, string, *eventRow) {
			return chunk[i].terminal, chunk[i].location, &chunk[i].row
		})
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("record events: %w", err)
		}
	}
	byLocation := map[string][]string{}
	for ref, o := range gw.orders {
		if o.changed {
			byLocation[o.location] = append(byLocation[o.location], ref)
		}
	}
	var moved []string
	for loc := range byLocation {
		moved = append(moved, loc)
	}
	slices.Sort(moved)
	for _, loc := range moved {
		keys := byLocation[loc]
		slices.Sort(keys)
		a := &applier{db: db, tx: tx, ctx: ctx, orders: gw.orders}
		if err := a.saveOrderKeys(loc, keys); err != nil {
			return err
		}
	}
	var ids []string
	for id := range gw.lastSeq {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for from := 0; from < len(ids); from += 500 {
		chunk := ids[from:min(from+500, len(ids))]
		q := "UPDATE terminals SET last_seq = v.column2 FROM (VALUES " + db.d.valueRows(1, len(chunk), 2) + ") AS v WHERE terminals.id = v.column1"
		args := make([]any, 0, 2*len(chunk))
		for _, id := range chunk {
			args = append(args, id, gw.lastSeq[id])
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("record last sequences: %w", err)
		}
	}
	return nil
}
