package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// PersonDay is one person's work at this station since a time, from the
// events they recorded: what the home screen shows them, and supervisors
// for everyone.
type PersonDay struct {
	StaffID          int64
	Name             string
	UnitsPicked      int
	OrdersPacked     int
	ReturnsInspected int // items graded
	First, Last      time.Time
}

// UnitsPerHour is the picking rate over the time worked (first to last
// event, at least a quarter of an hour so one early scan is not a rate).
func (d PersonDay) UnitsPerHour() float64 {
	h := max(d.Last.Sub(d.First).Hours(), 0.25)
	return float64(d.UnitsPicked) / h
}

// Day returns each person's work since since, by name; staffID 0 is
// everyone.
func (db *DB) Day(ctx context.Context, staffID int64, since time.Time) ([]PersonDay, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT e.staff_id, COALESCE(s.name, ''),
			COALESCE(SUM(CASE WHEN e.type = ? THEN COALESCE(json_extract(e.payload, '$.qty'), 1) END), 0),
			COUNT(CASE WHEN e.type = ? THEN 1 END),
			COUNT(CASE WHEN e.type = ? THEN 1 END),
			MIN(e.at), MAX(e.at)
		FROM events e LEFT JOIN staff s ON s.id = e.staff_id
		WHERE e.at >= ? AND e.staff_id <> 0 AND (? = 0 OR e.staff_id = ?)
		GROUP BY e.staff_id ORDER BY s.name`,
		core.EventPickItemPicked, core.EventOrderPacked, core.EventReturnItemInspected, since.UnixMilli(), staffID, staffID)
	if err != nil {
		return nil, fmt.Errorf("day: %w", err)
	}
	defer rows.Close()
	var out []PersonDay
	for rows.Next() {
		var d PersonDay
		var first, last int64
		if err := rows.Scan(&d.StaffID, &d.Name, &d.UnitsPicked, &d.OrdersPacked, &d.ReturnsInspected, &first, &last); err != nil {
			return nil, fmt.Errorf("day: %w", err)
		}
		d.First, d.Last = time.UnixMilli(first), time.UnixMilli(last)
		out = append(out, d)
	}
	return out, rows.Err()
}

// QueueAges is how long the oldest piece of work of each queue has waited.
type QueueAges struct {
	ToPick  time.Time // the oldest open order's arrival
	ToPack  time.Time // the longest-picked order to ship
	ToStage time.Time // the longest-picked store pickup
}

// OldestWork returns when the oldest work of each queue arrived there.
func (db *DB) OldestWork(ctx context.Context) (QueueAges, error) {
	var a QueueAges
	var pick, pack, stage *int64
	err := db.sql.QueryRowContext(ctx, `SELECT
		(SELECT MIN(created_at) FROM orders WHERE status = 'open'),
		(SELECT MIN(updated_at) FROM orders WHERE status = 'picked' AND fulfillment <> 'store_pickup'),
		(SELECT MIN(updated_at) FROM orders WHERE status = 'picked' AND fulfillment = 'store_pickup')`).Scan(&pick, &pack, &stage)
	if err != nil {
		return a, fmt.Errorf("oldest work: %w", err)
	}
	at := func(p *int64) time.Time {
		if p == nil || *p == 0 {
			return time.Time{}
		}
		return time.Unix(*p, 0)
	}
	return QueueAges{ToPick: at(pick), ToPack: at(pack), ToStage: at(stage)}, nil
}
