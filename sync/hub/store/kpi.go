package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// KPIDay is how one location's day went (UTC days), from the events its
// stations pushed and the orders the hub holds.
type KPIDay struct {
	Day time.Time
	// Completed counts orders shipped or collected that day; Accurate
	// those among them with no short pick (every line picked in full).
	Completed, Accurate int
	// CycleTotal adds up, over the completed orders the hub knows the
	// creation time of (CycleOrders), the time from created to completed.
	CycleTotal  time.Duration
	CycleOrders int
	// OnTime counts the completed orders with a promised time that were
	// completed by it; Promised counts those with a promised time.
	OnTime, Promised int
	// Units picked, and PickerHours: the distinct (picker, clock hour)
	// pairs with a pick, the hours people spent picking.
	Units, PickerHours int
	// Returns counts units received back that day.
	Returns int
}

// Accuracy is the share of completed orders picked in full, -1 with none.
func (k KPIDay) Accuracy() float64 { return ratio(k.Accurate, k.Completed) }

// OnTimeRate is the share of promised orders completed by their promise.
func (k KPIDay) OnTimeRate() float64 { return ratio(k.OnTime, k.Promised) }

// ReturnRate is units received back per order completed, -1 with none.
func (k KPIDay) ReturnRate() float64 { return ratio(k.Returns, k.Completed) }

// PickRate is units picked per picker-hour, -1 with no picking.
func (k KPIDay) PickRate() float64 { return ratio(k.Units, k.PickerHours) }

