package sqlite

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// HandoverSummary is an open handover in the dock's list.
type HandoverSummary struct {
	Code     string
	Carrier  string
	Parcels  int
	OpenedAt time.Time
}

// OpenHandovers lists the open handovers, oldest first.
func (db *DB) OpenHandovers(ctx context.Context) ([]HandoverSummary, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT h.code, h.carrier, h.opened_at, (SELECT COUNT(*) FROM dispatch_parcels d WHERE d.handover_id = h.id)
		FROM handovers h WHERE h.status = 'open' ORDER BY h.opened_at, h.id`)
	if err != nil {
		return nil, fmt.Errorf("open handovers: %w", err)
	}
	defer rows.Close()
	var out []HandoverSummary
	for rows.Next() {
		var s HandoverSummary
		var at int64
		if err := rows.Scan(&s.Code, &s.Carrier, &at, &s.Parcels); err != nil {
			return nil, fmt.Errorf("open handovers: %w", err)
		}
		s.OpenedAt = time.Unix(at, 0)
		out = append(out, s)
	}
	return out, rows.Err()
}

// WaitingParcel is a packed parcel not dispatched yet.
type WaitingParcel struct {
	OrderRef string
	Package  int
	Packages int
	SSCC     string
	Carrier  string // "" when its carrier label is not printed yet
	Service  string
	Tracking string
	ClosedAt time.Time
}

// DispatchWaiting lists up to limit packed parcels not dispatched yet, of
// orders not cancelled, oldest first; carrier "" lists every carrier's.
func (db *DB) DispatchWaiting(ctx context.Context, carrier string, limit int) ([]WaitingParcel, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT o.external_id, p.seq, COALESCE(po.planned, 1), p.sscc, COALESCE(l.carrier, ''), COALESCE(l.service, ''),
			COALESCE(l.tracking, ''), p.closed_at
		FROM packages p JOIN orders o ON o.id = p.order_id LEFT JOIN pack_orders po ON po.order_id = o.id
			LEFT JOIN carrier_labels l ON l.id = (SELECT id FROM carrier_labels WHERE order_id = p.order_id AND package_seq = p.seq
				AND printed_at IS NOT NULL AND voided_at IS NULL ORDER BY printed_at DESC, id DESC LIMIT 1)
		WHERE p.status = 'closed' AND o.status IN ('picked', 'packed')
			AND NOT EXISTS (SELECT 1 FROM dispatch_parcels d WHERE d.package_id = p.id)
			AND (? = '' OR l.carrier = ?)
		ORDER BY p.closed_at, p.id LIMIT ?`, carrier, carrier, limit)
	if err != nil {
		return nil, fmt.Errorf("parcels waiting: %w", err)
	}
	defer rows.Close()
	var out []WaitingParcel
	for rows.Next() {
		var w WaitingParcel
		var at int64
		if err := rows.Scan(&w.OrderRef, &w.Package, &w.Packages, &w.SSCC, &w.Carrier, &w.Service, &w.Tracking, &at); err != nil {
			return nil, fmt.Errorf("parcels waiting: %w", err)
		}
		w.ClosedAt = time.Unix(at, 0)
		out = append(out, w)
	}
	return out, rows.Err()
}

// CarrierBacklog is what waits at the dock for one carrier: packed parcels
// not dispatched, by age, and today's cut-off.
type CarrierBacklog struct {
	Carrier string // "" for parcels without a printed carrier label
	Parcels int
	// ByAge counts the parcels packed less than an hour ago, one to four
	// hours ago, and longer.
	ByAge  [3]int
	Oldest time.Time
	// Cutoff is today's collection cut-off (zero when none is set); Due
	// is true from CutoffWarning before it until it passes, Missed after.
	Cutoff time.Time
	Due    bool
	Missed bool
}

// CutoffWarning is how long before a carrier's cut-off the home screen
// warns about parcels still waiting.
const CutoffWarning = 30 * time.Minute

// settingCutoffPrefix prefixes a carrier's daily cut-off setting:
// "dispatch.cutoff.UPS" = "17:30" (the station's local time).
const settingCutoffPrefix = "dispatch.cutoff."

