package sqlite

import (
	"context"
	"time"

	"github.com/stationhand/stationhand/core/scan"
)

// The scan parser asks the catalogue to settle readings the data alone
// cannot (8 digits that are a valid EAN-8 and a valid UPC-E).
var _ scan.Catalogue = (*DB)(nil)

// KnowsGTIN reports whether a product in the catalogue has the 14-digit
// GTIN. It is asked while a scan is parsed, which has no context, so it
// bounds itself to a second; a failed lookup counts as not known, which
// leaves an ambiguous scan refused as ambiguous.
func (db *DB) KnowsGTIN(gtin string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	s, err := db.prepared(ctx, `SELECT 1 FROM product_codes WHERE code = ?`)
	if err != nil {
		return false
	}
	var one int
	return s.QueryRowContext(ctx, gtin).Scan(&one) == nil
}
