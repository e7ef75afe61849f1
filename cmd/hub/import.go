package main

import (
	"context"
	"fmt"
	"os"

	"github.com/stationhand/stationhand/sync/hub/importfile"
)

func init() {
	register(command{name: "import", summary: "import orders and returns (and products, bins, stock) from JSON or CSV files", run: runImport})
}

func runImport(ctx context.Context, args []string) int {
	fs, dsn := newFlags("import", `[--db DSN] FILE...

Imports orders, returns, products, bins, stock and locations. Importing the
same file again changes nothing; an order or a return that changed becomes
an update terminals pull; status "cancelled" cancels an order or withdraws a
return. A file is all or nothing per kind.

JSON: an array of orders, or {"locations":[…], "products":[…], "bins":[…],
"stock":[…], "orders":[…], "returns":[…]} (orders and returns as in
api/openapi.yaml, each with "location"; a return is keyed by location and
"rma"). Returns come in JSON only.
CSV: the header tells the kind:
  orders    external_id,location,sku,qty[,line_no,name,channel,customer_name,
            customer_email,customer_phone,ship_name,ship_company,ship_line1,
            ship_line2,ship_city,ship_region,ship_postal_code,ship_country,
            ship_phone,fulfillment,service,pickup_code,promised_at,created_at,status]
            one row per order line
  products  sku,name[,category,codes,weight_g,length_mm,width_mm,height_mm,
            capture_lot,capture_serial,capture_expiry]
  bins      location,code[,zone,aisle,bay,level,walk_seq]
  stock     location,bin,sku,qty`)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return fail(err)
		}
		file, err := importfile.Read(name, f)
		f.Close()
		if err != nil {
			return fail(err)
		}
		sum, err := file.Apply(ctx, db)
		if err != nil {
			fmt.Fprintf(stderr, "hub import %s: stopped after %s\n", name, sum)
			return fail(err)
		}
		fmt.Fprintf(stdout, "%s: %s\n", name, sum)
	}
	return 0
}
