package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// Reasons the hub refuses an event for an order (the lifecycle's, in
// package core; the hub's own are in package wire).
const (
	ReasonOrderCancelled = core.ReasonOrderCancelled
	ReasonOrderClaimed   = core.ReasonOrderClaimed
	ReasonOtherLocation  = core.ReasonOtherLocation
)

// applier applies the fresh events of one push inside its transaction. It
// locks every order the push names in one statement (in key order, so two
// pushes cannot deadlock on them), judges and applies the events in memory,
// and writes the events, the changed orders and the change stream in a few
// multi-row statements: a push costs a handful of round trips, not a few
// per event.
type applier struct {
	db  *DB
	tx  *sql.Tx
	ctx context.Context
	t   core.Terminal

	orders    map[string]*orderRow
	staff     map[int64]bool    // staff of the terminal's location the push names
	locked    bool              // lockTerminal locked the orders and read the staff too
	names     map[string]string // terminal id -> name, for messages
	notified  map[string]bool   // order+reason already told to the terminal
	rows      []eventRow
	rejection []core.EventRejection
	shipments []shipment // order.shipped events taken, in order (shipments.go)
	// group: the batched group this push is one of (groupbatch.go),
	// which writes its events, orders and last sequence; nil: the push
	// writes them.
	group *groupWrites
}

// orderRow is what the hub needs to know of an order to judge an event.
type orderRow struct {
	ref, location, status, claimedBy string
	changed                          bool
}

// eventRow is an event as the events table stores it: for an event
// refused on its own (screen), its text made storable.
type eventRow struct {
	ev                       core.Event
	hash                     string
	reason, refused, message string
	notify                   bool
}

func newApplier(ctx context.Context, db *DB, tx *sql.Tx, t core.Terminal) *applier {
	return &applier{db: db, tx: tx, ctx: ctx, t: t, orders: map[string]*orderRow{}, staff: map[int64]bool{},
		names: map[string]string{}, notified: map[string]bool{}}
}

