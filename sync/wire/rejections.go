package wire

import "time"

// Reasons the hub gives, in an EventRejection, for an event it recorded
// but can never apply. The terminal shows each as an exception for a
// person; its sequence moves on past the event. Both hub backends judge
// the same event the same way (the hub judges it before its database sees
// it). The lifecycle's own reasons (order_cancelled, order_claimed,
// other_location) are in package core.
const (
	ReasonBadEvent     = "bad_event"     // no id, no type or no time
	ReasonBadText      = "bad_text"      // a NUL character or invalid UTF-8 in a text field or the payload
	ReasonTooLarge     = "too_large"     // a field longer than the limits below
	ReasonUnknownType  = "unknown_type"  // a type no terminal writes
	ReasonBadPayload   = "bad_payload"   // a payload that is not a JSON object
	ReasonBadTime      = "bad_time"      // a time absurdly far from the hub's clock
	ReasonUnknownStaff = "unknown_staff" // staff_id is not a member of the terminal's location's staff
	ReasonHashMismatch = "hash_mismatch" // the hash sent does not match the event's content
)

// ReasonEventChanged refuses a whole push with 409 Conflict: the terminal
// sent, under a sequence number the hub already holds, the same event id
// with other content (another content hash). Another id there is
// ReasonSeqReused. Unlike those the terminal recovers from on its own, a
// changed event needs a person: the station's record of something the hub
// acknowledged is no longer what it sent.
const ReasonEventChanged = "event_changed"

// Limits of one event. Longer fields get the event rejected (too_large).
const (
	MaxEventIDBytes      = 64
	MaxEventTypeBytes    = 64
	MaxEventOrderIDBytes = 8 << 10
	MaxEventPayloadBytes = 256 << 10
	// An event's time may lie at most this far before the hub's clock
	// (a terminal offline for months, a hub refilled from terminals'
	// retained events) …
	MaxEventAge = 400 * 24 * time.Hour
	// … and at most this far after it (a terminal's clock set wrong).
	MaxEventLead = 7 * 24 * time.Hour
)
