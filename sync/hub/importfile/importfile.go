// Package importfile reads the files `hub import` takes: orders and returns
// (and the catalogue, bins and stock terminals need) as JSON or CSV.
//
// JSON is either an array of orders or an object with any of "locations",
// "products", "bins", "stock", "orders" and "returns" (returns come in JSON
// only). CSV holds one kind of record,
// told by its header: orders (one row per order line, rows of an order
// sharing external_id), products, bins or stock. Unknown fields and
// columns are refused, so a typo never drops data silently.
package importfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// File is everything one import file holds.
type File struct {
	Locations []Location         `json:"locations,omitempty"`
	Products  []core.Product     `json:"products,omitempty"`
	Bins      []Bin              `json:"bins,omitempty"`
	Stock     []Stock            `json:"stock,omitempty"`
	Orders    []wire.IngestOrder `json:"orders,omitempty"`
	Returns   []Return           `json:"returns,omitempty"`
}

// Return is a customer return (RMA) announced to a location.
type Return = store.IngestReturn

// Location is a location to create or rename.
type Location struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Bin is a bin of a location.
type Bin struct {
	Location string `json:"location"`
	core.Bin
}

// Stock is a stock record of a location.
type Stock struct {
	Location string `json:"location"`
	core.StockRecord
}

// Read parses an import file; name's extension (.json or .csv) picks the
// format, and content that starts with '[' or '{' is JSON whatever the name.
func Read(name string, r io.Reader) (File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return File{}, fmt.Errorf("read %s: %w", name, err)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if strings.HasSuffix(strings.ToLower(name), ".json") || (len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{')) {
		return readJSON(name, trimmed)
	}
	return readCSV(name, bytes.TrimPrefix(data, []byte("\ufeff")))
}

func readJSON(name string, data []byte) (File, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var err error
	if len(data) > 0 && data[0] == '[' {
		err = dec.Decode(&f.Orders)
	} else {
		err = dec.Decode(&f)
	}
	if err != nil {
		return File{}, core.Errorf(core.EINVALID, "bad_file", "%s is not a valid import file: %v.", name, err)
	}
	return f, nil
}

// CSV columns of each kind of record; the first ones are required.
var (
	orderColumns = []string{"external_id", "location", "sku", "qty",
		"line_no", "name", "channel", "customer_name", "customer_email", "customer_phone",
		"ship_name", "ship_company", "ship_line1", "ship_line2", "ship_city", "ship_region", "ship_postal_code", "ship_country", "ship_phone",
		"fulfillment", "service", "pickup_code", "promised_at", "created_at", "status"}
	orderRequired   = 4
	productColumns  = []string{"sku", "name", "category", "codes", "weight_g", "length_mm", "width_mm", "height_mm", "capture_lot", "capture_serial", "capture_expiry"}
	productRequired = 2
	binColumns      = []string{"location", "code", "zone", "aisle", "bay", "level", "walk_seq"}
	binRequired     = 2
	stockColumns    = []string{"location", "bin", "sku", "qty"}
	stockRequired   = 4
)

func readCSV(name string, data []byte) (File, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.TrimLeadingSpace = true
	rows, err := cr.ReadAll()
	if err != nil {
		return File{}, core.Errorf(core.EINVALID, "bad_file", "%s is not valid CSV: %v.", name, err)
	}
	if len(rows) == 0 {
		return File{}, core.Errorf(core.EINVALID, "bad_file", "%s is empty.", name)
	}
	header := make([]string, len(rows[0]))
	for i, h := range rows[0] {
		header[i] = strings.ToLower(strings.TrimSpace(h))
	}
	var kind string
	var known []string
	var required int
	switch {
	case slices.Contains(header, "external_id"):
		kind, known, required = "orders", orderColumns, orderRequired
	case slices.Contains(header, "bin"):
		kind, known, required = "stock", stockColumns, stockRequired
	case slices.Contains(header, "code") && slices.Contains(header, "location"):
		kind, known, required = "bins", binColumns, binRequired
	case slices.Contains(header, "sku"):
		kind, known, required = "products", productColumns, productRequired
	default:
		return File{}, core.Errorf(core.EINVALID, "bad_file",
			"%s: the header must name the columns of orders (external_id, location, sku, qty, …), products (sku, name, …), bins (location, code, …) or stock (location, bin, sku, qty).", name)
	}
	for _, h := range header {
		if !slices.Contains(known, h) {
			return File{}, core.Errorf(core.EINVALID, "bad_file", "%s: unknown column %q for %s; known columns: %s.", name, h, kind, strings.Join(known, ", "))
		}
	}
	for _, h := range known[:required] {
		if !slices.Contains(header, h) {
			return File{}, core.Errorf(core.EINVALID, "bad_file", "%s: column %q is missing; %s need %s.", name, h, kind, strings.Join(known[:required], ", "))
		}
	}
	var f File
	var problems []error
	byID := map[string]int{}
	for n, row := range rows[1:] {
		r := record{header: header, row: row, line: n + 2}
		switch kind {
		case "orders":
			r.order(&f, byID)
		case "products":
			f.Products = append(f.Products, r.product())
		case "bins":
			f.Bins = append(f.Bins, Bin{Location: r.get("location"), Bin: core.Bin{Code: r.get("code"), Zone: r.get("zone"),
				Aisle: r.get("aisle"), Bay: r.get("bay"), Level: r.get("level"), WalkSeq: r.num("walk_seq")}})
		case "stock":
			f.Stock = append(f.Stock, Stock{Location: r.get("location"), StockRecord: core.StockRecord{BinCode: r.get("bin"), SKU: r.get("sku"), Qty: r.num("qty")}})
		}
		problems = append(problems, r.errs...)
		if len(problems) > 20 {
			break
		}
	}
	if len(problems) > 0 {
		return File{}, core.Errorf(core.EINVALID, "bad_file", "%s: %v", name, errors.Join(problems...))
	}
	return f, nil
}

// record is one CSV row, read by column name; problems collect in errs.
type record struct {
	header []string
	row    []string
	line   int
	errs   []error
}

func (r *record) get(col string) string {
	if i := slices.Index(r.header, col); i >= 0 && i < len(r.row) {
		return strings.TrimSpace(r.row[i])
	}
	return ""
}

func (r *record) num(col string) int {
	s := r.get(col)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("line %d: %s %q is not a whole number", r.line, col, s))
	}
	return n
}

