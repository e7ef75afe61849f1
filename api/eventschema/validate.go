package eventschema

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Validator checks event payloads against the schemas of an OpenAPI file.
type Validator struct {
	doc     *openapi3.T
	byType  map[string]*openapi3.Schema
	schemas map[string]string // event type → schema name
}

// Load reads and validates the OpenAPI file at path (the whole document
// must be valid OpenAPI) and returns a Validator for its event payloads.
func Load(path string) (*Validator, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("%s is not valid OpenAPI: %w", path, err)
	}
	mapping := doc.Components.Schemas[MappingSchema]
	if mapping == nil || mapping.Value == nil {
		return nil, fmt.Errorf("%s has no schema %s", path, MappingSchema)
	}
	raw, ok := mapping.Value.Extensions["x-payload-schemas"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: schema %s has no x-payload-schemas mapping", path, MappingSchema)
	}
	v := &Validator{doc: doc, byType: map[string]*openapi3.Schema{}, schemas: map[string]string{}}
	for typ, r := range raw {
		ref, _ := r.(string)
		name, ok := strings.CutPrefix(ref, "#/components/schemas/")
		s := doc.Components.Schemas[name]
		if !ok || s == nil || s.Value == nil {
			return nil, fmt.Errorf("%s: event type %s maps to %q, which is not a schema of the file", path, typ, ref)
		}
		v.byType[typ], v.schemas[typ] = s.Value, name
	}
	return v, nil
}

// Types returns the event types the file describes, with their schema names.
func (v *Validator) Types() map[string]string { return v.schemas }

// Validate checks one payload of an event of type typ against its schema
// (an empty payload counts as {}).
func (v *Validator) Validate(typ string, payload []byte) error {
	s := v.byType[typ]
	if s == nil {
		return fmt.Errorf("event type %s: the API file describes no payload for it", typ)
	}
	if len(payload) == 0 {
		payload = []byte("{}")
	}
	var value any
	if err := json.Unmarshal(payload, &value); err != nil {
		return fmt.Errorf("event type %s: payload is not JSON: %w", typ, err)
	}
	if err := s.VisitJSON(value, openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("event type %s: payload %s does not match schema %s: %w", typ, payload, v.schemas[typ], err)
	}
	return nil
}
