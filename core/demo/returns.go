package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/gs1"
)

// ReturnCount is how many returns the demo store expects.
const ReturnCount = 8

// Returns returns the returns the demo hub announces: parcels on their way
// back from orders shipped earlier (W099001…, not in the open-order list),
// with the serials and lots that were shipped, so the inspector can match
// the very units. Among them: one whose parcel label carries an SSCC, one
// from a customer with many returns, and one sent back after the 30-day
// window.
func Returns(seed uint64, products []core.Product, now time.Time) []core.Return {
	r := rand.New(rand.NewPCG(seed, 6))
	reasons := []string{core.ReasonChangedMind, core.ReasonWrongSize, core.ReasonDefective, core.ReasonNotAsDescribed,
		core.ReasonArrivedDamaged, core.ReasonChangedMind, core.ReasonWrongItemSent, core.ReasonChangedMind}
	comments := map[string]string{
		core.ReasonDefective:      "Stopped working after two days.",
		core.ReasonNotAsDescribed: "The colour is not what the photo showed.",
		core.ReasonArrivedDamaged: "The box was crushed when it arrived.",
	}
	out := make([]core.Return, 0, ReturnCount)
	for i := range ReturnCount {
		n := 700001 + i
		addr := customers[r.IntN(len(customers))]
		ret := core.Return{
			RMA:         fmt.Sprintf("R%d", n),
			OrderRef:    fmt.Sprintf("W%06d", 99001+i),
			Customer:    core.Customer{Name: addr.Name, Phone: addr.Phone, Email: emailOf(addr.Name, 900+i)},
			Status:      core.ReturnExpected,
			CreatedAt:   now.Add(-time.Duration(1+r.IntN(48)) * time.Hour).Truncate(time.Minute),
			DeliveredAt: now.Add(-time.Duration(2+r.IntN(20)) * 24 * time.Hour).Truncate(time.Hour),
		}
		switch i {
		case 2:
			sscc, _ := gs1.AppendCheckDigit(fmt.Sprintf("3501234%010d", n))
			ret.PackageSSCC = sscc
		case 4:
			ret.CustomerReturns = 6
		case 6:
			ret.DeliveredAt = now.Add(-45 * 24 * time.Hour).Truncate(time.Hour)
		}
		lines := 1 + r.IntN(3)
		used := map[int]bool{}
		for l := range lines {
			p := r.IntN(len(products))
			if l == 0 && i%3 != 2 {
				// Every third return starts with a serialised product,
				// every third with a lot-tracked one (the catalogue cycles
				// through its categories: Electronics at 2, Grocery at 3).
				p = p/len(categories)*len(categories) + 2 + i%3
			}
			for used[p] {
				p = (p + 1) % len(products)
			}
			used[p] = true
			prod := products[p]
			qty := 1
			if !prod.NeedsCapture() && r.IntN(3) == 0 {
				qty = 2
			}
			reason := reasons[(i+l)%len(reasons)]
			line := core.ReturnLine{LineNo: l + 1, SKU: prod.SKU, Name: prod.Name, Qty: qty, Reason: reason, Comment: comments[reason]}
			for u := range qty {
				if prod.CaptureSerial {
					line.Serials = append(line.Serials, fmt.Sprintf("SN%d%d%d", n, l+1, u+1))
				}
				if prod.CaptureLot {
					line.Lots = append(line.Lots, fmt.Sprintf("L%04d", r.IntN(10000)))
				}
			}
			ret.Lines = append(ret.Lines, line)
		}
		out = append(out, ret)
	}
	return out
}

// UnitBarcode is the barcode on one unit of a product as a scanner reads
// it: the EAN-13 for a plain product, a bracketed GS1 code with the lot,
// serial (and a far expiry) where the product tracks them. Tests and the
// training screens use it.
func UnitBarcode(p core.Product, serial, lot string) string {
	if !p.NeedsCapture() {
		return p.Codes[0][1:]
	}
	code := "(01)" + p.Codes[0]
	if p.CaptureExpiry {
		code += "(17)301231"
	}
	if p.CaptureLot {
		code += "(10)" + lot
	}
	if p.CaptureSerial {
		code += "(21)" + serial
	}
	return code
}
