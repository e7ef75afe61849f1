package store

import (
	"encoding/json"
	"fmt"

	"github.com/stationhand/stationhand/core"
)

// voidLabels applies every carrier.label_voided event of the push that
// the hub took. The label is marked voided in the order's document, so
// the location's stations pull the order again and void it too (and an
// order system re-sending it brings nothing back). The package's label
// request opens again, or opens for the first time for a label bought in
// advance, naming the voided tracking number, so the order system buys a
// new label (webhook or poll) and posts it as before.
func (a *applier) voidLabels() error {
	for _, r := range a.rows {
		if r.reason != "" || r.ev.Type != core.EventCarrierLabelVoided {
			continue
		}
		o, ok := a.orders[r.ev.OrderID]
		if !ok {
			continue
		}
		var p core.CarrierLabelVoidedPayload
		if err := json.Unmarshal(r.ev.Payload, &p); err != nil || p.Package <= 0 || p.Tracking == "" {
			continue
		}
		var doc string
		if err := a.tx.QueryRowContext(a.ctx, "SELECT doc FROM orders WHERE external_id = $1", o.ref).Scan(&doc); err != nil {
			return fmt.Errorf("void carrier label %s of %s: %w", p.Tracking, o.ref, err)
		}
		var order core.Order
		if err := json.Unmarshal([]byte(doc), &order); err != nil {
			return fmt.Errorf("order document of %s: %w", o.ref, err)
		}
		voided := core.CarrierLabel{Carrier: p.Carrier, Tracking: p.Tracking}
		changed := false
		for i, l := range order.CarrierLabels {
			if l.Same(voided) && !l.Voided {
				order.CarrierLabels[i].Voided, changed = true, true
			}
		}
		if changed {
			nd, _ := json.Marshal(order)
			if _, err := a.tx.ExecContext(a.ctx, "UPDATE orders SET doc = $1, hash = $2, updated_at = $3 WHERE external_id = $4",
				string(nd), docHash(nd), a.db.now(), o.ref); err != nil {
				return fmt.Errorf("void carrier label %s of %s: %w", p.Tracking, o.ref, err)
			}
			if err := a.db.bump(a.ctx, a.tx, o.location, kindOrder, []string{o.ref}); err != nil {
				return err
			}
		}
		// A new label for the package may have come with the address
		// change itself: then nothing is left to buy.
		if order.Fulfillment == core.FulfillStorePickup || hasLabelFor(order.CarrierLabels, p.Package) {
			continue
		}
		dims := append(p.CartonMM, 0, 0, 0)
		_, err := a.tx.ExecContext(a.ctx, `INSERT INTO label_requests(location, order_ref, package_seq, packages, sscc, weight_g,
				carton, length_mm, width_mm, height_mm, created_at, replaces) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (order_ref, package_seq) DO UPDATE SET location = excluded.location, packages = excluded.packages,
				sscc = excluded.sscc, weight_g = excluded.weight_g, carton = excluded.carton, length_mm = excluded.length_mm,
				width_mm = excluded.width_mm, height_mm = excluded.height_mm, created_at = excluded.created_at,
				replaces = excluded.replaces, answered_at = NULL, hook_attempts = 0, hook_next_at = 0, hook_done_at = NULL, hook_error = ''`,
			o.location, o.ref, p.Package, p.Packages, p.SSCC, p.WeightG, p.Carton, dims[0], dims[1], dims[2], a.db.now(), p.Tracking)
		if err != nil {
			return fmt.Errorf("label request replacing %s for %s package %d: %w", p.Tracking, o.ref, p.Package, err)
		}
	}
	return nil
}
