package wire

import (
	"encoding/json"
	"time"

	"github.com/stationhand/stationhand/core"
)

// The integration feed: the order system reads the events the hub applied,
// in one order over every location, by cursor (GET /v1/feed), or has them
// delivered to a webhook.
var (
	RouteFeed    = Route{"GET", APIPrefix + "/feed", "integration", "The applied events after a cursor, in feed order, with their typed payloads"}
	RouteReturns = Route{"POST", APIPrefix + "/returns", "ingest", "Announce, change or withdraw customer returns (idempotent by location and RMA)"}
)

// FeedEvent is one applied event in the feed. Payload is the event type's
// payload struct in package core (core.DecodePayload), described per type
// in api/openapi.yaml.
type FeedEvent struct {
	Position int64           `json:"position"` // its place in the feed: strictly increasing, never reused
	Location string          `json:"location"`
	Terminal string          `json:"terminal"`
	Seq      int64           `json:"seq"` // the terminal's own sequence
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	OrderID  string          `json:"order_id"`
	StaffID  int64           `json:"staff_id"`
	At       time.Time       `json:"at"`
	Payload  json.RawMessage `json:"payload"`
}

// FeedPage is one page of the feed. A consumer processes the events and
// then stores Cursor (with its own effects, in one transaction where it
// can), and asks for the next page with it: it sees every event exactly
// once. More says another page is waiting now.
//
// Positions are unique within an epoch, the generation of the hub's
// database. After the hub was restored from a backup (a new Epoch), events
// may come again under new positions: recognise them by their ID.
type FeedPage struct {
	Events []FeedEvent `json:"events"`
	Cursor string      `json:"cursor"`
	More   bool        `json:"more"`
	Epoch  string      `json:"epoch"`
}

// Webhook delivery: the hub POSTs a FeedPage to the integration's URL,
// signed with its secret. A 2xx answer moves the integration's cursor on.
const (
	// HeaderSignature carries "t=<unix seconds>,v1=<hex HMAC-SHA256 of
	// "<t>.<body>" keyed with the webhook secret>".
	HeaderSignature = "Stationhand-Signature"
	// HeaderDelivery names the delivery (the integration and the cursor
	// the page starts after): a retry of the same page has the same id.
	HeaderDelivery = "Stationhand-Delivery"
)

// IngestReturn is a customer return (RMA) with the location that receives
// the parcel. Status may be empty, "expected" or "cancelled".
type IngestReturn struct {
	Location string `json:"location"`
	core.Return
}

// ReturnsRequest is the body of POST /v1/returns: the same records as the
// "returns" of a `hub import` file.
type ReturnsRequest struct {
	Returns []IngestReturn `json:"returns"`
}
