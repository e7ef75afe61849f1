package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Reasons the hub refuses an event. The terminal turns each into an
// exception for a person.
const (
	ReasonOrderCancelled = "order_cancelled"
	ReasonOrderClaimed   = "order_claimed"
	ReasonOtherLocation  = "other_location"
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
	locked    bool              // lockTerminal locked the orders too
	names     map[string]string // terminal id -> name, for messages
	notified  map[string]bool   // order+reason already told to the terminal
	rows      []eventRow
	rejection []core.EventRejection
}

// orderRow is what the hub needs to know of an order to judge an event.
type orderRow struct {
	ref, location, status, claimedBy string
	changed                          bool
}

// eventRow is an event as the events table stores it.
type eventRow struct {
	ev                       core.Event
	reason, refused, message string
	notify                   bool
}

func newApplier(ctx context.Context, db *DB, tx *sql.Tx, t core.Terminal) *applier {
	return &applier{db: db, tx: tx, ctx: ctx, t: t, orders: map[string]*orderRow{}, names: map[string]string{}, notified: map[string]bool{}}
}

// refs returns the orders an event is about, when it is work on them.
func refs(ev core.Event) []string {
	if !changesOrder(ev.Type) || ev.OrderID == "" {
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
	}
	for _, ev := range evs {
		if err := a.apply(ev); err != nil {
			return fmt.Errorf("event %d (%s): %w", ev.Seq, ev.Type, err)
		}
	}
	if len(evs) == 0 {
		return nil
	}
	last := evs[len(evs)-1].Seq
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
// the orders it names. A claim of several orders takes those it can and is
// refused for the others.
func (a *applier) apply(ev core.Event) error {
	r := eventRow{ev: ev}
	var refused []string
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
			continue
		}
		if r.reason == "" {
			r.reason, r.message = reason, message
		} else if reason == r.reason {
			r.message += " " + message
		}
		refused = append(refused, ref)
	}
	if r.reason != "" {
		r.refused = strings.Join(refused, ",")
		var err error
		if r.notify, err = a.shouldNotify(r.refused, r.reason); err != nil {
			return err
		}
		a.rejection = append(a.rejection, core.EventRejection{EventID: ev.ID, Seq: ev.Seq, OrderID: r.refused,
			Reason: r.reason, Message: r.message, At: msTime(a.db.now())})
	}
	a.rows = append(a.rows, r)
	return nil
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

// judge decides whether the hub takes ev for order o.
func (a *applier) judge(ev core.Event, o *orderRow) (reason, message string, err error) {
	switch {
	case o.location != a.t.Location:
		return ReasonOtherLocation, fmt.Sprintf("Order %s belongs to another location; this terminal works only on orders of %s. Nothing was recorded for it.", o.ref, a.t.Location), nil
	case core.OrderStatus(o.status) == core.OrderCancelled && fulfils(ev.Type):
		return ReasonOrderCancelled, fmt.Sprintf("Order %s was cancelled at the hub before this terminal's %s reached it. Stop working on it and put back everything picked for it.", o.ref, describe(ev.Type)), nil
	case o.claimedBy != "" && o.claimedBy != a.t.ID && picks(ev.Type):
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
	status, claimed := core.OrderStatus(o.status), o.claimedBy
	switch ev.Type {
	case core.EventPickClaimed:
		claimed = a.t.ID
		if status == core.OrderOpen {
			status = core.OrderPicking
		}
	case core.EventPickReleased:
		if claimed == a.t.ID {
			claimed = ""
			if status == core.OrderPicking {
				status = core.OrderOpen
			}
		}
	case core.EventPickUndone:
		if status == core.OrderPicked {
			status = core.OrderPicking
		}
	case core.EventOrderPicked:
		status, claimed = core.OrderPicked, a.t.ID
	default:
		if s, ok := strings.CutPrefix(ev.Type, "order."); ok {
			switch st := core.OrderStatus(s); st {
			case core.OrderPacked, core.OrderShipped, core.OrderStaged, core.OrderCollected, core.OrderExpired:
				status = st
			}
		}
	}
	if string(status) != o.status || claimed != o.claimedBy {
		o.status, o.claimedBy, o.changed = string(status), claimed, true
	}
}

// Which events the hub judges. Picking is held by the terminal that claimed
// the order first; the rest of the work (packing at a pack station,
// handing over at the counter) may happen at any terminal of the location.

// picks reports whether an event is picking work, which only the terminal
// holding the order's claim may do.
func picks(typ string) bool {
	return typ == core.EventOrderPicked || (strings.HasPrefix(typ, "pick.") && typ != core.EventPickReleased)
}

// fulfils reports whether an event moves an order towards its customer:
// work a cancellation makes void. Putting things back (an undo, a release,
// a restock) and mere records (a customer arriving) are always taken.
func fulfils(typ string) bool {
	switch typ {
	case core.EventPickReleased, core.EventPickUndone:
		return false
	case core.EventOrderPicked, core.EventOrderPacked, core.EventOrderStaged, core.EventOrderCollected,
		core.EventPickupBagsTagged, core.EventPickupBagStaged, core.EventPickupBagMoved, core.EventPickupVerified, core.EventPickupBagHanded:
		return true
	}
	return strings.HasPrefix(typ, "pick.") || strings.HasPrefix(typ, "pack.") || strings.HasPrefix(typ, "label.")
}

// changesOrder reports whether the hub looks at the orders an event names:
// to judge it, or to move the order's status.
func changesOrder(typ string) bool {
	return fulfils(typ) || picks(typ) || typ == core.EventPickReleased || typ == core.EventOrderExpired
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
