// Package demo makes a believable store to try Stationhand on: products with
// valid GTINs, bins along a walking path with stock, open orders of every
// fulfillment type, and staff with known PINs. The same data is generated
// for the same seed, so tests and screenshots can rely on it.
package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

// Sizes of the demo store.
const (
	Products = 520
	Aisles   = 10
	Bays     = 10
	Levels   = 2 // Aisles × Bays × Levels = 200 bins
	Orders   = 60
)

// StaffMember is a demo member of staff and the PIN to sign in with.
type StaffMember struct {
	core.Staff
	PIN string
}

// Staff are the demo staff. The README lists their PINs.
var Staff = []StaffMember{
	{core.Staff{ID: 1, Name: "Ana Picker", Badge: "1001", Roles: []core.Role{core.RolePicker}}, "1111"},
	{core.Staff{ID: 2, Name: "Ben Packer", Badge: "1002", Roles: []core.Role{core.RolePacker}}, "2222"},
	{core.Staff{ID: 3, Name: "Chloé Store", Badge: "1003", Roles: []core.Role{core.RoleAssociate, core.RolePicker, core.RolePacker}}, "3333"},
	{core.Staff{ID: 4, Name: "Dariusz Returns", Badge: "1004", Roles: []core.Role{core.RoleInspector}}, "4444"},
	{core.Staff{ID: 5, Name: "Sam Supervisor", Badge: "1005", Roles: []core.Role{core.RoleSupervisor}}, "999999"},
	{core.Staff{ID: 6, Name: "Dev Dock", Badge: "1006", Roles: []core.Role{core.RoleDispatch}}, "6666"},
}

