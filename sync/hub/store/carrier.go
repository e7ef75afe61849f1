package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// mergeLabels adds to held the labels of in it does not hold yet (the same
// carrier and tracking number), in the order they came: labels only ever
// accumulate, so an order system that re-sends an order without the labels
// it posted later takes none away.
func mergeLabels(held, in []core.CarrierLabel) (out []core.CarrierLabel, added int) {
	out = append([]core.CarrierLabel(nil), held...)
next:
	for _, l := range in {
		for _, h := range out {
			if h.Same(l) {
				continue next
			}
		}
		out = append(out, l)
		added++
	}
	return out, added
}

// checkLabels reports every problem of an order's carrier labels.
func (v *validator) checkLabels(name string, labels []core.CarrierLabel) {
	for i, l := range labels {
		if err := l.Validate(); err != nil {
			v.addf("order %s carrier label %d: %s", name, i+1, strings.TrimSuffix(core.ErrorMessage(err), "."))
		}
	}
}

// AddCarrierLabels adds carrier labels to an order, as the order system
// posts them when it bought them after the hub had the order (typically
// answering a label request): the stations of the order's location pull
// the order again with its labels, and the requests the labels answer are
// closed.
func (db *DB) AddCarrierLabels(ctx context.Context, externalID string, labels []core.CarrierLabel) (wire.CarrierLabelsResponse, error) {
	var res wire.CarrierLabelsResponse
	if len(labels) == 0 {
		return res, core.Errorf(core.EINVALID, "bad_carrier_label", "The request has no labels.")
	}
	v := validator{}
	v.checkLabels(externalID, labels)
	if err := v.err(); err != nil {
		return res, err
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		res = wire.CarrierLabelsResponse{}
		var doc, loc string
		err := tx.QueryRowContext(ctx, "SELECT doc, location FROM orders WHERE external_id = $1"+db.d.forUpdate, externalID).Scan(&doc, &loc)
		if isNoRows(err) {
			return core.Errorf(core.ENOTFOUND, "unknown_order", "There is no order %s.", externalID)
		}
		if err != nil {
			return err
		}
		var o core.Order
		if err := json.Unmarshal([]byte(doc), &o); err != nil {
			return fmt.Errorf("order document: %w", err)
		}
		var added int
		o.CarrierLabels, added = mergeLabels(o.CarrierLabels, labels)
		res.Added, res.Unchanged = added, len(labels)-added
		if added == 0 {
			return nil
		}
		nd, _ := json.Marshal(o)
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET doc = $1, hash = $2, updated_at = $3 WHERE external_id = $4",
			string(nd), docHash(nd), db.now(), externalID); err != nil {
			return err
		}
		if err := db.answerLabelRequests(ctx, tx, externalID, labels[len(labels)-added:]); err != nil {
			return err
		}
		return db.bump(ctx, tx, loc, kindOrder, []string{externalID})
	})
	if err != nil {
		return wire.CarrierLabelsResponse{}, fmt.Errorf("carrier labels of order %s: %w", externalID, err)
	}
	return res, nil
}

// answerLabelRequests closes the label requests of an order that new
// labels answer: a label for package n answers n's request; a label for
// "any package" (0) answers the oldest open one.
func (db *DB) answerLabelRequests(ctx context.Context, tx *sql.Tx, ref string, labels []core.CarrierLabel) error {
	now := db.now()
	for _, l := range labels {
		q := `UPDATE label_requests SET answered_at = $1 WHERE order_ref = $2 AND package_seq = $3 AND answered_at IS NULL`
		args := []any{now, ref, l.PackageSeq}
		if l.PackageSeq == 0 {
			q = `UPDATE label_requests SET answered_at = $1 WHERE id = (SELECT MIN(id) FROM label_requests
				WHERE order_ref = $2 AND answered_at IS NULL)`
			args = args[:2]
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("answer label request: %w", err)
		}
	}
	return nil
}

// closedPackage is what a pack.package_closed event says about the
// package, as far as buying its carrier label needs.
type closedPackage struct {
	Package  int    `json:"package"`
	Packages int    `json:"packages"`
	SSCC     string `json:"sscc"`
	Carton   string `json:"carton"`
	WeightG  int    `json:"weight_g"`
	CartonMM []int  `json:"carton_mm"` // length, width, height
	Tracking string `json:"carrier_tracking"`
}