// refs returns the orders an event is about.
func refs(ev core.Event) []string {
	if ev.OrderID == "" || len(ev.OrderID) > wire.MaxEventOrderIDBytes || !cleanText(ev.OrderID) {
		return nil
	}
	var out []string
	for _, r := range strings.Split(ev.OrderID, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// applyAll applies evs (fresh, in sequence order) and writes them with the
// terminal's new last sequence.
func (a *applier) applyAll(evs []core.Event) error {
	if !a.locked {
		if err := a.lockOrders(evs); err != nil {
			return err
		}
		if err := a.readStaff(evs); err != nil {
			return err
		}
	}
	for _, ev := range evs {
		if err := a.apply(ev); err != nil {
			return fmt.Errorf("event %d (%s): %w", ev.Seq, ev.Type, err)
		}
	}
	if len(evs) == 0 {
		return nil
	}
	if err := a.requestLabels(); err != nil {
		return err
	}
	if err := a.voidLabels(); err != nil {
		return err
	}
	last := evs[len(evs)-1].Seq
	if err := a.saveShipments(); err != nil {
		return err
	}
	if a.group != nil {
		for _, r := range a.rows {
			a.group.events = append(a.group.events, groupEvent{terminal: a.t.ID, location: a.t.Location, row: r})
		}
		a.group.lastSeq[a.t.ID] = last
		return nil
	}
	if a.db.d.name == "postgres" {
		return a.writePostgres(last)
	}
	if err := a.insertEvents(); err != nil {
		return err
	}
	if err := a.saveOrders(); err != nil {
		return err
	}
	_, err := a.db.exec(a.ctx, a.tx, "UPDATE terminals SET last_seq = $1 WHERE id = $2", last, a.t.ID)
	return err
}

// apply judges ev and, unless the hub refuses it, applies its effect on
// the orders it names. An event the hub can never apply (screen) is
// refused whole; a claim of several orders takes those it can and is
// refused for the others.
func (a *applier) apply(ev core.Event) error {
	r := eventRow{ev: ev, hash: core.EventHash(ev)}
	var refused []string
	if reason, message := a.screen(ev, r.hash); reason != "" {
		r.reason, r.message = reason, message
		r.ev.ID, r.ev.Type = storable(ev.ID, wire.MaxEventIDBytes), storable(ev.Type, wire.MaxEventTypeBytes)
		r.ev.OrderID = storable(ev.OrderID, wire.MaxEventOrderIDBytes)
		r.ev.Payload = json.RawMessage(storablePayload(ev.Payload))
		refused = []string{r.ev.OrderID}
	} else {
		for _, ref := range refs(ev) {
			o, ok := a.orders[ref]
			if !ok {
				continue // an order the hub never had (local demo data): recorded, nothing to change
			}
			reason, message, err := a.judge(ev, o)
			if err != nil {
				return err
			}
			if reason == "" {
				a.transition(ev, o)
				a.noteShipment(ev, o)
				continue
			}
			if r.reason == "" {
				r.reason, r.message = reason, message
			} else if reason == r.reason {
				r.message += " " + message
			}
			refused = append(refused, ref)
		}
		if r.reason == "" && ev.Type == core.EventStaffPINChanged {
			reason, message, err := a.changePIN(ev)
			if err != nil {
				return err
			}
			r.reason, r.message = reason, message
		}
	}
	if r.reason != "" {
		r.refused = strings.Join(refused, ",")
		var err error
		if r.notify, err = a.shouldNotify(r.refused, r.reason); err != nil {
			return err
		}
		a.rejection = append(a.rejection, core.EventRejection{EventID: r.ev.ID, Seq: ev.Seq, OrderID: r.refused,
			Reason: r.reason, Message: r.message, At: msTime(a.db.now())})
	}
	a.rows = append(a.rows, r)
	return nil
}

// screen judges an event on its own (see screen) and its staff: a member
// of the terminal's location, or nobody where the event type allows.
func (a *applier) screen(ev core.Event, hash string) (reason, message string) {
	if reason, message := screen(ev, hash, a.db.Now()); reason != "" {
		return reason, message
	}
	kind, _ := core.KindOf(ev.Type)
	if (ev.StaffID == 0 && kind.NoStaff) || a.staff[ev.StaffID] {
		return "", ""
	}
	if ev.StaffID == 0 {
		return wire.ReasonUnknownStaff, fmt.Sprintf("Event %d (%s) names no member of staff; the hub recorded it as refused.", ev.Seq, describe(ev.Type))
	}
	return wire.ReasonUnknownStaff, fmt.Sprintf("Event %d (%s) names staff %d, who is not on the staff of %s; the hub recorded it as refused.",
		ev.Seq, describe(ev.Type), ev.StaffID, a.t.Location)
}

// shouldNotify reports whether a rejection is the first of its kind for an
// order at this terminal: one exception per order and reason is enough for
// a person, however many scans followed the refused claim.
func (a *applier) shouldNotify(orderRef, reason string) (bool, error) {
	if orderRef == "" {
		return true, nil
	}
	key := orderRef + "\x00" + reason
	if a.notified[key] {
		return false, nil
	}
	a.notified[key] = true
	var n int
	err := a.db.queryRow(a.ctx, a.tx, `SELECT COUNT(*) FROM events WHERE terminal_id = $1 AND notify = 1 AND refused = $2 AND reason = $3`,
		a.t.ID, orderRef, reason).Scan(&n)
	return n == 0, err
}

// judge decides whether the hub takes ev for order o: an order of the
// terminal's location, where the lifecycle lets the terminal do it.
func (a *applier) judge(ev core.Event, o *orderRow) (reason, message string, err error) {
	if o.location != a.t.Location {
		return ReasonOtherLocation, fmt.Sprintf("Order %s belongs to another location; this terminal works only on orders of %s. Nothing was recorded for it.", o.ref, a.t.Location), nil
	}
	switch core.Refusal(ev.Type, o.progress(), a.t.ID) {
	case core.ReasonOrderCancelled:
		return ReasonOrderCancelled, fmt.Sprintf("Order %s was cancelled at the hub before this terminal's %s reached it. Stop working on it and put back everything picked for it.", o.ref, describe(ev.Type)), nil
	case core.ReasonOrderClaimed:
		name, err := a.terminalName(o.claimedBy)
		if err != nil {
			return "", "", err
		}
		return ReasonOrderClaimed, fmt.Sprintf("Order %s was claimed first at terminal %q, which keeps it. Stop picking it here and put back everything picked for it.", o.ref, name), nil
	}
	return "", "", nil
}

func (a *applier) terminalName(id string) (string, error) {
	if name, ok := a.names[id]; ok {
		return name, nil
	}
	var name string
	err := a.db.queryRow(a.ctx, a.tx, "SELECT name FROM terminals WHERE id = $1", id).Scan(&name)
	if isNoRows(err) {
		name, err = id, nil
	}
	a.names[id] = name
	return name, err
}

// transition moves the hub's order along with the work the event records.
func (a *applier) transition(ev core.Event, o *orderRow) {
	p := core.Apply(ev.Type, o.progress(), a.t.ID)
	if string(p.Status) != o.status || p.ClaimedBy != o.claimedBy {
		o.status, o.claimedBy, o.changed = string(p.Status), p.ClaimedBy, true
	}
}

func (o *orderRow) progress() core.OrderProgress {
	return core.OrderProgress{ExternalID: o.ref, Status: core.OrderStatus(o.status), ClaimedBy: o.claimedBy}
}

// describe names an event type for a person: "pick.item_picked" -> "item picked".
func describe(typ string) string {
	_, s, ok := strings.Cut(typ, ".")
	if !ok {
		s = typ
	}
	return strings.ReplaceAll(s, "_", " ")
}

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