func (r *record) flag(col string) bool {
	switch strings.ToLower(r.get(col)) {
	case "", "0", "false", "no", "n":
		return false
	case "1", "true", "yes", "y":
		return true
	}
	r.errs = append(r.errs, fmt.Errorf("line %d: %s %q is not yes or no", r.line, col, r.get(col)))
	return false
}

func (r *record) time(col string) time.Time {
	s := r.get(col)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	r.errs = append(r.errs, fmt.Errorf("line %d: %s %q is not a date (2006-01-02 or RFC 3339)", r.line, col, s))
	return time.Time{}
}

func (r *record) product() core.Product {
	var codes []string
	for _, c := range strings.FieldsFunc(r.get("codes"), func(c rune) bool { return c == ' ' || c == ';' || c == '|' }) {
		codes = append(codes, c)
	}
	return core.Product{SKU: r.get("sku"), Name: r.get("name"), Category: r.get("category"), Codes: codes,
		WeightG: r.num("weight_g"), LengthMM: r.num("length_mm"), WidthMM: r.num("width_mm"), HeightMM: r.num("height_mm"),
		CaptureLot: r.flag("capture_lot"), CaptureSerial: r.flag("capture_serial"), CaptureExpiry: r.flag("capture_expiry")}
}

// order adds the row's line to its order, starting the order at its first row.
func (r *record) order(f *File, byID map[string]int) {
	id := r.get("external_id")
	i, ok := byID[id]
	if !ok {
		i = len(f.Orders)
		byID[id] = i
		f.Orders = append(f.Orders, wire.IngestOrder{Location: r.get("location"), Order: core.Order{
			ExternalID: id, Channel: r.get("channel"),
			Customer: core.Customer{Name: r.get("customer_name"), Email: r.get("customer_email"), Phone: r.get("customer_phone")},
			ShipTo: core.Address{Name: r.get("ship_name"), Company: r.get("ship_company"), Line1: r.get("ship_line1"), Line2: r.get("ship_line2"),
				City: r.get("ship_city"), Region: r.get("ship_region"), PostalCode: r.get("ship_postal_code"), Country: r.get("ship_country"), Phone: r.get("ship_phone")},
			Fulfillment: core.Fulfillment(r.get("fulfillment")), Service: r.get("service"), PickupCode: r.get("pickup_code"),
			PromisedAt: r.time("promised_at"), CreatedAt: r.time("created_at"), Status: core.OrderStatus(r.get("status")),
		}})
	}
	o := &f.Orders[i]
	if r.get("sku") == "" && o.Status == core.OrderCancelled {
		return // a cancellation needs no lines
	}
	o.Lines = append(o.Lines, core.OrderLine{LineNo: r.num("line_no"), SKU: r.get("sku"), Name: r.get("name"), Qty: r.num("qty")})
}
