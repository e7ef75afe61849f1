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
	h := sha256.New()
	var b []byte
	b = append(b, "stationhand-event-v1"...)
	field := func(s []byte) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	field(strconv.AppendInt(nil, ev.Seq, 10))
	field([]byte(ev.ID))
	field([]byte(ev.Type))
	field([]byte(ev.OrderID))
	field(strconv.AppendInt(nil, ev.StaffID, 10))
	field(strconv.AppendInt(nil, ev.At.UnixMilli(), 10))
	field(canonicalPayload(ev.Payload))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
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
