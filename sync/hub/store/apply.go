package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Reasons the hub refuses an event. The terminal turns each into an
// exception for a person.
const (
	ReasonOrderCancelled = "order_cancelled"
	ReasonOrderClaimed   = "order_claimed"
	ReasonOtherLocation  = "other_location"
)

// applier applies the fresh events of one push inside its transaction. It
// locks every order the push names in one statement (in key order, so two
// pushes cannot deadlock on them), judges and applies the events in memory,
// and writes the events, the changed orders and the change stream in a few
// multi-row statements: a push costs a handful of round trips, not a few
// per event.
type applier struct {
	db  *DB
	tx  *sql.Tx
	ctx context.Context
	t   core.Terminal

	orders    map[string]*orderRow
	locked    bool              // lockTerminal locked the orders too
	names     map[string]string // terminal id -> name, for messages
	notified  map[string]bool   // order+reason already told to the terminal
	rows      []eventRow
	rejection []core.EventRejection
}

// orderRow is what the hub needs to know of an order to judge an event.
type orderRow struct {
	ref, location, status, claimedBy string
	changed                          bool
}

// eventRow is an event as the events table stores it.
type eventRow struct {
	ev                       core.Event
	reason, refused, message string
	notify                   bool
}

func newApplier(ctx context.Context, db *DB, tx *sql.Tx, t core.Terminal) *applier {
	return &applier{db: db, tx: tx, ctx: ctx, t: t, orders: map[string]*orderRow{}, names: map[string]string{}, notified: map[string]bool{}}
}

