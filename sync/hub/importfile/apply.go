package importfile

import (
	"context"
	"fmt"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// Summary says what an import changed.
type Summary struct {
	Locations int
	Products  int // new or changed
	Bins      int // new or changed
	Stock     int // new or changed
	Orders    wire.IngestResponse
	Returns   wire.IngestResponse
}

func (s Summary) String() string {
	out := fmt.Sprintf("%d locations, %d products new or changed, %d bins and %d stock records new or changed; orders: %d created, %d updated, %d cancelled, %d unchanged",
		s.Locations, s.Products, s.Bins, s.Stock, s.Orders.Created, s.Orders.Updated, s.Orders.Cancelled, s.Orders.Unchanged)
	if r := s.Returns; r != (wire.IngestResponse{}) {
		out += fmt.Sprintf("; returns: %d created, %d updated, %d cancelled, %d unchanged", r.Created, r.Updated, r.Cancelled, r.Unchanged)
	}
	return out
}

// Apply writes f to the hub in dependency order: locations, products,
// bins, stock, orders, then returns (in batches, each all or nothing). Importing the
// same file twice changes nothing the second time.
func (f File) Apply(ctx context.Context, db *store.DB) (Summary, error) {
	var s Summary
	for _, l := range f.Locations {
		if err := db.PutLocation(ctx, l.Code, l.Name); err != nil {
			return s, err
		}
		s.Locations++
	}
	if len(f.Products) > 0 {
		n, err := db.PutProducts(ctx, f.Products)
		if err != nil {
			return s, err
		}
		s.Products = n
	}
	bins := map[string][]core.Bin{}
	var binLocs []string
	for _, b := range f.Bins {
		if _, ok := bins[b.Location]; !ok {
			binLocs = append(binLocs, b.Location)
		}
		bins[b.Location] = append(bins[b.Location], b.Bin)
	}
	for _, loc := range binLocs {
		n, err := db.PutBins(ctx, loc, bins[loc])
		if err != nil {
			return s, err
		}
		s.Bins += n
	}
	stock := map[string][]core.StockRecord{}
	var stockLocs []string
	for _, r := range f.Stock {
		if _, ok := stock[r.Location]; !ok {
			stockLocs = append(stockLocs, r.Location)
		}
		stock[r.Location] = append(stock[r.Location], r.StockRecord)
	}
	for _, loc := range stockLocs {
		n, err := db.PutStock(ctx, loc, stock[loc])
		if err != nil {
			return s, err
		}
		s.Stock += n
	}
	const batch = 2000
	for from := 0; from < len(f.Orders); from += batch {
		res, err := db.ImportOrders(ctx, f.Orders[from:min(from+batch, len(f.Orders))])
		if err != nil {
			return s, fmt.Errorf("orders %d-%d: %w", from+1, min(from+batch, len(f.Orders)), err)
		}
		s.Orders.Created += res.Created
		s.Orders.Updated += res.Updated
		s.Orders.Cancelled += res.Cancelled
		s.Orders.Unchanged += res.Unchanged
	}
	for from := 0; from < len(f.Returns); from += batch {
		res, err := db.ImportReturns(ctx, f.Returns[from:min(from+batch, len(f.Returns))])
		if err != nil {
			return s, fmt.Errorf("returns %d-%d: %w", from+1, min(from+batch, len(f.Returns)), err)
		}
		s.Returns.Created += res.Created
		s.Returns.Updated += res.Updated
		s.Returns.Cancelled += res.Cancelled
		s.Returns.Unchanged += res.Unchanged
	}
	return s, nil
}