// CycleTime is the mean fulfilment cycle time, -1 with no order to measure.
func (k KPIDay) CycleTime() time.Duration {
	if k.CycleOrders == 0 {
		return -1
	}
	return k.CycleTotal / time.Duration(k.CycleOrders)
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func ratio(a, b int) float64 {
	if b == 0 {
		return -1
	}
	return float64(a) / float64(b)
}

const dayMS = 24 * 60 * 60 * 1000

// KPIs returns a location's KPIs for each UTC day from from to to
// (inclusive; both truncated to their day), oldest first.
func (db *DB) KPIs(ctx context.Context, location string, from, to time.Time) ([]KPIDay, error) {
	first, last := from.UTC().UnixMilli()/dayMS, to.UTC().UnixMilli()/dayMS
	if last < first || last-first > 366 {
		return nil, core.Errorf(core.EINVALID, "bad_range", "Choose a range of 1 to 366 days.")
	}
	days := make([]KPIDay, last-first+1)
	for i := range days {
		days[i].Day = time.UnixMilli((first + int64(i)) * dayMS).UTC()
	}
	var stale []int
	var counts []int64
	err := db.read(ctx, func(tx *sql.Tx) error {
		if db.d.name == "postgres" {
			// The hub's connections plan statements once for any
			// parameters (see Open); a range of days is planned best
			// knowing how many rows it holds.
			if _, err := tx.ExecContext(ctx, "SET LOCAL plan_cache_mode = force_custom_plan"); err != nil {
				return err
			}
			// A month of picks aggregates in memory, not on disk.
			if _, err := tx.ExecContext(ctx, "SET LOCAL work_mem = '32MB'"); err != nil {
				return err
			}
			// A month of completions is estimated costly enough for JIT
			// compilation, which took longer (60 ms) than it saved.
			if _, err := tx.ExecContext(ctx, "SET LOCAL jit = off"); err != nil {
				return err
			}
		}
		var err error
		if stale, counts, err = db.kpiCached(ctx, tx, location, first, days); err != nil || len(stale) == 0 {
			return err
		}
		// One pass over the span of the days to compute.
		from, to := first+int64(stale[0]), first+int64(stale[len(stale)-1])
		span := days[stale[0] : stale[len(stale)-1]+1]
		keep := make([]KPIDay, len(span))
		copy(keep, span)
		for i := range span {
			span[i] = KPIDay{Day: span[i].Day}
		}
		if err := db.kpiPicks(ctx, tx, location, from*dayMS, (to+1)*dayMS, from, span); err != nil {
			return err
		}
		if err := db.kpiOrders(ctx, tx, location, from*dayMS, (to+1)*dayMS, from, span); err != nil {
			return err
		}
		for i := range span { // the cached days inside the span stay as they were
			if !containsInt(stale, stale[0]+i) {
				span[i] = keep[i]
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("KPIs of %s: %w", location, err)
	}
	if len(stale) > 0 {
		if err := db.saveKPIs(ctx, location, first, days, stale, counts); err != nil {
			return nil, fmt.Errorf("KPIs of %s: save: %w", location, err)
		}
	}
	return days, nil
}

// kpiPicks adds the units picked and the picker-hours of each day. The
// units are the events' qty column (migration 0053), not their payloads.
func (db *DB) kpiPicks(ctx context.Context, tx *sql.Tx, location string, lo, hi, first int64, days []KPIDay) error {
	// Grouped by (day, picker, hour) first: a hash aggregate, where a
	// count(DISTINCT …) would sort every pick.
	rows, err := tx.QueryContext(ctx, `SELECT d, sum(u), count(*) FROM (
		SELECT at / 86400000 AS d, staff_id, at / 3600000 AS h, sum(qty) AS u
		FROM events WHERE location = $1 AND at >= $2 AND at < $3 AND type = $4 AND rejected = 0 GROUP BY at / 86400000, staff_id, at / 3600000) x
		GROUP BY d`,
		location, lo, hi, core.EventPickItemPicked)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var day int64
		var units, hours int
		if err := rows.Scan(&day, &units, &hours); err != nil {
			return err
		}
		days[day-first].Units, days[day-first].PickerHours = units, hours
	}
	return rows.Err()
}

// kpiOrders adds completions, accuracy, cycle time, on-time dispatch and
// returns of each day. Short picks are looked for from a week before the
// range: an order is picked before it ships.
func (db *DB) kpiOrders(ctx context.Context, tx *sql.Tx, location string, lo, hi, first int64, days []KPIDay) error {
	// Created and promised times in one text, the order's document read
	// once: as json (parsed only up to the key), not jsonb (built whole).
	times := `(SELECT COALESCE(json_extract(o.doc, '$.created_at'), '') || char(31) || COALESCE(json_extract(o.doc, '$.promised_at'), '')
		FROM orders o WHERE o.external_id = e.order_id)`
	if db.d.name == "postgres" {
		times = `(SELECT concat(j ->> 'created_at', chr(31), j ->> 'promised_at') FROM (SELECT o.doc::json AS j FROM orders o WHERE o.external_id = e.order_id) x)`
	}
	// The order's times by primary key, for completions only: a join
	// would read every order.
	rows, err := tx.QueryContext(ctx, `SELECT e.type, e.order_id, e.at,
		CASE WHEN e.type IN ($5, $6) THEN COALESCE(`+times+`, '') ELSE '' END
		FROM events e
		WHERE e.location = $1 AND e.at >= $2 AND e.at < $3 AND e.rejected = 0
		AND ((e.type IN ($5, $6, $7) AND e.at >= $8) OR e.type = $4)
		ORDER BY e.at`,
		location, lo-7*dayMS, hi, core.EventPickShort, core.EventOrderShipped, core.EventOrderCollected, core.EventReturnItemReceived, lo)
	if err != nil {
		return err
	}
	defer rows.Close()
	short := map[string]bool{}
	done := map[string]bool{}
	for rows.Next() {
		var typ, ref, times string
		var at int64
		if err := rows.Scan(&typ, &ref, &at, &times); err != nil {
			return err
		}
		createdAt, promisedAt, _ := strings.Cut(times, "\x1f")
		if typ == core.EventPickShort {
			short[ref] = true
			continue
		}
		if at < lo {
			continue
		}
		d := &days[at/dayMS-first]
		if typ == core.EventReturnItemReceived {
			d.Returns++
			continue
		}
		if done[ref] {
			continue // a second completion event of one order counts once
		}
		done[ref] = true
		d.Completed++
		if !short[ref] {
			d.Accurate++
		}
		completed := time.UnixMilli(at)
		if t, err := time.Parse(time.RFC3339Nano, createdAt); err == nil && !t.IsZero() && !t.After(completed) {
			d.CycleTotal += completed.Sub(t)
			d.CycleOrders++
		}
		if t, err := time.Parse(time.RFC3339Nano, promisedAt); err == nil && t.Year() > 1 {
			d.Promised++
			if !completed.After(t) {
				d.OnTime++
			}
		}
	}
	return rows.Err()
}