// refs returns the orders an event is about, when it is work on them.
func refs(ev core.Event) []string {
	if !changesOrder(ev.Type) || ev.OrderID == "" {
		return nil
	}
	var out []string
	for _, r := range strings.Split(ev.OrderID, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// lockTerminal locks the terminal's row, notes that it was seen, and
// returns the last sequence the hub holds for it and whether it was
// revoked (sql.ErrNoRows: no such terminal). On PostgreSQL the same
// statement also locks the orders evs name, after the terminal, so that a
// push costs one round trip less.
func (a *applier) lockTerminal(evs []core.Event) (last int64, revoked bool, err error) {
	if a.db.d.name != "postgres" {
		var rev sql.NullInt64
		err = a.db.queryRow(a.ctx, a.tx, "UPDATE terminals SET last_seen = $1 WHERE id = $2 RETURNING last_seq, revoked_at", a.db.now(), a.t.ID).
			Scan(&last, &rev)
		return last, rev.Valid, err
	}
	rows, err := a.tx.QueryContext(a.ctx, lockStatement, a.db.now(), a.t.ID, orderKeys(evs))
	if err != nil {
		return 0, false, fmt.Errorf("lock terminal and orders: %w", err)
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var kind, ref, state, claimed string
		var seq, rev int64
		if err := rows.Scan(&kind, &seq, &rev, &ref, &state, &claimed); err != nil {
			return 0, false, err
		}
		if kind == "t" {
			found, last, revoked = true, seq, rev >= 0
			continue
		}
		loc, status, _ := strings.Cut(state, "\x1f")
		a.orders[ref] = &orderRow{ref: ref, location: loc, status: status, claimedBy: claimed}
	}
	if err := rows.Err(); err != nil {
		return 0, false, err
	}
	if !found {
		return 0, false, sql.ErrNoRows
	}
	a.locked = true
	return last, revoked, nil
}

// lockStatement is lockTerminal's statement on PostgreSQL. The orders are
// joined to the updated terminal row, so they are locked after it, and in
// key order: two pushes never wait for each other in a circle.
const lockStatement = `WITH t AS (UPDATE terminals SET last_seen = $1 WHERE id = $2 RETURNING last_seq, revoked_at),
o AS (SELECT o.external_id, o.location, o.status, o.claimed_by FROM orders o, t
	WHERE o.external_id = ANY($3::text[]) ORDER BY o.external_id FOR UPDATE OF o)
SELECT 't', t.last_seq, COALESCE(t.revoked_at, -1), '', '', '' FROM t
UNION ALL
SELECT 'o', 0, 0, o.external_id, o.location || chr(31) || o.status, COALESCE(o.claimed_by, '') FROM o`

// orderKeys returns the orders evs name, sorted, each once.
func orderKeys(evs []core.Event) []string {
	var keys []string
	for _, ev := range evs {
		keys = append(keys, refs(ev)...)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// applyAll applies evs (fresh, in sequence order) and writes them with the
// terminal's new last sequence.
func (a *applier) applyAll(evs []core.Event) error {
	if !a.locked {
		if err := a.lockOrders(evs); err != nil {
			return err
		}
	}
	for _, ev := range evs {
		if err := a.apply(ev); err != nil {
			return fmt.Errorf("event %d (%s): %w", ev.Seq, ev.Type, err)
		}
	}
	if len(evs) == 0 {
		return nil
	}
	last := evs[len(evs)-1].Seq
	if a.db.d.name == "postgres" {
		return a.writePostgres(last)
	}
	if err := a.insertEvents(); err != nil {
		return err
	}
	if err := a.saveOrders(); err != nil {
		return err
	}
	_, err := a.db.exec(a.ctx, a.tx, "UPDATE terminals SET last_seq = $1 WHERE id = $2", last, a.t.ID)
	return err
}

// writePostgres writes everything a push changes in one statement of
// data-modifying CTEs: the events, the orders that moved, the terminal's
// last sequence and the change stream. Rows travel as arrays, so the
// statement's text never changes and each connection prepares and plans it
// once: round trips and planning are what cost when hundreds of terminals
// push at once.
func (a *applier) writePostgres(last int64) error {
	n := len(a.rows)
	seq, staff, at, rejected, notify := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	id, typ, order, payload, reason, refused, message := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, r := range a.rows {
		seq[i], id[i], typ[i], order[i], staff[i], at[i] = r.ev.Seq, r.ev.ID, r.ev.Type, r.ev.OrderID, r.ev.StaffID, r.ev.At.UnixMilli()
		payload[i], rejected[i], reason[i], refused[i], message[i], notify[i] = string(r.ev.Payload), int64(boolInt(r.reason != "")),
			r.reason, r.refused, r.message, int64(boolInt(r.notify))
	}
	keys := a.changedOrders()
	status, claimed := make([]string, len(keys)), make([]string, len(keys))
	for i, ref := range keys {
		status[i], claimed[i] = a.orders[ref].status, a.orders[ref].claimedBy
	}
	_, err := a.tx.ExecContext(a.ctx, pushStatement, last, a.t.ID, a.t.Location, a.db.now(),
		seq, id, typ, order, staff, at, payload, rejected, reason, refused, message, notify, keys, status, claimed)
	if err != nil {
		return fmt.Errorf("record push: %w", err)
	}
	return nil
}

// pushStatement is writePostgres's statement. The stream's counter row is
// locked by it, the last statement before commit: held for the commit only.
const pushStatement = `WITH t AS (UPDATE terminals SET last_seq = $1 WHERE id = $2),
e AS (INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload,
		location, rejected, reason, refused, message, notify, received_at)
	SELECT $2, u.seq, u.id, u.typ, u.ord, u.staff, u.at, u.payload, $3, u.rejected, u.reason, u.refused, u.message, u.notify, $4
	FROM unnest($5::bigint[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::text[],
		$12::bigint[], $13::text[], $14::text[], $15::text[], $16::bigint[])
		AS u(seq, id, typ, ord, staff, at, payload, rejected, reason, refused, message, notify)),
o AS (UPDATE orders SET status = v.status, claimed_by = NULLIF(v.claimed, ''), updated_at = $4
	FROM unnest($17::text[], $18::text[], $19::text[]) AS v(ref, status, claimed) WHERE orders.external_id = v.ref),
s AS (INSERT INTO streams(location, kind, version) SELECT $3, 'progress', cardinality($17::text[]) WHERE cardinality($17::text[]) > 0
	ON CONFLICT(location, kind) DO UPDATE SET version = streams.version + excluded.version RETURNING version)
INSERT INTO changes(location, kind, key, version)
SELECT $3, 'progress', c.key, s.version - cardinality($17::text[]) + c.ord FROM s, unnest($17::text[]) WITH ORDINALITY AS c(key, ord)
ON CONFLICT(location, kind, key) DO UPDATE SET version = excluded.version`

// changedOrders lists, sorted, the orders whose status the push changed.
func (a *applier) changedOrders() []string {
	var keys []string
	for ref, o := range a.orders {
		if o.changed {
			keys = append(keys, ref)
		}
	}
	sort.Strings(keys)
	return keys
}

// lockOrders reads and locks every order the events name.
func (a *applier) lockOrders(evs []core.Event) error {
	keys := orderKeys(evs)
	for from := 0; from < len(keys); from += 500 {
		chunk := keys[from:min(from+500, len(keys))]
		rows, err := a.db.query(a.ctx, a.tx, `SELECT external_id, location, status, COALESCE(claimed_by, '') FROM orders
			WHERE external_id IN (`+placeholders(1, len(chunk))+`) ORDER BY external_id`+a.db.d.forUpdate, anys(chunk)...)
		if err != nil {
			return fmt.Errorf("lock orders: %w", err)
		}
		if err := a.scanOrders(rows); err != nil {
			return err
		}
	}
	return nil
}

func (a *applier) scanOrders(rows *sql.Rows) error {
	defer rows.Close()
	for rows.Next() {
		o := &orderRow{}
		if err := rows.Scan(&o.ref, &o.location, &o.status, &o.claimedBy); err != nil {
			return err
		}
		a.orders[o.ref] = o
	}
	return rows.Err()
}

// apply judges ev and, unless the hub refuses it, applies its effect on
// the orders it names. A claim of several orders takes those it can and is
// refused for the others.
func (a *applier) apply(ev core.Event) error {
	r := eventRow{ev: ev}
	var refused []string
	for _, ref := range refs(ev) {
		o, ok := a.orders[ref]
		if !ok {
			continue // an order the hub never had (local demo data): recorded, nothing to change
		}
		reason, message, err := a.judge(ev, o)
		if err != nil {
			return err
		}
		if reason == "" {
			a.transition(ev, o)
			continue
		}
		if r.reason == "" {
			r.reason, r.message = reason, message
		} else if reason == r.reason {
			r.message += " " + message
		}
		refused = append(refused, ref)
	}
	if r.reason != "" {
		r.refused = strings.Join(refused, ",")
		var err error
		if r.notify, err = a.shouldNotify(r.refused, r.reason); err != nil {
			return err
		}
		a.rejection = append(a.rejection, core.EventRejection{EventID: ev.ID, Seq: ev.Seq, OrderID: r.refused,
			Reason: r.reason, Message: r.message, At: msTime(a.db.now())})
	}
	a.rows = append(a.rows, r)
	return nil
}

// shouldNotify reports whether a rejection is the first of its kind for an
// order at this terminal: one exception per order and reason is enough for
// a person, however many scans followed the refused claim.
func (a *applier) shouldNotify(orderRef, reason string) (bool, error) {
	if orderRef == "" {
		return true, nil
	}
	key := orderRef + "\x00" + reason
	if a.notified[key] {
		return false, nil
	}
	a.notified[key] = true
	var n int
	err := a.db.queryRow(a.ctx, a.tx, `SELECT COUNT(*) FROM events WHERE terminal_id = $1 AND notify = 1 AND refused = $2 AND reason = $3`,
		a.t.ID, orderRef, reason).Scan(&n)
	return n == 0, err
}

// judge decides whether the hub takes ev for order o.
func (a *applier) judge(ev core.Event, o *orderRow) (reason, message string, err error) {
	switch {
	case o.location != a.t.Location:
		return ReasonOtherLocation, fmt.Sprintf("Order %s belongs to another location; this terminal works only on orders of %s. Nothing was recorded for it.", o.ref, a.t.Location), nil
	case core.OrderStatus(o.status) == core.OrderCancelled && fulfils(ev.Type):
		return ReasonOrderCancelled, fmt.Sprintf("Order %s was cancelled at the hub before this terminal's %s reached it. Stop working on it and put back everything picked for it.", o.ref, describe(ev.Type)), nil
	case o.claimedBy != "" && o.claimedBy != a.t.ID && picks(ev.Type):
		name, err := a.terminalName(o.claimedBy)
		if err != nil {
			return "", "", err
		}
		return ReasonOrderClaimed, fmt.Sprintf("Order %s was claimed first at terminal %q, which keeps it. Stop picking it here and put back everything picked for it.", o.ref, name), nil
	}
	return "", "", nil
}

func (a *applier) terminalName(id string) (string, error) {
	if name, ok := a.names[id]; ok {
		return name, nil
	}
	var name string
	err := a.db.queryRow(a.ctx, a.tx, "SELECT name FROM terminals WHERE id = $1", id).Scan(&name)
	if isNoRows(err) {
		name, err = id, nil
	}
	a.names[id] = name
	return name, err
}

// transition moves the hub's order along with the work the event records.
func (a *applier) transition(ev core.Event, o *orderRow) {
	status, claimed := core.OrderStatus(o.status), o.claimedBy
	switch ev.Type {
	case core.EventPickClaimed:
		claimed = a.t.ID
		if status == core.OrderOpen {
			status = core.OrderPicking
		}
	case core.EventPickReleased:
		if claimed == a.t.ID {
			claimed = ""
			if status == core.OrderPicking {
				status = core.OrderOpen
			}
		}
	case core.EventPickUndone:
		if status == core.OrderPicked {
			status = core.OrderPicking
		}
	case core.EventOrderPicked:
		status, claimed = core.OrderPicked, a.t.ID
	default:
		if s, ok := strings.CutPrefix(ev.Type, "order."); ok {
			switch st := core.OrderStatus(s); st {
			case core.OrderPacked, core.OrderShipped, core.OrderStaged, core.OrderCollected, core.OrderExpired:
				status = st
			}
		}
	}
	if string(status) != o.status || claimed != o.claimedBy {
		o.status, o.claimedBy, o.changed = string(status), claimed, true
	}
}

const eventColumns = 15

// insertEvents writes the push's events, a few hundred per statement.
func (a *applier) insertEvents() error {
	now := a.db.now()
	for from := 0; from < len(a.rows); from += 500 {
		chunk := a.rows[from:min(from+500, len(a.rows))]
		var q strings.Builder
		q.WriteString(`INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload,
			location, rejected, reason, refused, message, notify, received_at) VALUES `)
		args := make([]any, 0, len(chunk)*eventColumns)
		for i, r := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(" + placeholders(i*eventColumns+1, eventColumns) + ")")
			args = append(args, a.t.ID, r.ev.Seq, r.ev.ID, r.ev.Type, r.ev.OrderID, r.ev.StaffID, r.ev.At.UnixMilli(), string(r.ev.Payload),
				a.t.Location, boolInt(r.reason != ""), r.reason, r.refused, r.message, boolInt(r.notify), now)
		}
		if _, err := a.db.exec(a.ctx, a.tx, q.String(), args...); err != nil {
			return fmt.Errorf("record events: %w", err)
		}
	}
	return nil
}

// saveOrders writes the orders whose status changed and tells the
// terminals of the location, in the progress stream. The change stream's lock is taken last, so it
// is held only until commit.
func (a *applier) saveOrders() error {
	keys := a.changedOrders()
	now := a.db.now()
	// One statement for all of them: UPDATE … FROM (VALUES …), which
	// both SQLite and PostgreSQL know (an empty claimed_by means none).
	for from := 0; from < len(keys); from += 200 {
		chunk := keys[from:min(from+200, len(keys))]
		var q strings.Builder
		q.WriteString("UPDATE orders SET status = v.column2, claimed_by = NULLIF(v.column3, ''), updated_at = $1 FROM (VALUES ")
		args := []any{now}
		for i, ref := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(" + placeholders(2+3*i, 3) + ")")
			o := a.orders[ref]
			args = append(args, ref, o.status, o.claimedBy)
		}
		q.WriteString(") AS v WHERE orders.external_id = v.column1")
		if _, err := a.db.exec(a.ctx, a.tx, q.String(), args...); err != nil {
			return fmt.Errorf("update orders: %w", err)
		}
	}
	return a.db.bump(a.ctx, a.tx, a.t.Location, kindProgress, keys)
}

// Which events the hub judges. Picking is held by the terminal that claimed
// the order first; the rest of the work (packing at a pack station,
// handing over at the counter) may happen at any terminal of the location.

// picks reports whether an event is picking work, which only the terminal
// holding the order's claim may do.
func picks(typ string) bool {
	return typ == core.EventOrderPicked || (strings.HasPrefix(typ, "pick.") && typ != core.EventPickReleased)
}

// fulfils reports whether an event moves an order towards its customer:
// work a cancellation makes void. Putting things back (an undo, a release,
// a restock) and mere records (a customer arriving) are always taken.
func fulfils(typ string) bool {
	switch typ {
	case core.EventPickReleased, core.EventPickUndone:
		return false
	case core.EventOrderPicked, core.EventOrderPacked, core.EventOrderStaged, core.EventOrderCollected,
		core.EventPickupBagsTagged, core.EventPickupBagStaged, core.EventPickupBagMoved, core.EventPickupVerified, core.EventPickupBagHanded:
		return true
	}
	return strings.HasPrefix(typ, "pick.") || strings.HasPrefix(typ, "pack.") || strings.HasPrefix(typ, "label.")
}

// changesOrder reports whether the hub looks at the orders an event names:
// to judge it, or to move the order's status.
func changesOrder(typ string) bool {
	return fulfils(typ) || picks(typ) || typ == core.EventPickReleased || typ == core.EventOrderExpired
}

// describe names an event type for a person: "pick.item_picked" -> "item picked".
func describe(typ string) string {
	_, s, ok := strings.Cut(typ, ".")
	if !ok {
		s = typ
	}
	return strings.ReplaceAll(s, "_", " ")
}

// placeholders returns "$from, $from+1, …" for n parameters.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