var (
	categories = []struct {
		name              string
		nouns             []string
		lot, serial, expr bool
		weight            [2]int
	}{
		{"Apparel", []string{"T-Shirt", "Hoodie", "Socks 3-pack", "Beanie", "Rain Jacket", "Chinos"}, false, false, false, [2]int{80, 900}},
		{"Home", []string{"Mug", "Tea Towel", "Candle", "Cushion Cover", "Storage Box", "Vase"}, false, false, false, [2]int{150, 2500}},
		{"Electronics", []string{"USB-C Cable", "Earbuds", "Power Bank", "Smart Plug", "Webcam", "Bluetooth Speaker"}, false, true, false, [2]int{40, 1200}},
		{"Grocery", []string{"Olive Oil 500ml", "Espresso Beans 1kg", "Dark Chocolate", "Granola", "Honey Jar", "Green Tea"}, true, false, true, [2]int{100, 1100}},
		{"Beauty", []string{"Face Cream", "Shampoo", "Lip Balm", "Sunscreen SPF50", "Hand Soap", "Serum"}, true, false, true, [2]int{30, 600}},
		{"Toys", []string{"Puzzle 500pc", "Building Blocks", "Plush Fox", "Card Game", "Yo-yo", "Kite"}, false, false, false, [2]int{50, 1500}},
	}
	adjectives = []string{"Classic", "Organic", "Nordic", "Urban", "Compact", "Deluxe", "Everyday", "Travel", "Vintage", "Bright",
		"Soft", "Bold", "Eco", "Studio", "Field", "Coastal", "Alpine", "Midnight"}
	colours = []string{"Black", "White", "Navy", "Sage", "Rust", "Sand", "Grey", "Ochre"}

	// Customers come from everywhere: labels must print every script.
	customers = []core.Address{
		{Name: "Émilie Dubois", Line1: "12 rue de la Paix", City: "Paris", PostalCode: "75002", Country: "FR", Phone: "+33 1 23 45 67 89"},
		{Name: "Jürgen Weiß", Line1: "Große Straße 5", City: "München", PostalCode: "80331", Country: "DE", Phone: "+49 89 123456"},
		{Name: "Łukasz Wąsowski", Line1: "ul. Złota 44", City: "Łódź", PostalCode: "90-001", Country: "PL", Phone: "+48 42 123 45 67"},
		{Name: "Жанна Иванова", Line1: "ул. Тверская, д. 7", City: "Москва", PostalCode: "125009", Country: "RU", Phone: "+7 495 123-45-67"},
		{Name: "王小明", Line1: "朝阳区建国路88号", City: "北京", PostalCode: "100022", Country: "CN", Phone: "+86 10 1234 5678"},
		{Name: "Sarah O'Connor", Line1: "221 Baker Street", City: "London", PostalCode: "NW1 6XE", Country: "GB", Phone: "+44 20 7946 0018"},
		{Name: "Miguel Ángel Núñez", Line1: "Calle Mayor 10", Line2: "3º B", City: "Madrid", PostalCode: "28013", Country: "ES", Phone: "+34 91 123 45 67"},
		{Name: "James Miller", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View", Region: "CA", PostalCode: "94043", Country: "US", Phone: "+1 650 555 0100"},
		{Name: "Søren Kierkegård", Line1: "Nørregade 1", City: "København", PostalCode: "1165", Country: "DK", Phone: "+45 33 12 34 56"},
		{Name: "Aoife Ní Bhriain", Line1: "5 Shop Street", City: "Galway", PostalCode: "H91 X2YT", Country: "IE", Phone: "+353 91 123456"},
	}
)

// Store is the demo store's location id.
const Store = "STORE-001"

// ShipFrom is the demo store's address, printed as the sender on labels.
var ShipFrom = core.Address{Name: "Stationhand Demo Store", Line1: "1 Warehouse Way", City: "Manchester", PostalCode: "M1 1AA", Country: "GB", Phone: "+44 161 555 0199"}

// Catalogue returns the demo products, bins and stock.
func Catalogue(seed uint64) (products []core.Product, bins []core.Bin, stock []core.StockRecord) {
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range Products {
		c := categories[i%len(categories)]
		name := fmt.Sprintf("%s %s %s", adjectives[r.IntN(len(adjectives))], colours[r.IntN(len(colours))], c.nouns[r.IntN(len(c.nouns))])
		gtin13, _ := gs1.AppendCheckDigit(fmt.Sprintf("501234%06d", 100000+i))
		products = append(products, core.Product{
			SKU: fmt.Sprintf("SKU-%05d", 10000+i), Name: name, Category: c.name,
			Codes:    []string{"0" + gtin13},
			WeightG:  c.weight[0] + r.IntN(c.weight[1]-c.weight[0]),
			LengthMM: 50 + r.IntN(350), WidthMM: 30 + r.IntN(250), HeightMM: 10 + r.IntN(150),
			CaptureLot: c.lot, CaptureSerial: c.serial, CaptureExpiry: c.expr,
		})
	}
	seq := 0
	for a := range Aisles {
		aisle := string(rune('A' + a))
		for i := range Bays {
			bay := i + 1
			if a%2 == 1 {
				bay = Bays - i // serpentine: walk back down every other aisle
			}
			for level := 1; level <= Levels; level++ {
				seq += 10
				bins = append(bins, core.Bin{
					Code: fmt.Sprintf("%s-%02d-%d", aisle, bay, level), Zone: zoneOf(a), Aisle: aisle,
					Bay: fmt.Sprintf("%02d", bay), Level: fmt.Sprint(level), WalkSeq: seq,
				})
			}
		}
	}
	for i, p := range products {
		primary := bins[(i*7)%len(bins)]
		stock = append(stock, core.StockRecord{BinCode: primary.Code, SKU: p.SKU, Qty: 5 + r.IntN(40)})
		if i%3 == 0 {
			overflow := bins[(i*7+53)%len(bins)]
			if overflow.Code != primary.Code {
				stock = append(stock, core.StockRecord{BinCode: overflow.Code, SKU: p.SKU, Qty: r.IntN(20)})
			}
		}
	}
	return products, bins, stock
}

func zoneOf(aisle int) string {
	if aisle < Aisles/2 {
		return "Front"
	}
	return "Back"
}

// OpenOrders returns n open orders numbered from first, spread over the three
// fulfillment types, each with one to eight lines of the demo products.
func OpenOrders(seed uint64, first, n int, products []core.Product, now time.Time) []core.Order {
	r := rand.New(rand.NewPCG(seed, 2))
	types := []core.Fulfillment{core.FulfillShip, core.FulfillStorePickup, core.FulfillShipFromStore}
	services := []string{"Standard", "Express", "Next Day"}
	channels := []string{"web", "app", "marketplace", "phone"}
	orders := make([]core.Order, 0, n)
	for i := range n {
		addr := customers[r.IntN(len(customers))]
		o := core.Order{
			ExternalID:  fmt.Sprintf("W%06d", first+i),
			Channel:     channels[r.IntN(len(channels))],
			Customer:    core.Customer{Name: addr.Name, Phone: addr.Phone, Email: emailOf(addr.Name, i)},
			ShipTo:      addr,
			Fulfillment: types[i%len(types)],
			Status:      core.OrderOpen,
			Service:     services[r.IntN(len(services))],
			PromisedAt:  now.Add(time.Duration(2+r.IntN(46)) * time.Hour).Truncate(time.Minute),
			CreatedAt:   now.Add(-time.Duration(r.IntN(300)) * time.Minute).Truncate(time.Minute),
		}
		if o.Fulfillment == core.FulfillStorePickup {
			o.PickupCode = fmt.Sprintf("%06d", r.IntN(1000000))
			o.Service = "Store pickup"
		}
		lines := 1 + r.IntN(8)
		used := map[int]bool{}
		for l := range lines {
			p := r.IntN(len(products))
			for used[p] {
				p = (p + 1) % len(products)
			}
			used[p] = true
			qty := 1
			if r.IntN(4) == 0 {
				qty = 2 + r.IntN(3)
			}
			o.Lines = append(o.Lines, core.OrderLine{LineNo: l + 1, SKU: products[p].SKU, Name: products[p].Name, Qty: qty})
		}
		orders = append(orders, o)
	}
	return orders
}

func emailOf(name string, i int) string {
	first := strings.ToLower(strings.Fields(name)[0])
	var b strings.Builder
	for _, r := range first {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		b.WriteString("customer")
	}
	return fmt.Sprintf("%s%d@example.com", b.String(), i)
}

// PINCost is the bcrypt cost of the demo staff's PINs. They are printed
// in the README for anyone to try, so a slow hash (core.PINCost) would
// protect nothing and only slow every sign-in of tests and demos.
const PINCost = 4

// StaffRecords returns the demo staff with their hashed PINs. The hashes
// are made once per process.
func StaffRecords() ([]core.StaffRecord, error) {
	staffOnce.Do(func() {
		staffHashed = make([]core.StaffRecord, len(Staff))
		for i, s := range Staff {
			h, err := core.HashPINCost(s.PIN, PINCost)
			if err != nil {
				staffErr = err
				return
			}
			staffHashed[i] = core.StaffRecord{Staff: s.Staff, PINHash: h, Active: true}
		}
	})
	return slices.Clone(staffHashed), staffErr
}

var (
	staffOnce   sync.Once
	staffHashed []core.StaffRecord
	staffErr    error
)

// ChangeSet returns the whole demo store as one change set, the way a hub
// would first send it.
func ChangeSet(seed uint64, now time.Time) (core.ChangeSet, error) {
	products, bins, stock := Catalogue(seed)
	staff, err := StaffRecords()
	if err != nil {
		return core.ChangeSet{}, err
	}
	return core.ChangeSet{
		Products: products, Bins: append(bins, HoldShelves()...), Stock: stock, Staff: staff,
		Orders:  OpenOrders(seed, 100001, Orders, products, now),
		Returns: Returns(seed, products, now),
	}, nil
}
