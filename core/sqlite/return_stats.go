package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// ReturnStats is the returns desk's figures for the home screen.
type ReturnStats struct {
	Waiting    int // announced, parcel not opened
	Inspecting int // opened, not finished
	Held       int // waiting for a supervisor
	// InspectedLastHour counts returns finished (refund decided or held)
	// in the last 60 minutes: the desk's rate per hour.
	InspectedLastHour int
}

// ReturnStats counts the returns waiting and the rate of inspection.
func (db *DB) ReturnStats(ctx context.Context) (ReturnStats, error) {
	var s ReturnStats
	err := db.sql.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(status = 'expected'), 0), COALESCE(SUM(status = 'inspecting'), 0), COALESCE(SUM(status = 'held'), 0),
			(SELECT COUNT(*) FROM returns WHERE finished_at > ?)
		FROM returns WHERE status IN ('expected', 'inspecting', 'held')`, db.Now().Add(-time.Hour).Unix()).
		Scan(&s.Waiting, &s.Inspecting, &s.Held, &s.InspectedLastHour)
	if err != nil {
		return s, fmt.Errorf("return stats: %w", err)
	}
	return s, nil
}

// ReturnSummary is one return in the desk's list.
type ReturnSummary struct {
	RMA        string
	OrderRef   string
	Customer   string
	Status     core.ReturnStatus
	Units      int
	Unexpected bool
	CreatedAt  time.Time
}

// OpenReturns lists returns to work on: those being inspected and held
// first, then the announced ones, oldest first.
func (db *DB) OpenReturns(ctx context.Context, limit int) ([]ReturnSummary, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT r.rma, r.order_ref, r.customer_name, r.status, r.unexpected, r.created_at,
			COALESCE((SELECT SUM(qty) FROM return_lines l WHERE l.return_id = r.id), 0)
		FROM returns r WHERE r.status IN ('expected', 'inspecting', 'held')
		ORDER BY CASE r.status WHEN 'inspecting' THEN 0 WHEN 'held' THEN 1 ELSE 2 END, r.created_at, r.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("open returns: %w", err)
	}
	defer rows.Close()
	var out []ReturnSummary
	for rows.Next() {
		var s ReturnSummary
		var status string
		var created int64
		if err := rows.Scan(&s.RMA, &s.OrderRef, &s.Customer, &status, &s.Unexpected, &created, &s.Units); err != nil {
			return nil, fmt.Errorf("open returns: %w", err)
		}
		s.Status, s.CreatedAt = core.ReturnStatus(status), time.Unix(created, 0)
		out = append(out, s)
	}
	return out, rows.Err()
}