var cutoffRE = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):([0-5][0-9])$`)

// SetCarrierCutoff sets the time of day ("17:30", local time) a carrier
// collects its last handover; "" removes it.
func (db *DB) SetCarrierCutoff(ctx context.Context, carrier, hhmm string) error {
	carrier, hhmm = strings.ToUpper(strings.TrimSpace(carrier)), strings.TrimSpace(hhmm)
	if carrier == "" {
		return core.Errorf(core.EINVALID, "bad_carrier", "Name the carrier the cut-off is for.")
	}
	if hhmm != "" && !cutoffRE.MatchString(hhmm) {
		return core.Errorf(core.EINVALID, "bad_cutoff", "%q is not a time of day: write it as 17:30.", hhmm)
	}
	if hhmm == "" {
		if _, err := db.sql.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", settingCutoffPrefix+carrier); err != nil {
			return fmt.Errorf("cut-off %s: %w", carrier, err)
		}
		return nil
	}
	return db.SetSetting(ctx, settingCutoffPrefix+carrier, hhmm)
}

// CarrierCutoffs returns every carrier's cut-off ("17:30") by carrier.
func (db *DB) CarrierCutoffs(ctx context.Context) (map[string]string, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT key, value FROM settings WHERE key LIKE ?", settingCutoffPrefix+"%")
	if err != nil {
		return nil, fmt.Errorf("cut-offs: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("cut-offs: %w", err)
		}
		out[strings.TrimPrefix(k, settingCutoffPrefix)] = v
	}
	return out, rows.Err()
}

// DockBacklog sums up, per carrier, the packed parcels not dispatched yet
// and today's cut-off as of now; carriers with a cut-off and nothing
// waiting are listed too. Ordered by carrier, parcels without a carrier
// label last.
func (db *DB) DockBacklog(ctx context.Context, now time.Time) ([]CarrierBacklog, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT COALESCE(l.carrier, ''), p.closed_at
		FROM packages p JOIN orders o ON o.id = p.order_id
			LEFT JOIN carrier_labels l ON l.id = (SELECT id FROM carrier_labels WHERE order_id = p.order_id AND package_seq = p.seq
				AND printed_at IS NOT NULL AND voided_at IS NULL ORDER BY printed_at DESC, id DESC LIMIT 1)
		WHERE p.status = 'closed' AND o.status IN ('picked', 'packed')
			AND NOT EXISTS (SELECT 1 FROM dispatch_parcels d WHERE d.package_id = p.id)`)
	if err != nil {
		return nil, fmt.Errorf("dock backlog: %w", err)
	}
	defer rows.Close()
	by := map[string]*CarrierBacklog{}
	get := func(c string) *CarrierBacklog {
		if by[c] == nil {
			by[c] = &CarrierBacklog{Carrier: c}
		}
		return by[c]
	}
	for rows.Next() {
		var carrier string
		var at int64
		if err := rows.Scan(&carrier, &at); err != nil {
			return nil, fmt.Errorf("dock backlog: %w", err)
		}
		b, closed := get(strings.ToUpper(carrier)), time.Unix(at, 0)
		b.Parcels++
		switch age := now.Sub(closed); {
		case age < time.Hour:
			b.ByAge[0]++
		case age < 4*time.Hour:
			b.ByAge[1]++
		default:
			b.ByAge[2]++
		}
		if b.Oldest.IsZero() || closed.Before(b.Oldest) {
			b.Oldest = closed
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("dock backlog: %w", err)
	}
	cutoffs, err := db.CarrierCutoffs(ctx)
	if err != nil {
		return nil, err
	}
	for carrier, hhmm := range cutoffs {
		m := cutoffRE.FindStringSubmatch(hhmm)
		if m == nil {
			continue
		}
		var h, min int
		fmt.Sscan(m[1], &h)
		fmt.Sscan(m[2], &min)
		b := get(carrier)
		b.Cutoff = time.Date(now.Year(), now.Month(), now.Day(), h, min, 0, 0, now.Location())
		b.Missed = b.Parcels > 0 && !now.Before(b.Cutoff)
		b.Due = b.Parcels > 0 && now.Before(b.Cutoff) && b.Cutoff.Sub(now) <= CutoffWarning
	}
	out := make([]CarrierBacklog, 0, len(by))
	for _, b := range by {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Carrier == "") != (out[j].Carrier == "") {
			return out[j].Carrier == ""
		}
		return out[i].Carrier < out[j].Carrier
	})
	return out, nil
}
