package core

import "time"

// Fulfillment says how an order reaches its customer.
type Fulfillment string

const (
	FulfillShip          Fulfillment = "ship"            // picked and packed at a warehouse station
	FulfillStorePickup   Fulfillment = "store_pickup"    // BOPIS: the customer collects it
	FulfillShipFromStore Fulfillment = "ship_from_store" // picked and shipped by a store
)

// OrderStatus is where an order is in its life at the station.
type OrderStatus string

const (
	OrderOpen      OrderStatus = "open"      // waiting to be picked
	OrderPicking   OrderStatus = "picking"   // claimed by a picker
	OrderPicked    OrderStatus = "picked"    // every line picked or short: ready to pack or stage
	OrderPacked    OrderStatus = "packed"    // in boxes with labels
	OrderShipped   OrderStatus = "shipped"   // handed to the carrier
	OrderStaged    OrderStatus = "staged"    // store pickup: on the hold shelf, ready for pickup
	OrderCollected OrderStatus = "collected" // store pickup: handed to the customer
	OrderExpired   OrderStatus = "expired"   // store pickup: not collected in time
	OrderCancelled OrderStatus = "cancelled"
)

// Address is a postal address; any script is allowed.
type Address struct {
	Name       string `json:"name"`
	Company    string `json:"company,omitempty"`
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postal_code"`
	Country    string `json:"country"` // ISO 3166-1 alpha-2
	Phone      string `json:"phone,omitempty"`
}

// Customer is the person the order is for.
type Customer struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	// AltPickup is someone else the customer named to collect a store
	// pickup order for them; they prove who they are with a photo ID.
	AltPickup string `json:"alt_pickup,omitempty"`
}

// Order is a customer order as the station knows it. ExternalID is the
// hub's id for it and what staff see and scan.
type Order struct {
	ID          int64       `json:"id"`
	ExternalID  string      `json:"external_id"`
	Channel     string      `json:"channel,omitempty"` // web, app, marketplace, phone
	Customer    Customer    `json:"customer"`
	ShipTo      Address     `json:"ship_to"`
	Fulfillment Fulfillment `json:"fulfillment"`
	Status      OrderStatus `json:"status"`
	Service     string      `json:"service,omitempty"`     // carrier service, e.g. "Standard", "Express"
	PickupCode  string      `json:"pickup_code,omitempty"` // store pickup: the code the customer shows
	PromisedAt  time.Time   `json:"promised_at"`
	CreatedAt   time.Time   `json:"created_at"`
	Lines       []OrderLine `json:"lines,omitempty"`
	// CarrierLabels are the carrier's labels for the order's parcels, as far
	// as they are bought (see CarrierLabel).
	CarrierLabels []CarrierLabel `json:"carrier_labels,omitempty"`
}

// OrderLine is one product and quantity of an order, with what happened to
// it at picking.
type OrderLine struct {
	ID          int64  `json:"id"`
	OrderID     int64  `json:"order_id"`
	LineNo      int    `json:"line_no"`
	ProductID   int64  `json:"product_id"`
	SKU         string `json:"sku"`
	Name        string `json:"name"`
	Qty         int    `json:"qty"`
	PickedQty   int    `json:"picked_qty"`
	ShortQty    int    `json:"short_qty"`
	ShortReason string `json:"short_reason,omitempty"`
}
