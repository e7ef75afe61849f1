package core

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
)

// EventHash returns the content hash of an event: SHA-256, in lower-case
// hex, over a canonical encoding of what the event says (seq, id, type,
// order_id, staff_id, at in unix milliseconds, payload). The terminal
// computes it from its outbox and sends it with the event; the hub checks
// it and keeps it, so a different event replayed under a number the hub
// already holds is told from a true replay. The terminal field is not
// covered: the hub takes the terminal from the token.
//
// The encoding is "stationhand-event-v1" followed by each field as its
// byte length in decimal, a colon and its bytes. The payload is taken in
// its canonical JSON form (compact, with <, > and & escaped, as Go's
// encoding/json sends it); a payload that is not JSON is taken as it is.
func EventHash(ev Event) string {
	payload := canonicalPayload(ev.Payload)
	b := make([]byte, 0, 128+len(ev.ID)+len(ev.Type)+len(ev.OrderID)+len(payload))
	b = append(b, "stationhand-event-v1"...)
	b = appendNumberField(b, ev.Seq)
	b = appendField(b, ev.ID)
	b = appendField(b, ev.Type)
	b = appendField(b, ev.OrderID)
	b = appendNumberField(b, ev.StaffID)
	b = appendNumberField(b, ev.At.UnixMilli())
	b = strconv.AppendInt(b, int64(len(payload)), 10)
	b = append(b, ':')
	b = append(b, payload...)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// appendField appends s as its length, a colon and its bytes.
func appendField(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

// appendNumberField appends n in decimal as a field.
func appendNumberField(b []byte, n int64) []byte {
	var d [20]byte
	digits := strconv.AppendInt(d[:0], n, 10)
	b = strconv.AppendInt(b, int64(len(digits)), 10)
	b = append(b, ':')
	return append(b, digits...)
}

// canonicalPayload returns p compact and HTML-escaped: the form
// encoding/json gives a json.RawMessage it sends, so that the bytes the
// terminal stored and the bytes the hub received hash alike.
func canonicalPayload(p json.RawMessage) []byte {
	if len(p) == 0 {
		return nil
	}
	if !bytes.ContainsAny(p, " \t\r\n<>&\u2028\u2029") {
		return p // already compact and escaped: the usual case
	}
	var c bytes.Buffer
	if err := json.Compact(&c, p); err != nil {
		return p
	}
	var e bytes.Buffer
	json.HTMLEscape(&e, c.Bytes())
	return e.Bytes()
}
