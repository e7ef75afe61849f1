package core

import (
	"encoding/json"
	"time"
)

// Event records one thing a person did at a terminal. It is written in the
// same transaction as the state change it describes (the transactional
// outbox) and later pushed to the hub in Seq order.
type Event struct {
	Seq      int64           `json:"seq"`      // the terminal's own sequence: 1, 2, 3, … with no gaps
	ID       string          `json:"id"`       // UUID, unique across every terminal
	Type     string          `json:"type"`     // e.g. "pick.item_picked"
	OrderID  string          `json:"order_id"` // the order's ExternalID, "" when not about an order
	StaffID  int64           `json:"staff_id"`
	Terminal string          `json:"terminal"`
	At       time.Time       `json:"at"`
	Payload  json.RawMessage `json:"payload,omitempty"`
	// Hash is the event's content hash (EventHash), sent by the terminal
	// and checked by the hub. Empty from terminals older than the hash:
	// the hub then computes it itself.
	Hash string `json:"hash,omitempty"`
}

// Event types written by the pick workflow.
const (
	EventPickClaimed      = "pick.claimed"
	EventPickToteAssigned = "pick.tote_assigned"
	EventPickBinConfirmed = "pick.bin_confirmed"
	EventPickItemPicked   = "pick.item_picked"
	EventPickItemToted    = "pick.item_toted"
	EventPickShort        = "pick.short"
	EventPickUndone       = "pick.undone"
	EventOrderPicked      = "order.picked"
	EventPickReleased     = "pick.released"
	EventPickReassigned   = "pick.reassigned" // a supervisor gave an open pick to someone else
	EventStaffSignedIn    = "staff.signed_in"
	// EventStaffPINLocked: a person typed too many wrong PINs in a row
	// and is locked for a while (PINLockFor).
	EventStaffPINLocked = "staff.pin_locked"
	// EventStaffPINChanged: a person set a new PIN at a station (their old
	// one was too short for their roles). The payload carries the new
	// bcrypt hash (PINChangedPayload), never the PIN; the hub stores it on
	// the staff record, and every station of the location pulls it.
	EventStaffPINChanged = "staff.pin_changed"
)
