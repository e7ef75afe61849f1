package store

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// writePostgres writes everything a push changes in one statement of
// data-modifying CTEs: the events, the orders that moved, the terminal's
// last sequence and the change stream. Rows travel as arrays, so the
// statement's text never changes and each connection prepares and plans it
// once: round trips and planning are what cost when hundreds of terminals
// push at once.
func (a *applier) writePostgres(last int64) error {
	n := len(a.rows)
	seq, staff, at, rejected, notify := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	id, typ, order, payload, reason, refused, message, hash := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, r := range a.rows {
		seq[i], id[i], typ[i], order[i], staff[i], at[i] = r.ev.Seq, r.ev.ID, r.ev.Type, r.ev.OrderID, r.ev.StaffID, r.ev.At.UnixMilli()
		payload[i], rejected[i], reason[i], refused[i], message[i], notify[i] = string(r.ev.Payload), int64(boolInt(r.reason != "")),
			r.reason, r.refused, r.message, int64(boolInt(r.notify))
		hash[i] = r.hash
	}
	keys := a.changedOrders()
	status, claimed := make([]string, len(keys)), make([]string, len(keys))
	for i, ref := range keys {
		status[i], claimed[i] = a.orders[ref].status, a.orders[ref].claimedBy
	}
	_, err := a.tx.ExecContext(a.ctx, pushStatement, last, a.t.ID, a.t.Location, a.db.now(),
		seq, id, typ, order, staff, at, payload, rejected, reason, refused, message, notify, keys, status, claimed, hash)
	if err != nil {
		return fmt.Errorf("record push: %w", err)
	}
	if len(keys) > 0 {
		a.db.touch(a.tx, a.t.Location, false) // the progress stream moved (notify.go)
	}
	return nil
}

// pushStatement is writePostgres's statement. The stream's counter row is
// locked by it, the last statement before commit: held for the commit only.
const pushStatement = `WITH t AS (UPDATE terminals SET last_seq = $1 WHERE id = $2),
e AS (INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload,
		location, rejected, reason, refused, message, notify, received_at, hash)
	SELECT $2, u.seq, u.id, u.typ, u.ord, u.staff, u.at, u.payload, $3, u.rejected, u.reason, u.refused, u.message, u.notify, $4, u.hash
	FROM unnest($5::bigint[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::text[],
		$12::bigint[], $13::text[], $14::text[], $15::text[], $16::bigint[], $20::text[])
		AS u(seq, id, typ, ord, staff, at, payload, rejected, reason, refused, message, notify, hash)),
o AS (UPDATE orders SET status = v.status, claimed_by = NULLIF(v.claimed, ''), put_back = '', updated_at = $4
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

const eventColumns = 16

// insertEvents writes the push's events, a few hundred per statement.
func (a *applier) insertEvents() error {
	now := a.db.now()
	for from := 0; from < len(a.rows); from += 500 {
		chunk := a.rows[from:min(from+500, len(a.rows))]
		q, args := a.db.eventInsert(len(chunk), now, func(i int) (string, string, *eventRow) { return a.t.ID, a.t.Location, &chunk[i] })
		if _, err := a.db.exec(a.ctx, a.tx, q, args...); err != nil {
			return fmt.Errorf("record events: %w", err)
		}
	}
	return nil
}

// eventInsert is the statement, and its arguments, that writes n events
// received at now; at(i) is the i-th with its terminal and location.
func (db *DB) eventInsert(n int, now int64, at func(i int) (terminal, location string, r *eventRow)) (string, []any) {
	q := `INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload,
			location, rejected, reason, refused, message, notify, received_at, hash) VALUES ` + db.d.valueRows(1, n, eventColumns)
	args := make([]any, 0, n*eventColumns)
	for i := 0; i < n; i++ {
		terminal, location, r := at(i)
		args = append(args, terminal, r.ev.Seq, r.ev.ID, r.ev.Type, r.ev.OrderID, r.ev.StaffID, r.ev.At.UnixMilli(), string(r.ev.Payload),
			location, boolInt(r.reason != ""), r.reason, r.refused, r.message, boolInt(r.notify), now, r.hash)
	}
	return q, args
}

// saveOrders writes the orders whose status changed and tells the
// terminals of the location, in the progress stream. The change stream's lock is taken last, so it
// is held only until commit.
func (a *applier) saveOrders() error {
	return a.saveOrderKeys(a.t.Location, a.changedOrders())
}

// saveOrderKeys writes the orders keys of location (sorted) and bumps its
// progress stream.
func (a *applier) saveOrderKeys(location string, keys []string) error {
	now := a.db.now()
	// One statement for all of them: UPDATE … FROM (VALUES …), which
	// both SQLite and PostgreSQL know (an empty claimed_by means none).
	for from := 0; from < len(keys); from += 200 {
		chunk := keys[from:min(from+200, len(keys))]
		q := "UPDATE orders SET status = v.column2, claimed_by = NULLIF(v.column3, ''), put_back = '', updated_at = " + a.db.d.param(1) +
			" FROM (VALUES " + a.db.d.valueRows(2, len(chunk), 3) + ") AS v WHERE orders.external_id = v.column1"
		args := []any{now}
		for _, ref := range chunk {
			o := a.orders[ref]
			args = append(args, ref, o.status, o.claimedBy)
		}
		if _, err := a.db.exec(a.ctx, a.tx, q, args...); err != nil {
			return fmt.Errorf("update orders: %w", err)
		}
	}
	return a.db.bump(a.ctx, a.tx, location, kindProgress, keys)
}

// placeholders returns the parameters from, from+1, … (n of them) of a
// statement whose parameters are all written with param and placeholders,
// in order: "$from, $from+1, …" on PostgreSQL, "?, ?, …" on SQLite. SQLite
// takes $n for a named parameter and looks each name up in a list when it
// binds: for the few thousand parameters of a multi-row insert that lookup
// was a tenth of a push's time.
func (d dialect) placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d.param(from + i))
	}
	return b.String()
}

// valueRows returns n rows of cols parameters each, the first being
// parameter from: "(?,?),(?,?)" on SQLite, "($1,$2),($3,$4)" on
// PostgreSQL, the VALUES of a multi-row statement.
func (d dialect) valueRows(from, n, cols int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		b.WriteString(d.placeholders(from+i*cols, cols))
		b.WriteByte(')')
	}
	return b.String()
}

// param returns parameter n (see placeholders).
func (d dialect) param(n int) string {
	if d.name == "sqlite" {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
