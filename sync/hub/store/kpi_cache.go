package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/stationhand/stationhand/core"
)

// kpiLookback is how many days before a day its KPIs read (short picks
// of orders completed that day).
const kpiLookback = 7

// kpiTypes are the event types the KPIs read.
var kpiTypes = [5]string{core.EventPickItemPicked, core.EventPickShort, core.EventOrderShipped, core.EventOrderCollected, core.EventReturnItemReceived}

// kpiCached fills days from the cache where the events they depend on are
// still the same, and returns the indexes of the days to compute, plus the
// event counts to store with them.
func (db *DB) kpiCached(ctx context.Context, tx *sql.Tx, location string, first int64, days []KPIDay) (stale []int, counts []int64, err error) {
	last := first + int64(len(days)) - 1
	perDay := map[int64]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT at / 86400000, count(*) FROM events WHERE location = $1 AND type IN ($4, $5, $6, $7, $8) AND at >= $2 AND at < $3 GROUP BY at / 86400000`,
		location, (first-kpiLookback)*dayMS, (last+1)*dayMS, kpiTypes[0], kpiTypes[1], kpiTypes[2], kpiTypes[3], kpiTypes[4])
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var d, n int64
		if err := rows.Scan(&d, &n); err != nil {
			rows.Close()
			return nil, nil, err
		}
		perDay[d] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	counts = make([]int64, len(days))
	for i := range days {
		for d := first + int64(i) - kpiLookback; d <= first+int64(i); d++ {
			counts[i] += perDay[d]
		}
	}
	cached := map[int64]struct {
		events int64
		doc    string
	}{}
	rows, err = tx.QueryContext(ctx, `SELECT day, events, doc FROM kpi_days WHERE location = $1 AND day >= $2 AND day <= $3`, location, first, last)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d, n int64
		var doc string
		if err := rows.Scan(&d, &n, &doc); err != nil {
			return nil, nil, err
		}
		cached[d] = struct {
			events int64
			doc    string
		}{n, doc}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for i := range days {
		c, ok := cached[first+int64(i)]
		if ok && c.events == counts[i] && json.Unmarshal([]byte(c.doc), &days[i]) == nil {
			continue
		}
		days[i] = KPIDay{Day: days[i].Day}
		stale = append(stale, i)
	}
	return stale, counts, nil
}

// saveKPIs stores computed days for the next reader. Today is not stored:
// it changes with every push, and tomorrow it is computed once more.
func (db *DB) saveKPIs(ctx context.Context, location string, first int64, days []KPIDay, stale []int, counts []int64) error {
	today := db.Now().UnixMilli() / dayMS
	return db.write(ctx, func(tx *sql.Tx) error {
		for _, i := range stale {
			if first+int64(i) >= today {
				continue
			}
			doc, _ := json.Marshal(days[i])
			if _, err := tx.ExecContext(ctx, `INSERT INTO kpi_days(location, day, events, doc) VALUES($1, $2, $3, $4)
				ON CONFLICT (location, day) DO UPDATE SET events = excluded.events, doc = excluded.doc`,
				location, first+int64(i), counts[i], string(doc)); err != nil {
				return err
			}
		}
		return nil
	})
}
