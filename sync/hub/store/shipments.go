package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// shipment is an order.shipped event the hub took: the order's parcels and
// tracking numbers, stored with the order for its order system.
type shipment struct {
	ref     string
	payload string // core.OrderShippedPayload as JSON
	at      int64  // Unix ms, when the dock closed the handover
}

// noteShipment keeps the tracking numbers of an order.shipped event the
// hub took for order o. A payload that is not a shipment keeps what the
// order had: the status still moves, as the lifecycle says.
func (a *applier) noteShipment(ev core.Event, o *orderRow) {
	if ev.Type != core.EventOrderShipped {
		return
	}
	var p core.OrderShippedPayload
	if err := json.Unmarshal(ev.Payload, &p); err != nil || len(p.Tracking) == 0 {
		return
	}
	doc, err := json.Marshal(p) // only the known fields, re-encoded
	if err != nil {
		return
	}
	a.shipments = append(a.shipments, shipment{ref: o.ref, payload: string(doc), at: ev.At.UnixMilli()})
}

// saveShipments stores the shipments of the push with their orders (a
// later shipment of an order replaces an earlier one: it lists every
// parcel that left).
func (a *applier) saveShipments() error {
	for _, s := range a.shipments {
		if _, err := a.db.exec(a.ctx, a.tx, "UPDATE orders SET shipment = $1, shipped_at = $2 WHERE external_id = $3",
			s.payload, s.at, s.ref); err != nil {
			return fmt.Errorf("order %s shipped: %w", s.ref, err)
		}
	}
	return nil
}

// OrderStatus returns an order's status as the order system sees it: any
// location's, with the shipment once the dock shipped it.
func (db *DB) OrderStatus(ctx context.Context, externalID string) (wire.OrderStatus, error) {
	var st wire.OrderStatus
	var status, doc string
	var shippedAt int64
	err := db.sql.QueryRowContext(ctx, "SELECT external_id, location, status, shipment, shipped_at FROM orders WHERE external_id = $1", externalID).
		Scan(&st.ExternalID, &st.Location, &status, &doc, &shippedAt)
	if isNoRows(err) {
		return st, core.Errorf(core.ENOTFOUND, "unknown_order", "There is no order %s.", externalID)
	}
	if err != nil {
		return st, fmt.Errorf("order %s: %w", externalID, err)
	}
	st.Status = core.OrderStatus(status)
	if doc != "" {
		var p core.OrderShippedPayload
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			return st, fmt.Errorf("order %s shipment: %w", externalID, err)
		}
		st.Shipment, st.Tracking = &p, p.Tracking
		st.ShippedAt = time.UnixMilli(shippedAt).UTC().Format(time.RFC3339)
	}
	return st, nil
}
