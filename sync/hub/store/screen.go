package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// screen judges what an event says on its own, before any order or staff
// is looked at: whether the hub could ever apply it. It is Go, not SQL, so
// that SQLite and PostgreSQL judge alike (PostgreSQL cannot store a NUL in
// text, SQLite can; neither is asked). It returns the reason and message
// of the rejection, or "" for an event that passes.
func screen(ev core.Event, hash string, now time.Time) (reason, message string) {
	switch {
	case ev.ID == "" || ev.Type == "":
		return wire.ReasonBadEvent, fmt.Sprintf("Event %d has no id or no type; the hub recorded it as refused.", ev.Seq)
	case ev.At.IsZero():
		return wire.ReasonBadEvent, fmt.Sprintf("Event %d has no time; the hub recorded it as refused.", ev.Seq)
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{{"id", ev.ID, wire.MaxEventIDBytes}, {"type", ev.Type, wire.MaxEventTypeBytes}, {"order_id", ev.OrderID, wire.MaxEventOrderIDBytes}} {
		if !cleanText(f.value) {
			return wire.ReasonBadText, fmt.Sprintf("Event %d has a NUL character or invalid UTF-8 in its %s; the hub recorded it as refused.", ev.Seq, f.name)
		}
		if len(f.value) > f.max {
			return wire.ReasonTooLarge, fmt.Sprintf("Event %d has a %s of %d bytes, more than the %d the hub takes; the hub recorded it as refused.", ev.Seq, f.name, len(f.value), f.max)
		}
	}
	if !cleanPayload(ev.Payload) {
		return wire.ReasonBadText, fmt.Sprintf("Event %d (%s) has a NUL character or invalid UTF-8 in its payload; the hub recorded it as refused.", ev.Seq, abbreviate(ev.Type))
	}
	if len(ev.Payload) > wire.MaxEventPayloadBytes {
		return wire.ReasonTooLarge, fmt.Sprintf("Event %d (%s) has a payload of %d bytes, more than the %d the hub takes; the hub recorded it as refused.", ev.Seq, ev.Type, len(ev.Payload), wire.MaxEventPayloadBytes)
	}
	if _, known := core.KindOf(ev.Type); !known {
		return wire.ReasonUnknownType, fmt.Sprintf("Event %d has type %q, which this hub does not know; it recorded it as refused. Is the station newer than the hub?", ev.Seq, abbreviate(ev.Type))
	}
	if !objectPayload(ev.Payload) {
		return wire.ReasonBadPayload, fmt.Sprintf("Event %d (%s) has a payload that is not a JSON object; the hub recorded it as refused.", ev.Seq, ev.Type)
	}
	if ev.At.Before(now.Add(-wire.MaxEventAge)) || ev.At.After(now.Add(wire.MaxEventLead)) {
		return wire.ReasonBadTime, fmt.Sprintf("Event %d (%s) is dated %s, too far from the hub's clock (%s); the hub recorded it as refused. Check the station's clock.",
			ev.Seq, ev.Type, ev.At.UTC().Format(time.DateTime+" MST"), now.UTC().Format(time.DateTime+" MST"))
	}
	if ev.Hash != "" && ev.Hash != hash {
		return wire.ReasonHashMismatch, fmt.Sprintf("Event %d (%s) does not match the content hash it came with; the hub recorded it as refused.", ev.Seq, ev.Type)
	}
	return "", ""
}

// cleanText reports whether s is text both databases store as it is:
// valid UTF-8 without NUL.
func cleanText(s string) bool {
	return strings.IndexByte(s, 0) < 0 && utf8.ValidString(s)
}

// cleanPayload reports whether a payload is valid UTF-8 and none of its
// strings holds a NUL (written \u0000 in JSON).
func cleanPayload(p json.RawMessage) bool {
	if !utf8.Valid(p) {
		return false
	}
	if !bytes.Contains(p, []byte(`\u0000`)) {
		return true // the usual case, without decoding
	}
	var v any
	if err := json.Unmarshal(p, &v); err != nil {
		return false
	}
	return !holdsNUL(v)
}

func holdsNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.IndexByte(v, 0) >= 0
	case []any:
		for _, x := range v {
			if holdsNUL(x) {
				return true
			}
		}
	case map[string]any:
		for k, x := range v {
			if strings.IndexByte(k, 0) >= 0 || holdsNUL(x) {
				return true
			}
		}
	}
	return false
}

// objectPayload reports whether a payload is a JSON object, or absent
// (empty or null: an event that needs no detail).
func objectPayload(p json.RawMessage) bool {
	t := bytes.TrimSpace(p)
	if len(t) == 0 || string(t) == "null" {
		return true
	}
	return t[0] == '{' && json.Valid(t)
}

// storable returns s as the hub stores the text of a refused event: valid
// UTF-8, NUL replaced, at most max bytes.
func storable(s string, max int) string {
	if cleanText(s) && len(s) <= max {
		return s
	}
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	for len(s) > max {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// storablePayload returns a refused event's payload as the hub stores it:
// as sent when both databases can store it, otherwise its text, cleaned
// and cut short, as a JSON string (the content hash kept with the event
// still identifies what was sent).
func storablePayload(p json.RawMessage) string {
	if cleanPayload(p) && len(p) <= wire.MaxEventPayloadBytes && json.Valid(p) {
		return string(p)
	}
	b, _ := json.Marshal(storable(string(p), 4096))
	return string(b)
}

// abbreviate cuts a text for a message.
func abbreviate(s string) string {
	s = storable(s, 64)
	return s
}
