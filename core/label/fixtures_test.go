package label

import (
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

// Addresses in the scripts staff meet: accents, ß, ł, Cyrillic, CJK.
var (
	warehouse = core.Address{
		Name: "Stationhand Fulfilment Łódź", Line1: "ul. Włókiennicza 12",
		City: "Łódź", PostalCode: "90-006", Country: "PL",
	}
	berlin = core.Address{
		Name: "Zoë Großmann", Company: "Café Straße GmbH", Line1: "Hauptstraße 5",
		Line2: "Hinterhaus, 3. OG", City: "Berlin", PostalCode: "10115", Country: "DE",
	}
	moscow = core.Address{
		Name: "Жуков Алексей", Line1: "ул. Тверская 7", City: "Москва",
		PostalCode: "125009", Country: "RU",
	}
	beijing = core.Address{
		Name: "王小明", Company: "中文书店", Line1: "朝阳区建国路88号", City: "北京市",
		PostalCode: "100022", Country: "CN",
	}
	springfield = core.Address{
		Name: "Renée O'Brien", Line1: "742 Evergreen Terrace", City: "Springfield",
		Region: "IL", PostalCode: "62704", Country: "us",
	}
)

// validSSCC is GS1's example SSCC: extension 1, company prefix 0614141,
// serial 123456789, check digit 7.
const validSSCC = "106141411234567897"

// ssccN returns a valid SSCC with serial reference n under company prefix
// 0614141.
func ssccN(n int) string {
	s, _ := gs1.AppendCheckDigit(fmt.Sprintf("30614141%09d", n)) // all digits
	return s
}

func sampleLabel() ShippingLabel {
	return ShippingLabel{
		From: warehouse, To: berlin,
		OrderRef: "WEB-100234", Service: "Express", Carrier: "DHL",
		WeightG: 2350, Package: 1, Packages: 3,
		SSCC: validSSCC, ShipmentRef: "SHP-2025-000123",
	}
}

func sampleOrder(lines int) core.Order {
	o := core.Order{
		ExternalID:  "WEB-100234",
		Customer:    core.Customer{Name: "Zoë Großmann"},
		ShipTo:      berlin,
		Fulfillment: core.FulfillShip,
		Service:     "Standard",
		CreatedAt:   time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC),
	}
	names := []string{"Kaffeebecher „Łódź“, 350 ml", "Шерстяной шарф, серый", "中文 笔记本 A5", "Tea towel"}
	for i := 1; i <= lines; i++ {
		ln := core.OrderLine{
			LineNo: i, SKU: fmt.Sprintf("SKU-%05d", i), Name: names[(i-1)%len(names)],
			Qty: 2, PickedQty: 2,
		}
		if i%3 == 0 {
			ln.PickedQty, ln.ShortQty, ln.ShortReason = 1, 1, "out of stock"
		}
		o.Lines = append(o.Lines, ln)
	}
	return o
}
