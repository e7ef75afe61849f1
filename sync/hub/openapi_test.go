package hub_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/sscc"
	"github.com/stationhand/stationhand/sync/hub"
)

const openAPIFile = "../../api/openapi.yaml"

// yamlKeys reads the block-mapping keys of a YAML file as dotted paths
// ("paths./v1/events.post"). It understands the subset the API file uses:
// nested mappings, block scalars (skipped) and flow values (leaves).
func yamlKeys(t *testing.T, file string) map[string]bool {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keyRE := regexp.MustCompile(`^(\s*)(- )?("[^"]+"|[A-Za-z0-9_/{}.$-]+):(\s|$)`)
	type level struct {
		indent int
		key    string
	}
	var stack []level
	keys := map[string]bool{}
	scalarIndent := -1
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if scalarIndent >= 0 {
			if trimmed == "" || indent > scalarIndent {
				continue
			}
			scalarIndent = -1
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		m := keyRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if m[2] != "" {
			indent += 2
		}
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		key := strings.Trim(m[3], `"`)
		stack = append(stack, level{indent, key})
		path := make([]string, len(stack))
		for i, l := range stack {
			path[i] = l.key
		}
		keys[strings.Join(path, ".")] = true
		if strings.HasSuffix(trimmed, "|") || strings.HasSuffix(trimmed, ">") {
			scalarIndent = indent
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestOpenAPIDescribesEveryRoute keeps api/openapi.yaml true: every route
// the server registers is described with its method, every described route
// is served, and the schemas name exactly the JSON fields of the Go types.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	keys := yamlKeys(t, openAPIFile)
	if !keys["openapi"] || !keys["paths"] {
		t.Fatalf("%s does not look like an OpenAPI file", openAPIFile)
	}
	srv := httptest.NewServer(hub.NewServer(downBackend{}, nil))
	defer srv.Close()
	described := map[string]bool{}
	for k := range keys {
		parts := strings.Split(k, ".")
		if len(parts) == 3 && parts[0] == "paths" && slices.Contains([]string{"get", "post", "put", "delete", "patch"}, parts[2]) {
			described[strings.ToUpper(parts[2])+" "+parts[1]] = true
		}
	}
	for _, r := range wire.Routes {
		id := r.Method + " " + r.Path
		if !described[id] {
			t.Errorf("%s is served but not described in %s", id, openAPIFile)
		}
		delete(described, id)
		if !strings.HasPrefix(r.Path, "/v1/") {
			t.Errorf("route %s is not under /v1/", r.Path)
		}
		if r.Auth != "" && !keys["paths."+r.Path+"."+strings.ToLower(r.Method)+".security"] {
			t.Errorf("%s needs a token but the file does not say so", id)
		}
		// The server answers the route (with its own error, not "no such route").
		req, _ := http.NewRequest(r.Method, srv.URL+strings.Replace(r.Path, "{external_id}", "X", 1), nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed {
			t.Errorf("%s is in wire.Routes but the server answers %d", id, resp.StatusCode)
		}
	}
	for id := range described {
		t.Errorf("%s is described in %s but not served", id, openAPIFile)
	}

	schemas := map[string]any{
		"Health": wire.Health{}, "Terminal": core.Terminal{}, "Whoami": wire.Whoami{}, "Event": core.Event{}, "PushRequest": wire.PushRequest{},
		"EventRejection": core.EventRejection{}, "PushResponse": wire.PushResponse{}, "Address": core.Address{},
		"Customer": core.Customer{}, "OrderLine": core.OrderLine{}, "Order": core.Order{}, "IngestRequest": wire.IngestRequest{},
		"IngestResponse": wire.IngestResponse{}, "Product": core.Product{}, "Bin": core.Bin{}, "StockRecord": core.StockRecord{},
		"StaffRecord": core.StaffRecord{}, "ChangeSet": core.ChangeSet{}, "PullResponse": wire.PullResponse{},
		"OrderProgress": core.OrderProgress{}, "Return": core.Return{}, "ReturnLine": core.ReturnLine{},
		"EnrolRequest": wire.EnrolRequest{}, "EnrolResponse": wire.EnrolResponse{}, "SSCCRange": sscc.Range{},
		"LocationDefaults": wire.LocationDefaults{}, "ShipSettings": core.ShipSettings{}, "PrinterConfig": printing.Config{},
		"FeedEvent": wire.FeedEvent{}, "FeedPage": wire.FeedPage{}, "ReturnsRequest": wire.ReturnsRequest{},
		"CarrierLabel": core.CarrierLabel{}, "LabelRequest": wire.LabelRequest{}, "LabelRequestsResponse": wire.LabelRequestsResponse{},
		"CarrierLabelsRequest": wire.CarrierLabelsRequest{}, "CarrierLabelsResponse": wire.CarrierLabelsResponse{},
	}
	// Shipping (issue 10, dispatch): the order system's view of a shipped order.
	schemas["OrderStatus"], schemas["OrderShipment"], schemas["ShippedParcel"] = wire.OrderStatus{}, core.OrderShippedPayload{}, core.ShippedParcel{}
	for name, v := range schemas {
		prefix := "components.schemas." + name + ".properties."
		var inFile []string
		for k := range keys {
			if rest, ok := strings.CutPrefix(k, prefix); ok && !strings.Contains(rest, ".") {
				inFile = append(inFile, rest)
			}
		}
		inGo := jsonFields(reflect.TypeOf(v))
		slices.Sort(inFile)
		slices.Sort(inGo)
		if !slices.Equal(inFile, inGo) {
			t.Errorf("schema %s has properties %v; the Go type has JSON fields %v", name, inFile, inGo)
		}
	}
}

// jsonFields lists the JSON names of a struct's fields, embedded structs
// flattened as encoding/json does.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	return out
}
