package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
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

// applier applies the fresh events of one push inside its transaction.
type applier struct {
	db  *DB
	tx  *sql.Tx
	ctx context.Context
	t   core.Terminal

	touched  map[string]bool // orders whose hub status changed
	notified map[string]bool // order+reason already told to the terminal in this push
}

// orderRow is what the hub needs to know of an order to judge an event.
type orderRow struct {
	ref, location, status, claimedBy string
}

// apply records ev and, unless the hub refuses it, applies its effect on
// the orders it names.
func (a *applier) apply(ev core.Event) error {
	reason, message, orderRef, err := a.effect(ev)
	if err != nil {
		return err
	}
	notify := false
	if reason != "" {
		notify, err = a.shouldNotify(orderRef, reason)
		if err != nil {
			return err
		}
	}
	payload := string(ev.Payload)
	_, err = a.tx.ExecContext(a.ctx, `INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload,
			location, rejected, reason, refused, message, notify, received_at)
		VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		a.t.ID, ev.Seq, ev.ID, ev.Type, ev.OrderID, ev.StaffID, ev.At.UnixMilli(), payload,
		a.t.Location, boolInt(reason != ""), reason, orderRef, message, boolInt(notify), a.db.now())
	return err
}

// shouldNotify reports whether a rejection is the first of its kind for an
// order at this terminal: one exception per order and reason is enough for
// a person, however many scans followed the refused claim.
func (a *applier) shouldNotify(orderRef, reason string) (bool, error) {
	if orderRef == "" {
		return true, nil
	}
	key := orderRef + "\x00" + reason
	if a.notified == nil {
		a.notified = map[string]bool{}
	}
	if a.notified[key] {
		return false, nil
	}
	a.notified[key] = true
	var n int
	err := a.tx.QueryRowContext(a.ctx, `SELECT COUNT(*) FROM events WHERE terminal_id = $1 AND notify = 1 AND refused = $2 AND reason = $3`,
		a.t.ID, orderRef, reason).Scan(&n)
	return n == 0, err
}

// effect judges ev and applies what it does to the hub's orders. It returns
// a reason and message when the hub refuses the event (orderRef names the
// orders concerned), and an error only when the database fails.
func (a *applier) effect(ev core.Event) (reason, message, orderRef string, err error) {
	if !isWork(ev.Type) || ev.OrderID == "" {
		return "", "", "", nil
	}
	var refused []string
	for _, ref := range strings.Split(ev.OrderID, ",") {
		ref = strings.TrimSpace(ref)
		if ref == "" {
			continue
		}
		o, found, err := a.load(ref)
		if err != nil {
			return "", "", "", err
		}
		if !found {
			continue // an order the hub never had (local demo data): recorded, nothing to change
		}
		r, m, err := a.judge(ev, o)
		if err != nil {
			return "", "", "", err
		}
		if r != "" {
			if reason == "" {
				reason, message = r, m
			} else if r == reason {
				message += " " + m
			}
			refused = append(refused, ref)
			continue
		}
		if err := a.transition(ev, o); err != nil {
			return "", "", "", err
		}
	}
	return reason, message, strings.Join(refused, ","), nil
}

func (a *applier) load(ref string) (orderRow, bool, error) {
	o := orderRow{ref: ref}
	var claimed sql.NullString
	err := a.tx.QueryRowContext(a.ctx, "SELECT location, status, claimed_by FROM orders WHERE external_id = $1"+a.db.d.forUpdate, ref).
		Scan(&o.location, &o.status, &claimed)
	if isNoRows(err) {
		return o, false, nil
	}
	o.claimedBy = claimed.String
	return o, err == nil, err
}

// judge decides whether the hub takes ev for order o.
func (a *applier) judge(ev core.Event, o orderRow) (reason, message string, err error) {
	switch {
	case o.location != a.t.Location:
		return ReasonOtherLocation, fmt.Sprintf("Order %s belongs to another location; this terminal works only on orders of %s. Nothing was recorded for it.", o.ref, a.t.Location), nil
	case core.OrderStatus(o.status) == core.OrderCancelled && ev.Type != core.EventPickReleased:
		return ReasonOrderCancelled, fmt.Sprintf("Order %s was cancelled at the hub before this terminal's %s reached it. Stop working on it and put back everything picked for it.", o.ref, describe(ev.Type)), nil
	case o.claimedBy != "" && o.claimedBy != a.t.ID && ev.Type != core.EventPickReleased:
		name, err := a.terminalName(o.claimedBy)
		if err != nil {
			return "", "", err
		}
		return ReasonOrderClaimed, fmt.Sprintf("Order %s was claimed first at terminal %q, which keeps it. Stop picking it here and put back everything picked for it.", o.ref, name), nil
	}
	return "", "", nil
}

func (a *applier) terminalName(id string) (string, error) {
	var name string
	err := a.tx.QueryRowContext(a.ctx, "SELECT name FROM terminals WHERE id = $1", id).Scan(&name)
	if isNoRows(err) {
		return id, nil
	}
	return name, err
}

// transition moves the hub's order along with the work the event records.
func (a *applier) transition(ev core.Event, o orderRow) error {
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
	if status == core.OrderStatus(o.status) && claimed == o.claimedBy {
		return nil
	}
	var claimedArg any
	if claimed != "" {
		claimedArg = claimed
	}
	_, err := a.tx.ExecContext(a.ctx, "UPDATE orders SET status = $1, claimed_by = $2, updated_at = $3 WHERE external_id = $4",
		string(status), claimedArg, a.db.now(), o.ref)
	a.touched[o.ref] = true
	return err
}

// flush tells the terminals of the location about the orders whose status
// changed. It runs last, so the stream's lock is held only until commit.
func (a *applier) flush() error {
	keys := make([]string, 0, len(a.touched))
	for k := range a.touched {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return bump(a.ctx, a.tx, a.t.Location, kindOrder, keys)
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
