package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// PostgreSQL reads and writes a batched group (groupbatch.go) in two
// statements whose text never changes, its rows travelling as arrays:
// each connection plans them once, and a group costs two round trips
// however many pushes it holds.

// readGroupPostgres is readGroup on PostgreSQL. The terminals are locked
// first, then the orders, in key order: two groups never wait for each
// other in a circle.
func (db *DB) readGroupPostgres(ctx context.Context, tx *sql.Tx, gw *groupWrites, ids, refs []string, staff []int64) error {
	rows, err := tx.QueryContext(ctx, groupLockStatement, db.now(), ids, refs, staff)
	if err != nil {
		return fmt.Errorf("read terminals, orders and staff: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, key, s1, s2 string
		var n1, n2 int64
		if err := rows.Scan(&kind, &key, &n1, &n2, &s1, &s2); err != nil {
			return err
		}
		switch kind {
		case "t":
			gw.terminals[key] = terminalState{last: n1, revoked: n2 >= 0}
		case "o":
			gw.orders[key] = &orderRow{ref: key, location: s1, status: s2[:strings.IndexByte(s2, 0x1f)], claimedBy: s2[strings.IndexByte(s2, 0x1f)+1:]}
		case "s":
			if gw.staff[key] == nil {
				gw.staff[key] = map[int64]bool{}
			}
			gw.staff[key][n1] = true
		}
	}
	return rows.Err()
}

const groupLockStatement = `WITH t AS (UPDATE terminals SET last_seen = $1 WHERE id = ANY($2::text[]) RETURNING id, last_seq, revoked_at),
o AS (SELECT o.external_id, o.location, o.status, o.claimed_by FROM orders o
	WHERE o.external_id = ANY($3::text[]) AND EXISTS (SELECT 1 FROM t) ORDER BY o.external_id FOR UPDATE OF o)
SELECT 't', t.id, t.last_seq, COALESCE(t.revoked_at, -1), '', '' FROM t
UNION ALL
SELECT 'o', o.external_id, 0, 0, o.location, o.status || chr(31) || COALESCE(o.claimed_by, '') FROM o
UNION ALL
SELECT 's', s.location, s.id, 0, '', '' FROM staff s WHERE s.id = ANY($4::bigint[])`

// writeGroupPostgres is writeGroup on PostgreSQL: the events, the orders
// that moved, the change streams of their locations and the terminals'
// last sequences, in one statement. The streams' rows are locked last,
// in location order, so they are held for the commit only.
func (db *DB) writeGroupPostgres(ctx context.Context, tx *sql.Tx, gw *groupWrites) error {
	n := len(gw.events)
	term, loc, id, typ, order, payload, reason, refused, message, hash := make([]string, n), make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	seq, staff, at, rejected, notify := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	for i, e := range gw.events {
		r := e.row
		term[i], loc[i], seq[i], id[i], typ[i], order[i], staff[i], at[i] = e.terminal, e.location, r.ev.Seq, r.ev.ID, r.ev.Type, r.ev.OrderID, r.ev.StaffID, r.ev.At.UnixMilli()
		payload[i], rejected[i], reason[i], refused[i], message[i], notify[i], hash[i] = string(r.ev.Payload), int64(boolInt(r.reason != "")),
			r.reason, r.refused, r.message, int64(boolInt(r.notify)), r.hash
	}
	var tids []string
	var lasts []int64
	for t, last := range gw.lastSeq {
		tids, lasts = append(tids, t), append(lasts, last)
	}
	var refs, status, claimed, keyLoc []string
	var ord []int64
	counts := map[string]int64{}
	for ref, o := range gw.orders {
		if o.changed {
			refs = append(refs, ref)
		}
	}
	slices.SortFunc(refs, func(a, b string) int {
		if c := strings.Compare(gw.orders[a].location, gw.orders[b].location); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, ref := range refs {
		o := gw.orders[ref]
		counts[o.location]++
		status, claimed, keyLoc, ord = append(status, o.status), append(claimed, o.claimedBy), append(keyLoc, o.location), append(ord, counts[o.location])
	}
	var locs []string
	var locCounts []int64
	for l, c := range counts {
		locs, locCounts = append(locs, l), append(locCounts, c)
		db.touch(tx, l, false) // the progress stream moved (notify.go)
	}
	_, err := tx.ExecContext(ctx, groupWriteStatement, tids, lasts, db.now(),
		term, seq, id, typ, order, staff, at, payload, loc, rejected, reason, refused, message, notify, hash,
		refs, status, claimed, locs, locCounts, keyLoc, refs, ord)
	if err != nil {
		return fmt.Errorf("record group: %w", err)
	}
	return nil
}

const groupWriteStatement = `WITH t AS (UPDATE terminals SET last_seq = u.last FROM unnest($1::text[], $2::bigint[]) AS u(id, last) WHERE terminals.id = u.id),
e AS (INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload,
		location, rejected, reason, refused, message, notify, received_at, hash)
	SELECT u.term, u.seq, u.id, u.typ, u.ord, u.staff, u.at, u.payload, u.loc, u.rejected, u.reason, u.refused, u.message, u.notify, $3, u.hash
	FROM unnest($4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::text[],
		$12::text[], $13::bigint[], $14::text[], $15::text[], $16::text[], $17::bigint[], $18::text[])
		AS u(term, seq, id, typ, ord, staff, at, payload, loc, rejected, reason, refused, message, notify, hash)),
o AS (UPDATE orders SET status = v.status, claimed_by = NULLIF(v.claimed, ''), put_back = '', updated_at = $3
	FROM unnest($19::text[], $20::text[], $21::text[]) AS v(ref, status, claimed) WHERE orders.external_id = v.ref),
s AS (INSERT INTO streams(location, kind, version) SELECT l.loc, 'progress', l.n FROM unnest($22::text[], $23::bigint[]) AS l(loc, n) ORDER BY l.loc
	ON CONFLICT(location, kind) DO UPDATE SET version = streams.version + excluded.version RETURNING location, version)
INSERT INTO changes(location, kind, key, version)
SELECT c.loc, 'progress', c.key, s.version - l.n + c.ord
FROM unnest($24::text[], $25::text[], $26::bigint[]) AS c(loc, key, ord)
	JOIN s ON s.location = c.loc JOIN unnest($22::text[], $23::bigint[]) AS l(loc, n) ON l.loc = c.loc
ON CONFLICT(location, kind, key) DO UPDATE SET version = excluded.version`
