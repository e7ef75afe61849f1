package wire

import "github.com/stationhand/stationhand/core"

// RouteOrderStatus serves an order's status to the order system (ingest
// key): where the order is, and once the dock shipped it, the carrier and
// every parcel's tracking number.
var RouteOrderStatus = Route{"GET", APIPrefix + "/orders/{external_id}/status", "ingest", "An order's status for the order system, with its tracking numbers once shipped"}

func init() { Routes = append(Routes, RouteOrderStatus) }

// OrderStatus is the body of RouteOrderStatus.
type OrderStatus struct {
	ExternalID string           `json:"external_id"`
	Location   string           `json:"location"`
	Status     core.OrderStatus `json:"status"`
	// Tracking lists every parcel's tracking number once the order
	// shipped; Shipment tells which parcel carries which.
	Tracking  []string                  `json:"tracking,omitempty"`
	Shipment  *core.OrderShippedPayload `json:"shipment,omitempty"`
	ShippedAt string                    `json:"shipped_at,omitempty"` // RFC 3339, UTC
}
