package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// lockTerminal locks the terminal's row, notes that it was seen, and
// returns the last sequence the hub holds for it and whether it was
// revoked (sql.ErrNoRows: no such terminal). On PostgreSQL the same
// statement also locks the orders evs name, after the terminal, so that a
// push costs one round trip less.
func (a *applier) lockTerminal(evs []core.Event) (last int64, revoked bool, err error) {
	if a.group != nil {
		ts, ok := a.group.terminals[a.t.ID]
		if !ok {
			return 0, false, sql.ErrNoRows
		}
		return ts.last, ts.revoked, nil
	}
	if a.db.d.name != "postgres" {
		var rev sql.NullInt64
		err = a.db.queryRow(a.ctx, a.tx, "UPDATE terminals SET last_seen = $1 WHERE id = $2 RETURNING last_seq, revoked_at", a.db.now(), a.t.ID).
			Scan(&last, &rev)
		return last, rev.Valid, err
	}
	rows, err := a.tx.QueryContext(a.ctx, lockStatement, a.db.now(), a.t.ID, orderKeys(evs), a.t.Location, staffKeys(evs))
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
		switch kind {
		case "t":
			found, last, revoked = true, seq, rev >= 0
			continue
		case "s":
			a.staff[seq] = true
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
// key order: two pushes never wait for each other in a circle. The staff
// of the terminal's location that the events name come with them.
const lockStatement = `WITH t AS (UPDATE terminals SET last_seen = $1 WHERE id = $2 RETURNING last_seq, revoked_at),
o AS (SELECT o.external_id, o.location, o.status, o.claimed_by FROM orders o, t
	WHERE o.external_id = ANY($3::text[]) ORDER BY o.external_id FOR UPDATE OF o)
SELECT 't', t.last_seq, COALESCE(t.revoked_at, -1), '', '', '' FROM t
UNION ALL
SELECT 'o', 0, 0, o.external_id, o.location || chr(31) || o.status, COALESCE(o.claimed_by, '') FROM o
UNION ALL
SELECT 's', s.id, 0, '', '', '' FROM staff s WHERE s.location = $4 AND s.id = ANY($5::bigint[])`

// staffKeys returns the staff evs name, each once.
func staffKeys(evs []core.Event) []int64 {
	var ids []int64
	for _, ev := range evs {
		if ev.StaffID != 0 {
			ids = append(ids, ev.StaffID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// readStaff reads which of the staff evs name belong to the terminal's
// location.
func (a *applier) readStaff(evs []core.Event) error {
	ids := staffKeys(evs)
	if len(ids) == 0 {
		return nil
	}
	for from := 0; from < len(ids); from += 500 {
		chunk := ids[from:min(from+500, len(ids))]
		rows, err := a.db.query(a.ctx, a.tx, `SELECT id FROM staff WHERE location = `+a.db.d.param(1)+` AND id IN (`+a.db.d.placeholders(2, len(chunk))+`)`,
			append([]any{a.t.Location}, anys(chunk)...)...)
		if err != nil {
			return fmt.Errorf("read staff: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			a.staff[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// orderKeys returns the orders evs name, sorted, each once.
func orderKeys(evs []core.Event) []string {
	var keys []string
	for _, ev := range evs {
		keys = append(keys, refs(ev)...)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// lockOrders reads and locks every order the events name.
func (a *applier) lockOrders(evs []core.Event) error {
	keys := orderKeys(evs)
	for from := 0; from < len(keys); from += 500 {
		chunk := keys[from:min(from+500, len(keys))]
		rows, err := a.db.query(a.ctx, a.tx, `SELECT external_id, location, status, COALESCE(claimed_by, '') FROM orders
			WHERE external_id IN (`+a.db.d.placeholders(1, len(chunk))+`) ORDER BY external_id`+a.db.d.forUpdate, anys(chunk)...)
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
