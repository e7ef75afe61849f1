package importfile_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/importfile"
)

const ordersCSV = `external_id,location,sku,qty,line_no,customer_name,ship_name,ship_line1,ship_city,ship_postal_code,ship_country,fulfillment,promised_at
W-1,L1,SKU-001,2,1,Ana,Ana,1 Rue,Paris,75001,FR,ship,2030-01-02
W-1,L1,SKU-002,1,2,Ana,Ana,1 Rue,Paris,75001,FR,ship,2030-01-02
W-2,L1,SKU-003,1,1,Bo,Bo,2 Road,Leeds,LS1,GB,store_pickup,2030-01-03T10:00:00Z
`

func TestReadCSV(t *testing.T) {
	cases := []struct {
		name, file, content           string
		orders, products, bins, stock int
		wantErr                       string
	}{
		{"orders, one row per line", "o.csv", ordersCSV, 2, 0, 0, 0, ""},
		{"products", "p.csv", "sku,name,codes,capture_lot\nA,Apple,04000000000013;04000000000020,yes\nB,Pear,,no\n", 0, 2, 0, 0, ""},
		{"bins", "b.csv", "location,code,walk_seq\nL1,A-01,1\nL1,A-02,2\n", 0, 0, 2, 0, ""},
		{"stock", "s.csv", "location,bin,sku,qty\nL1,A-01,A,5\n", 0, 0, 0, 1, ""},
		{"a cancellation needs no lines", "c.csv", "external_id,location,sku,qty,status\nW-9,L1,,,cancelled\n", 1, 0, 0, 0, ""},
		{"unknown column", "o.csv", "external_id,location,sku,qty,colour\nW,L1,A,1,red\n", 0, 0, 0, 0, `unknown column "colour"`},
		{"missing column", "o.csv", "external_id,location,sku\nW,L1,A\n", 0, 0, 0, 0, `column "qty" is missing`},
		{"bad number", "o.csv", "external_id,location,sku,qty\nW,L1,A,two\n", 0, 0, 0, 0, `line 2: qty "two"`},
		{"bad date", "o.csv", "external_id,location,sku,qty,promised_at\nW,L1,A,1,soon\n", 0, 0, 0, 0, `promised_at "soon"`},
		{"no kind", "x.csv", "foo,bar\n1,2\n", 0, 0, 0, 0, "the header must name"},
		{"empty", "x.csv", "", 0, 0, 0, 0, "empty"},
	}
	for _, c := range cases {
		f, err := importfile.Read(c.file, strings.NewReader(c.content))
		if c.wantErr != "" {
			if core.ErrorCode(err) != core.EINVALID || !strings.Contains(core.ErrorMessage(err), c.wantErr) {
				t.Errorf("%s: %v, want %q", c.name, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if len(f.Orders) != c.orders || len(f.Products) != c.products || len(f.Bins) != c.bins || len(f.Stock) != c.stock {
			t.Errorf("%s: %d orders, %d products, %d bins, %d stock", c.name, len(f.Orders), len(f.Products), len(f.Bins), len(f.Stock))
		}
	}
	f, _ := importfile.Read("o.csv", strings.NewReader(ordersCSV))
	w1 := f.Orders[0]
	if w1.ExternalID != "W-1" || w1.Location != "L1" || len(w1.Lines) != 2 || w1.Lines[0].Qty != 2 || w1.ShipTo.City != "Paris" ||
		!w1.PromisedAt.Equal(time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("W-1 read as %+v", w1)
	}
	if f.Orders[1].Fulfillment != core.FulfillStorePickup {
		t.Fatalf("W-2 read as %+v", f.Orders[1])
	}
	p, _ := importfile.Read("p.csv", strings.NewReader("sku,name,codes,capture_lot\nA,Apple,04000000000013;04000000000020,yes\n"))
	if len(p.Products[0].Codes) != 2 || !p.Products[0].CaptureLot {
		t.Fatalf("product read as %+v", p.Products[0])
	}
}

func TestReadJSON(t *testing.T) {
	arr := `[{"location":"L1","external_id":"J-1","fulfillment":"ship","lines":[{"sku":"SKU-001","qty":1}]}]`
	f, err := importfile.Read("orders.json", strings.NewReader(arr))
	if err != nil || len(f.Orders) != 1 || f.Orders[0].ExternalID != "J-1" {
		t.Fatalf("array: %+v, %v", f, err)
	}
	obj := `{"locations":[{"code":"L9","name":"Nine"}],"products":[{"sku":"Z","name":"Zed"}],"bins":[{"location":"L9","code":"Z-1"}],"stock":[{"location":"L9","bin":"Z-1","sku":"Z","qty":3}]}`
	f, err = importfile.Read("all.json", strings.NewReader(obj))
	if err != nil || len(f.Locations) != 1 || len(f.Products) != 1 || len(f.Bins) != 1 || f.Stock[0].Qty != 3 {
		t.Fatalf("object: %+v, %v", f, err)
	}
	ret := `{"returns":[{"location":"L1","rma":"RMA-1","order_ref":"W-1","lines":[{"sku":"SKU-001","qty":1,"reason":"defective","serials":["SN1"]}]}]}`
	f, err = importfile.Read("returns.json", strings.NewReader(ret))
	if err != nil || len(f.Returns) != 1 || f.Returns[0].Location != "L1" || f.Returns[0].RMA != "RMA-1" || f.Returns[0].Lines[0].Serials[0] != "SN1" {
		t.Fatalf("returns: %+v, %v", f, err)
	}
	if _, err := importfile.Read("bad.json", strings.NewReader(`{"returns":[{"location":"L1","rma":"R","colour":"red"}]}`)); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("unknown return field: %v", err)
	}
	if _, err := importfile.Read("bad.json", strings.NewReader(`{"orders":[], "extra": 1}`)); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("unknown field: %v", err)
	}
}

// TestApplyIsIdempotent imports the same files twice into a real hub:
// the second time changes nothing.
func TestApplyIsIdempotent(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		ctx := context.Background()
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 0)
		f, err := importfile.Read("o.csv", strings.NewReader(ordersCSV))
		if err != nil {
			t.Fatal(err)
		}
		first, err := f.Apply(ctx, db)
		if err != nil || first.Orders.Created != 2 {
			t.Fatalf("first import: %s, %v", first, err)
		}
		f, _ = importfile.Read("o.csv", strings.NewReader(ordersCSV))
		second, err := f.Apply(ctx, db)
		if err != nil || second.Orders.Unchanged != 2 || second.Orders.Created+second.Orders.Updated != 0 {
			t.Fatalf("second import: %s, %v", second, err)
		}
		changed := strings.Replace(ordersCSV, "2 Road", "3 Road", 1)
		f, _ = importfile.Read("o.csv", strings.NewReader(changed))
		third, err := f.Apply(ctx, db)
		if err != nil || third.Orders.Updated != 1 || third.Orders.Unchanged != 1 {
			t.Fatalf("changed import: %s, %v", third, err)
		}
	})
}
