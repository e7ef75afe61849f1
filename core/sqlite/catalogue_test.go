package sqlite_test

import (
	"context"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// TestCatalogueSettlesEightDigits: "04250050" is a valid EAN-8 and a valid
// UPC-E. A parser that consults the store takes the reading whose product
// the catalogue holds, and calls it ambiguous when it holds neither.
func TestCatalogueSettlesEightDigits(t *testing.T) {
	db := mustOpen(t)
	p := scan.Parser{Catalogue: db}
	if _, err := p.Parse("04250050"); core.ErrorReason(err) != scan.ReasonAmbiguous {
		t.Fatalf("neither product in the catalogue: err %v, want ambiguous", err)
	}
	const upcE = "00042500000050" // UPC-E 04250050 as UPC-A 042500000050
	err := db.ApplyChanges(context.Background(), core.ChangeSet{Products: []core.Product{{SKU: "GUM", Name: "Gum", Codes: []string{upcE}}}})
	if err != nil {
		t.Fatal(err)
	}
	if !db.KnowsGTIN(upcE) || db.KnowsGTIN("00000004250050") {
		t.Fatalf("KnowsGTIN: the catalogue holds %s and not the EAN-8", upcE)
	}
	c, err := p.Parse("04250050")
	if err != nil || c.Format != "UPC-E" || c.GTIN != upcE {
		t.Fatalf("Parse = %+v, %v; want the UPC-E the catalogue knows", c, err)
	}
}
