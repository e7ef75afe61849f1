package core

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestEveryEventTypeHasAPayload keeps the contract whole: a new event type
// without its payload struct (or a struct for a type nobody writes) fails.
func TestEveryEventTypeHasAPayload(t *testing.T) {
	for _, typ := range EventTypes() {
		pt, ok := PayloadType(typ)
		if !ok {
			t.Errorf("event type %q has no payload struct in core.payloads", typ)
			continue
		}
		if pt.Kind() != reflect.Struct {
			t.Errorf("payload of %q is a %s, want a struct", typ, pt.Kind())
		}
	}
	for typ := range payloads {
		if _, ok := KindOf(typ); !ok {
			t.Errorf("payload struct for %q, which is not an event type (eventKinds)", typ)
		}
	}
}

// TestPayloadFieldsAreNamed: every exported field of every payload struct
// (and the structs inside) carries a json tag, so the wire name is chosen,
// not derived from a Go identifier someone may rename.
func TestPayloadFieldsAreNamed(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var check func(typ string, rt reflect.Type)
	check = func(typ string, rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || seen[rt] || rt.PkgPath() == "time" {
			return
		}
		seen[rt] = true
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			if f.IsExported() && f.Tag.Get("json") == "" {
				t.Errorf("%s: field %s.%s has no json tag", typ, rt.Name(), f.Name)
			}
			check(typ, f.Type)
		}
	}
	for typ, p := range payloads {
		check(typ, reflect.TypeOf(p))
	}
}

func TestDecodePayloadRefusesUnknownFields(t *testing.T) {
	ev := Event{Type: EventPickBinConfirmed, Payload: json.RawMessage(`{"batch":"b1","bin":"A-01"}`)}
	got, err := DecodePayload(ev)
	if err != nil {
		t.Fatal(err)
	}
	if p := got.(*PickBinConfirmed); p.Bin != "A-01" || p.Batch != "b1" {
		t.Fatalf("decoded %+v", p)
	}
	ev.Payload = json.RawMessage(`{"batch":"b1","bin":"A-01","shelf":"x"}`)
	if _, err := DecodePayload(ev); err == nil {
		t.Fatal("a payload with a field the contract does not name decoded without error")
	}
	if _, err := DecodePayload(Event{Type: "drone.launched"}); err == nil {
		t.Fatal("an unknown type decoded without error")
	}
}
