// Package eventschema keeps api/openapi.yaml's event payload schemas the
// same as the payload structs of package core: Generate writes them from
// the structs, and a Validator checks a payload against the file with a
// real OpenAPI schema validator (kin-openapi), so a test can hold every
// event a station writes, or the feed serves, to the published contract.
package eventschema

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// The generated block in api/openapi.yaml lies between these lines.
const (
	BeginMarker = "    # BEGIN event payloads: generated from core/payload*.go by `go test ./api/eventschema -update`; do not edit by hand."
	EndMarker   = "    # END event payloads"
)

// MappingSchema is the schema whose x-payload-schemas names the payload
// schema of each event type.
const MappingSchema = "EventPayload"

// handWritten are structs the file already describes elsewhere (by hand,
// checked against the Go type by sync/hub's TestOpenAPIDescribesEveryRoute);
// payloads refer to them.
var handWritten = map[reflect.Type]string{
	reflect.TypeOf(core.Customer{}):            "Customer",
	reflect.TypeOf(core.ReturnLine{}):          "ReturnLine",
	reflect.TypeOf(core.OrderShippedPayload{}): "OrderShipment",
	reflect.TypeOf(core.ShippedParcel{}):       "ShippedParcel",
}

// schemaName is the name of t's schema in the file.
func schemaName(t reflect.Type) string {
	if n := handWritten[t]; n != "" {
		return n
	}
	return t.Name()
}

var timeType = reflect.TypeOf(time.Time{})

// Generate returns the block of components.schemas that describes every
// event type's payload, markers included, indented for the file.
func Generate() string {
	types := core.EventTypes()
	slices.Sort(types)
	g := &generator{done: map[reflect.Type]bool{}}
	var b strings.Builder
	b.WriteString(BeginMarker + "\n")
	fmt.Fprintf(&b, "    %s:\n", MappingSchema)
	b.WriteString("      type: object\n")
	b.WriteString("      description: >-\n")
	b.WriteString("        The payload of an event: a JSON object whose schema depends on the event's\n")
	b.WriteString("        type, named for each type in x-payload-schemas (a Go struct of package\n")
	b.WriteString("        core, core.DecodePayload). Fields may be added in a later version;\n")
	b.WriteString("        none is removed or changes meaning within /v1.\n")
	b.WriteString("      x-payload-schemas:\n")
	var roots []reflect.Type
	for _, typ := range types {
		t, ok := core.PayloadType(typ)
		if !ok {
			panic("eventschema: no payload struct for " + typ)
		}
		fmt.Fprintf(&b, "        %s: '#/components/schemas/%s'\n", typ, schemaName(t))
		roots = append(roots, t)
	}
	for _, t := range roots {
		g.add(t)
	}
	for _, s := range g.out {
		b.WriteString(s)
	}
	b.WriteString(EndMarker + "\n")
	return b.String()
}

type generator struct {
	done map[reflect.Type]bool
	out  []string
}

// add writes the component schema of struct t (and of the structs it
// holds), once.
func (g *generator) add(t reflect.Type) {
	if g.done[t] || handWritten[t] != "" {
		return
	}
	g.done[t] = true
	var b strings.Builder
	fmt.Fprintf(&b, "    %s:\n      type: object\n      additionalProperties: false\n", t.Name())
	var required []string
	var props strings.Builder
	var nested []reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		omit := strings.Contains(opts, "omitempty")
		if !omit {
			required = append(required, name)
		}
		fmt.Fprintf(&props, "        %s: %s\n", name, g.schema(f.Type, !omit, &nested))
	}
	if len(required) > 0 {
		fmt.Fprintf(&b, "      required: [%s]\n", strings.Join(required, ", "))
	}
	if props.Len() == 0 {
		b.WriteString("      properties: {}\n")
	} else {
		b.WriteString("      properties:\n" + props.String())
	}
	g.out = append(g.out, b.String())
	for _, n := range nested {
		g.add(n)
	}
}

// schema returns the inline (flow style) schema of a field of type t; a
// nil slice or pointer is sent as null unless the field is omitempty.
func (g *generator) schema(t reflect.Type, nullable bool, nested *[]reflect.Type) string {
	null := ""
	if nullable {
		null = ", nullable: true"
	}
	switch {
	case t == timeType:
		return "{ type: string, format: date-time }"
	case t.Kind() == reflect.Pointer:
		return g.ref(t.Elem(), nullable, nested)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return "{ type: string, format: byte" + null + " }"
	case t.Kind() == reflect.Slice:
		return "{ type: array" + null + ", items: " + g.schema(t.Elem(), false, nested) + " }"
	case t.Kind() == reflect.Struct:
		return g.ref(t, false, nested)
	case t.Kind() == reflect.String:
		return "{ type: string }"
	case t.Kind() == reflect.Bool:
		return "{ type: boolean }"
	case t.Kind() == reflect.Int64:
		return "{ type: integer, format: int64 }"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int32:
		return "{ type: integer }"
	}
	panic(fmt.Sprintf("eventschema: no schema for Go type %s", t))
}

func (g *generator) ref(t reflect.Type, nullable bool, nested *[]reflect.Type) string {
	name := handWritten[t]
	if name == "" {
		name = t.Name()
		*nested = append(*nested, t)
	}
	if nullable {
		return "{ nullable: true, allOf: [{ $ref: '#/components/schemas/" + name + "' }] }"
	}
	return "{ $ref: '#/components/schemas/" + name + "' }"
}

// Splice returns file with its generated block replaced by block (or, when
// the file has none yet, block appended to components.schemas, which must
// end the file).
func Splice(file, block string) (string, error) {
	begin := strings.Index(file, BeginMarker)
	if begin < 0 {
		if !strings.HasSuffix(file, "\n") {
			file += "\n"
		}
		return file + block, nil
	}
	end := strings.Index(file[begin:], EndMarker+"\n")
	if end < 0 {
		return "", fmt.Errorf("the file has %q but not %q", BeginMarker, EndMarker)
	}
	return file[:begin] + block + file[begin+end+len(EndMarker)+1:], nil
}