// requestLabels turns every applied pack.package_closed event of the push
// whose package has no carrier label (the station bound none, and the hub
// holds none for it) into a label request.
func (a *applier) requestLabels() error {
	for _, r := range a.rows {
		if r.reason != "" || r.ev.Type != core.EventPackPackageClosed {
			continue
		}
		o, ok := a.orders[r.ev.OrderID]
		if !ok {
			continue
		}
		var p closedPackage
		if err := json.Unmarshal(r.ev.Payload, &p); err != nil || p.Package <= 0 || p.Tracking != "" {
			continue
		}
		var doc string
		if err := a.tx.QueryRowContext(a.ctx, "SELECT doc FROM orders WHERE external_id = $1", o.ref).Scan(&doc); err != nil {
			return fmt.Errorf("label request for %s: %w", o.ref, err)
		}
		var order core.Order
		_ = json.Unmarshal([]byte(doc), &order)
		if order.Fulfillment == core.FulfillStorePickup || hasLabelFor(order.CarrierLabels, p.Package) {
			continue
		}
		dims := append(p.CartonMM, 0, 0, 0)
		_, err := a.tx.ExecContext(a.ctx, `INSERT INTO label_requests(location, order_ref, package_seq, packages, sscc, weight_g,
				carton, length_mm, width_mm, height_mm, created_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (order_ref, package_seq) DO NOTHING`,
			o.location, o.ref, p.Package, p.Packages, p.SSCC, p.WeightG, p.Carton, dims[0], dims[1], dims[2], a.db.now())
		if err != nil {
			return fmt.Errorf("label request for %s package %d: %w", o.ref, p.Package, err)
		}
	}
	return nil
}

func hasLabelFor(labels []core.CarrierLabel, seq int) bool {
	for _, l := range labels {
		if l.PackageSeq == seq && !l.Voided {
			return true
		}
	}
	return false
}

const labelRequestColumns = `r.id, r.location, r.order_ref, r.package_seq, r.packages, r.sscc, r.weight_g, r.carton,
	r.length_mm, r.width_mm, r.height_mm, r.created_at, r.hook_attempts, r.replaces, o.doc`

func scanLabelRequests(rows *sql.Rows) ([]wire.LabelRequest, error) {
	defer rows.Close()
	out := []wire.LabelRequest{}
	for rows.Next() {
		var q wire.LabelRequest
		var created int64
		var doc string
		if err := rows.Scan(&q.ID, &q.Location, &q.Order, &q.Package, &q.Packages, &q.SSCC, &q.WeightG, &q.Carton,
			&q.LengthMM, &q.WidthMM, &q.HeightMM, &created, &q.WebhookAttempts, &q.Replaces, &doc); err != nil {
			return nil, err
		}
		var o core.Order
		_ = json.Unmarshal([]byte(doc), &o)
		q.ShipTo, q.Service = o.ShipTo, o.Service
		q.CreatedAt = msTime(created).Format(time.RFC3339)
		out = append(out, q)
	}
	return out, rows.Err()
}

// LabelRequests lists the open label requests, of one location or of all
// (location ""), oldest first; a cancelled order's are left out (its
// parcel is pulled aside, not shipped).
func (db *DB) LabelRequests(ctx context.Context, location string) ([]wire.LabelRequest, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+labelRequestColumns+` FROM label_requests r
		JOIN orders o ON o.external_id = r.order_ref
		WHERE r.answered_at IS NULL AND o.status <> 'cancelled' AND ($1 = '' OR r.location = $1) ORDER BY r.id`, location)
	if err != nil {
		return nil, fmt.Errorf("label requests: %w", err)
	}
	out, err := scanLabelRequests(rows)
	if err != nil {
		return nil, fmt.Errorf("label requests: %w", err)
	}
	return out, nil
}

// DueLabelWebhooks lists open label requests whose webhook is due: not yet
// taken by the order system, fewer than maxAttempts tries, next try now or
// earlier.
func (db *DB) DueLabelWebhooks(ctx context.Context, maxAttempts, limit int) ([]wire.LabelRequest, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+labelRequestColumns+` FROM label_requests r
		JOIN orders o ON o.external_id = r.order_ref
		WHERE r.answered_at IS NULL AND o.status <> 'cancelled' AND r.hook_done_at IS NULL AND r.hook_attempts < $1 AND r.hook_next_at <= $2
		ORDER BY r.id LIMIT $3`, maxAttempts, db.now(), limit)
	if err != nil {
		return nil, fmt.Errorf("due label webhooks: %w", err)
	}
	out, err := scanLabelRequests(rows)
	if err != nil {
		return nil, fmt.Errorf("due label webhooks: %w", err)
	}
	return out, nil
}

// LabelWebhookResult records one webhook attempt: delivered (failure nil),
// or failed with the next attempt at next.
func (db *DB) LabelWebhookResult(ctx context.Context, id int64, failure error, next time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if failure == nil {
			_, err = tx.ExecContext(ctx, `UPDATE label_requests SET hook_attempts = hook_attempts + 1, hook_done_at = $1, hook_error = ''
				WHERE id = $2`, db.now(), id)
		} else {
			msg := strings.ToValidUTF8(strings.ReplaceAll(failure.Error(), "\x00", ""), "?")
			if len(msg) > 500 {
				msg = msg[:500]
			}
			_, err = tx.ExecContext(ctx, `UPDATE label_requests SET hook_attempts = hook_attempts + 1, hook_next_at = $1, hook_error = $2
				WHERE id = $3`, next.UnixMilli(), msg, id)
		}
		return err
	})
}
