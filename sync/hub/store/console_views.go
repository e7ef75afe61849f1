package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// OnlineWindow is how recently a station must have pushed for the console
// to call it online: stations sync at least every minute while they run.
const OnlineWindow = 2 * time.Minute

// StationRow is one station on the console's stations page.
type StationRow struct {
	TerminalInfo
	Online bool
	// Waiting is the number of events the station last reported still
	// waiting to be pushed, -1 if it never reported; WaitingAt when.
	Waiting   int64
	WaitingAt time.Time
	Claims    int // unfinished orders it holds claimed (filled in by the caller, from OpenClaims)
}

// StationRows lists the stations of the given locations (nil: none).
func (db *DB) StationRows(ctx context.Context, locations []string) ([]StationRow, error) {
	if len(locations) == 0 {
		return nil, nil
	}
	where, args := inLocations("t.location", locations, 1)
	rows, err := db.sql.QueryContext(ctx, `SELECT t.id, t.name, t.location, t.created_at, t.revoked_at, t.last_seq, t.last_seen, t.version, t.outbox, t.outbox_at
		FROM terminals t WHERE `+where+` ORDER BY t.location, t.name, t.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("stations: %w", err)
	}
	defer rows.Close()
	online := db.Now().Add(-OnlineWindow).UnixMilli()
	var out []StationRow
	for rows.Next() {
		var s StationRow
		var created, seen, waitingAt int64
		var revoked sql.NullInt64
		if err := rows.Scan(&s.ID, &s.Name, &s.Location, &created, &revoked, &s.LastSeq, &seen, &s.Version, &s.Waiting, &waitingAt); err != nil {
			return nil, fmt.Errorf("stations: %w", err)
		}
		s.CreatedAt = time.UnixMilli(created).UTC()
		if revoked.Valid {
			r := time.UnixMilli(revoked.Int64).UTC()
			s.RevokedAt = &r
		}
		if seen > 0 {
			t := time.UnixMilli(seen).UTC()
			s.LastSeen = &t
		}
		s.Online = !revoked.Valid && seen >= online
		s.WaitingAt = time.UnixMilli(waitingAt).UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// unfinished is the SQL condition of an order whose work is not over: the
// hub keeps the last claim of a shipped order, which nobody needs to see.
const unfinished = `status NOT IN ('shipped', 'collected', 'cancelled', 'expired')`

// OpenClaims lists the claims of unfinished orders at the given locations.
// Orders have no index on claimed_by (a claim then updates its row in
// place), so this is one pass over the orders; callers count from it.
func (db *DB) OpenClaims(ctx context.Context, locations []string) ([]Claim, error) {
	if len(locations) == 0 {
		return nil, nil
	}
	where, args := inLocations("o.location", locations, 1)
	rows, err := db.sql.QueryContext(ctx, `SELECT o.external_id, o.location, o.status, o.claimed_by, COALESCE(t.name, ''), t.revoked_at IS NOT NULL
		FROM orders o LEFT JOIN terminals t ON t.id = o.claimed_by
		WHERE o.claimed_by IS NOT NULL AND o.`+unfinished+` AND `+where+` ORDER BY o.location, o.external_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("open claims: %w", err)
	}
	defer rows.Close()
	var out []Claim
	for rows.Next() {
		var c Claim
		if err := rows.Scan(&c.ExternalID, &c.Location, &c.Status, &c.TerminalID, &c.TerminalName, &c.Revoked); err != nil {
			return nil, fmt.Errorf("open claims: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// inLocations is an SQL condition "col IN (…)" for locations (AllLocations:
// any), with its arguments numbered from $first.
func inLocations(col string, locations []string, first int) (string, []any) {
	for _, l := range locations {
		if l == AllLocations {
			return "1 = 1", nil
		}
	}
	var b strings.Builder
	args := make([]any, len(locations))
	b.WriteString(col + " IN (")
	for i, l := range locations {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", first+i)
		args[i] = l
	}
	b.WriteString(")")
	return b.String(), args
}

// Terminal returns one terminal's location (for checking who may act on it).
func (db *DB) TerminalLocation(ctx context.Context, id string) (string, error) {
	var loc string
	err := db.sql.QueryRowContext(ctx, `SELECT location FROM terminals WHERE id = $1`, id).Scan(&loc)
	if isNoRows(err) {
		return "", core.Errorf(core.ENOTFOUND, "unknown_terminal", "There is no station %q.", id)
	}
	return loc, err
}

// OrderLocation returns one order's location.
func (db *DB) OrderLocation(ctx context.Context, externalID string) (string, error) {
	var loc string
	err := db.sql.QueryRowContext(ctx, `SELECT location FROM orders WHERE external_id = $1`, externalID).Scan(&loc)
	if isNoRows(err) {
		return "", core.Errorf(core.ENOTFOUND, "unknown_order", "There is no order %s at this hub.", externalID)
	}
	return loc, err
}

// StatusAge counts a location's orders of one status by how long they have
// been in it.
type StatusAge struct {
	Status core.OrderStatus
	// Ages counts orders by time in status: under 1 h, 1–4 h, 4–24 h, over 24 h.
	Ages  [4]int
	Total int
}

// AgeBounds are the upper bounds of StatusAge.Ages' first three buckets.
var AgeBounds = [3]time.Duration{time.Hour, 4 * time.Hour, 24 * time.Hour}

// OrderAges counts a location's orders by status and age.
func (db *DB) OrderAges(ctx context.Context, location string) ([]StatusAge, error) {
	now := db.now()
	b := [3]int64{now - AgeBounds[0].Milliseconds(), now - AgeBounds[1].Milliseconds(), now - AgeBounds[2].Milliseconds()}
	rows, err := db.sql.QueryContext(ctx, `SELECT status,
		sum(CASE WHEN updated_at > $2 THEN 1 ELSE 0 END), sum(CASE WHEN updated_at <= $2 AND updated_at > $3 THEN 1 ELSE 0 END),
		sum(CASE WHEN updated_at <= $3 AND updated_at > $4 THEN 1 ELSE 0 END), sum(CASE WHEN updated_at <= $4 THEN 1 ELSE 0 END), count(*)
		FROM orders WHERE location = $1 GROUP BY status ORDER BY status`, location, b[0], b[1], b[2])
	if err != nil {
		return nil, fmt.Errorf("order ages: %w", err)
	}
	defer rows.Close()
	var out []StatusAge
	for rows.Next() {
		var s StatusAge
		if err := rows.Scan(&s.Status, &s.Ages[0], &s.Ages[1], &s.Ages[2], &s.Ages[3], &s.Total); err != nil {
			return nil, fmt.Errorf("order ages: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// OrderRow is one order in the console's order list.
type OrderRow struct {
	ExternalID string
	Status     core.OrderStatus
	ClaimedBy  string
	PutBack    bool
	Since      time.Time // in this status since
}

// OrderRows lists up to limit orders of a location, oldest in their status
// first, of one status ("" any) whose external id contains search.
func (db *DB) OrderRows(ctx context.Context, location string, status core.OrderStatus, search string, limit int) ([]OrderRow, error) {
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToUpper(search)) + "%"
	rows, err := db.sql.QueryContext(ctx, `SELECT external_id, status, COALESCE(claimed_by, ''), put_back <> '', updated_at FROM orders
		WHERE location = $1 AND ($2 = '' OR status = $2) AND upper(external_id) LIKE $3 ESCAPE '\'
		ORDER BY updated_at, external_id LIMIT $4`, location, string(status), like, limit)
	if err != nil {
		return nil, fmt.Errorf("orders: %w", err)
	}
	defer rows.Close()
	var out []OrderRow
	for rows.Next() {
		var o OrderRow
		var at int64
		if err := rows.Scan(&o.ExternalID, &o.Status, &o.ClaimedBy, &o.PutBack, &at); err != nil {
			return nil, fmt.Errorf("orders: %w", err)
		}
		o.Since = time.UnixMilli(at).UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}
