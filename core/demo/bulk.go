package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Applier applies a change set; the local store and the hub both are one.
type Applier interface {
	ApplyChanges(ctx context.Context, cs core.ChangeSet) error
}

// BulkOrders returns n open orders numbered from first with exactly
// linesPer lines each: the shape used to measure a busy store.
func BulkOrders(seed uint64, first, n, linesPer int, products []core.Product, now time.Time) []core.Order {
	r := rand.New(rand.NewPCG(seed, 3))
	types := []core.Fulfillment{core.FulfillShip, core.FulfillStorePickup, core.FulfillShipFromStore}
	orders := make([]core.Order, n)
	for i := range orders {
		addr := customers[r.IntN(len(customers))]
		o := core.Order{
			ExternalID: fmt.Sprintf("B%07d", first+i), Channel: "web",
			Customer: core.Customer{Name: addr.Name, Phone: addr.Phone}, ShipTo: addr,
			Fulfillment: types[i%len(types)], Status: core.OrderOpen, Service: "Standard",
			PromisedAt: now.Add(time.Duration(r.IntN(72*60)) * time.Minute), CreatedAt: now,
		}
		if o.Fulfillment == core.FulfillStorePickup {
			o.PickupCode = fmt.Sprintf("%06d", r.IntN(1000000))
		}
		start := r.IntN(len(products))
		for l := range linesPer {
			p := products[(start+l*37)%len(products)]
			o.Lines = append(o.Lines, core.OrderLine{LineNo: l + 1, SKU: p.SKU, Qty: 1 + r.IntN(2)})
		}
		orders[i] = o
	}
	return orders
}

// SeedLarge fills a store with the demo catalogue and staff plus n orders
// of linesPer lines, in chunks so that no transaction grows huge.
func SeedLarge(ctx context.Context, dst Applier, n, linesPer int, now time.Time) error {
	cs, err := ChangeSet(1, now)
	if err != nil {
		return err
	}
	cs.Orders = nil
	if err := dst.ApplyChanges(ctx, cs); err != nil {
		return err
	}
	const chunk = 5000
	for first := 0; first < n; first += chunk {
		orders := BulkOrders(uint64(first), first+1, min(chunk, n-first), linesPer, cs.Products, now)
		if err := dst.ApplyChanges(ctx, core.ChangeSet{Orders: orders}); err != nil {
			return fmt.Errorf("seed orders from %d: %w", first, err)
		}
	}
	return nil
}
