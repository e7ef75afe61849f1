package hubtest

import (
	"context"
	"fmt"
	gosync "sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// NumProducts is how many products Seed creates: SKU-001 … SKU-020.
const NumProducts = 20

// Products returns the catalogue Seed creates.
func Products() []core.Product {
	ps := make([]core.Product, NumProducts)
	for i := range ps {
		ps[i] = core.Product{
			SKU: fmt.Sprintf("SKU-%03d", i+1), Name: fmt.Sprintf("Product %d", i+1),
			Codes:   []string{GTIN(i + 1)},
			WeightG: 100 + i, LengthMM: 100, WidthMM: 80, HeightMM: 20,
		}
	}
	return ps
}

// GTIN returns the GTIN-14 (with a valid check digit) of seeded product n.
func GTIN(n int) string {
	body := fmt.Sprintf("0400000%06d", n)
	sum := 0
	for i := range body {
		d := int(body[len(body)-1-i] - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return body + string(rune('0'+(10-sum%10)%10))
}

// Bins returns the bins Seed creates at a location, one per product.
func Bins() []core.Bin {
	bs := make([]core.Bin, NumProducts)
	for i := range bs {
		bs[i] = core.Bin{Code: fmt.Sprintf("A%02d-01-1", i+1), Zone: "A", Aisle: fmt.Sprintf("A%02d", i+1), WalkSeq: i + 1}
	}
	return bs
}

// Order returns a test order n at location loc: two lines of seeded
// products, and an address that names n.
func Order(loc string, n int) wire.IngestOrder {
	return wire.IngestOrder{Location: loc, Order: core.Order{
		ExternalID: fmt.Sprintf("%s-%06d", loc, n),
		Channel:    "web",
		Customer:   core.Customer{Name: fmt.Sprintf("Customer %d", n), Email: fmt.Sprintf("c%d@example.com", n)},
		ShipTo: core.Address{Name: fmt.Sprintf("Customer %d", n), Line1: fmt.Sprintf("%d Test Street", n),
			City: "Lyon", PostalCode: "69001", Country: "FR"},
		Fulfillment: core.FulfillShip,
		Service:     "Standard",
		PromisedAt:  time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute),
		CreatedAt:   time.Date(2029, 12, 31, 8, 0, 0, 0, time.UTC),
		Lines: []core.OrderLine{
			{LineNo: 1, SKU: fmt.Sprintf("SKU-%03d", n%NumProducts+1), Qty: 1 + n%3},
			{LineNo: 2, SKU: fmt.Sprintf("SKU-%03d", (n+7)%NumProducts+1), Qty: 1},
		},
	}}
}

// Orders returns test orders from, from+1, … from+count-1 at loc.
func Orders(loc string, from, count int) []wire.IngestOrder {
	out := make([]wire.IngestOrder, count)
	for i := range out {
		out[i] = Order(loc, from+i)
	}
	return out
}

// StaffPIN is the PIN of every member of staff Seed creates.
const StaffPIN = "1234"

var (
	hashOnce   gosync.Once
	staffHash  string
	staffError error
)

// pinHash is the hash of StaffPIN, computed once: bcrypt is slow on
// purpose, slower still under the race detector.
func pinHash(t testing.TB) string {
	// A low cost: tests sign in often; core.PINCost is tested in core.
	hashOnce.Do(func() { staffHash, staffError = core.HashPINCost(StaffPIN, 4) })
	if staffError != nil {
		t.Fatal(staffError)
	}
	return staffHash
}

// Seed gives db the location loc with the shared catalogue, bins, stock, a
// picker and a supervisor, and count orders.
func Seed(t testing.TB, db *store.DB, loc string, count int) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed %s: %v", loc, err)
		}
	}
	must(db.PutLocation(ctx, loc, "Location "+loc))
	_, err := db.PutProducts(ctx, Products())
	must(err)
	_, err = db.PutBins(ctx, loc, Bins())
	must(err)
	var stock []core.StockRecord
	for i, b := range Bins() {
		stock = append(stock, core.StockRecord{BinCode: b.Code, SKU: Products()[i].SKU, Qty: 1000})
	}
	_, err = db.PutStock(ctx, loc, stock)
	must(err)
	_, err = db.AddStaffHashed(ctx, loc, core.Staff{Name: "Pia Picker " + loc, Badge: "P-" + loc, Roles: []core.Role{core.RolePicker}}, pinHash(t))
	must(err)
	_, err = db.AddStaffHashed(ctx, loc, core.Staff{Name: "Sam Supervisor " + loc, Badge: "S-" + loc, Roles: []core.Role{core.RoleSupervisor}}, pinHash(t))
	must(err)
	for from := 0; from < count; from += 2000 {
		_, err = db.ImportOrders(ctx, Orders(loc, from, min(2000, count-from)))
		must(err)
	}
}
