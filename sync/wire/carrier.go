package wire

import "github.com/stationhand/stationhand/core"

// Routes of carrier labels bought after packing (see LabelRequest).
var (
	RouteLabelRequests = Route{"GET", APIPrefix + "/label-requests", "ingest", "Packages closed without a carrier label, waiting for the order system to buy one"}
	RouteCarrierLabels = Route{"POST", APIPrefix + "/orders/{external_id}/carrier-labels", "ingest", "Add carrier labels to an order (bought after packing, or late)"}
)

func init() { Routes = append(Routes, RouteLabelRequests, RouteCarrierLabels) }

// LabelRequest is a package a station closed without a carrier label: the
// order system buys one (weight and carton are known now) and posts it to
// RouteCarrierLabels. The hub also posts each request to the order
// system's webhook, if one is set (see api/openapi.yaml, LabelRequest).
type LabelRequest struct {
	ID        int64        `json:"id"`
	Order     string       `json:"order"`    // external id
	Location  string       `json:"location"` // where the parcel waits
	Package   int          `json:"package"`  // 1-based
	Packages  int          `json:"packages"` // of how many
	SSCC      string       `json:"sscc"`
	WeightG   int          `json:"weight_g"`
	Carton    string       `json:"carton,omitempty"`
	LengthMM  int          `json:"length_mm,omitempty"`
	WidthMM   int          `json:"width_mm,omitempty"`
	HeightMM  int          `json:"height_mm,omitempty"`
	Service   string       `json:"service,omitempty"` // the order's requested service
	ShipTo    core.Address `json:"ship_to"`
	CreatedAt string       `json:"created_at"` // RFC 3339
	// WebhookAttempts is how many webhook deliveries of the request were
	// made before (0 on the first).
	WebhookAttempts int `json:"webhook_attempts"`
	// Replaces is the tracking number of the package's carrier label a
	// station voided (the address changed after it was printed): buy a new
	// label for the new address, and cancel that one with the carrier.
	Replaces string `json:"replaces,omitempty"`
}

// LabelRequestsResponse is the answer of RouteLabelRequests: the open
// requests, oldest first.
type LabelRequestsResponse struct {
	Requests []LabelRequest `json:"requests"`
}

// CarrierLabelsRequest is the body of RouteCarrierLabels.
type CarrierLabelsRequest struct {
	Labels []core.CarrierLabel `json:"labels"`
}

// CarrierLabelsResponse says how many labels were new to the hub (a label
// posted twice is taken once).
type CarrierLabelsResponse struct {
	Added     int `json:"added"`
	Unchanged int `json:"unchanged"`
}

// Webhook headers of a label request the hub posts to the order system:
// the signature is hex HMAC-SHA256, keyed with the shared secret, of the
// timestamp (Unix seconds, as sent), a dot, and the body.
const (
	HeaderWebhookTimestamp = "X-Stationhand-Timestamp"
	HeaderWebhookSignature = "X-Stationhand-Signature" // "sha256=" + hex
	HeaderWebhookDelivery  = "X-Stationhand-Delivery"  // the request's id, the same on every retry
)
