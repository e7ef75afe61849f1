package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
)

// ErrSeqGap matches (with errors.Is) the error of a push that starts past
// the event after the last one the hub holds: the events in between are
// missing and the hub applies nothing out of order. The error itself is a
// *SeqGapError, which says what the hub holds.
var ErrSeqGap = core.Errorf(core.ECONFLICT, "seq_gap", "Events are missing before this batch.")

// SeqGapError reports a sequence gap and what the hub holds.
type SeqGapError struct {
	LastSeq int64
	First   int64
}

func (e *SeqGapError) Error() string {
	return fmt.Sprintf("conflict (seq_gap): the hub holds this terminal's events up to %d, but the push starts at %d", e.LastSeq, e.First)
}

// Unwrap makes errors.Is(err, ErrSeqGap) and core.ErrorCode work.
func (e *SeqGapError) Unwrap() error {
	return core.Errorf(core.ECONFLICT, wire.ReasonSeqGap,
		"The hub holds this terminal's events up to number %d, but it sent number %d next: events in between are missing and nothing was applied. "+
			"The station sends again, from number %d, the events it keeps.", e.LastSeq, e.First, e.LastSeq+1)
}

// SeqReusedError refuses a push that holds, under a sequence the hub
// already has, a different event: the terminal's database was rolled back
// (restored from an older copy, or it lost its last commits) and numbered
// new events again from where the copy ended. Nothing is applied; the
// terminal renumbers its unsent events after LastSeq and sends them again.
type SeqReusedError struct {
	LastSeq int64 // the last sequence the hub holds for the terminal
	Seq     int64 // the first sequence of the push whose event differs
}

func (e *SeqReusedError) Error() string {
	return fmt.Sprintf("conflict (seq_reused): the hub holds another event number %d of this terminal (it holds up to %d)", e.Seq, e.LastSeq)
}

// Unwrap makes core.ErrorCode and core.ErrorMessage work.
func (e *SeqReusedError) Unwrap() error {
	return core.Errorf(core.ECONFLICT, wire.ReasonSeqReused,
		"The hub already holds a different event number %d from this terminal: its database was rolled back to an older copy. Nothing was applied; "+
			"the station numbers its unsent events again after number %d, the last the hub holds, and sends them.", e.Seq, e.LastSeq)
}

// Push applies a terminal's events exactly once, in order, inside one
// transaction together with the terminal's new last sequence. Events the hub
// already holds are skipped (a replay is a no-op, as long as each is the
// same event as before); an event the hub refuses is recorded as rejected
// with its reason and counts as applied, so it never blocks the ones behind
// it. The events must have consecutive sequence numbers, following the last
// one the hub holds: a terminal's first push starts at 1.
func (db *DB) Push(ctx context.Context, t core.Terminal, evs []core.Event) (wire.PushResponse, error) {
	if err := checkBatch(evs); err != nil {
		return wire.PushResponse{}, err
	}
	res, err := db.group.push(ctx, t, evs)
	if err != nil {
		return wire.PushResponse{}, fmt.Errorf("push from %s: %w", t.ID, err)
	}
	return res, nil
}

// pushTx applies a push inside tx.
func (db *DB) pushTx(ctx context.Context, tx *sql.Tx, t core.Terminal, evs []core.Event) (wire.PushResponse, error) {
	return db.pushTxIn(ctx, tx, t, evs, nil)
}

// pushTxIn applies a push inside tx; with gw, as one push of a batched
// group (groupbatch.go), which read its terminal, orders and staff and
// writes its events, orders and last sequence.
func (db *DB) pushTxIn(ctx context.Context, tx *sql.Tx, t core.Terminal, evs []core.Event, gw *groupWrites) (wire.PushResponse, error) {
	var res wire.PushResponse
	a := newApplier(ctx, db, tx, t)
	if gw != nil {
		a.group, a.orders, a.locked = gw, gw.orders, true
		if s := gw.staff[t.Location]; s != nil {
			a.staff = s
		}
	}
	// Locks the terminal's row: two pushes of one terminal (a retry
	// racing the original, say) take turns.
	last, revoked, err := a.lockTerminal(evs)
	if isNoRows(err) {
		return res, ErrUnknownToken
	}
	if err != nil {
		return res, err
	}
	if revoked {
		return res, core.Errorf(core.EFORBIDDEN, "revoked", "Terminal %q (%s) was revoked; nothing was applied. Enroll it again with `hub enroll` and configure the new token.", t.Name, t.ID)
	}
	if len(evs) == 0 {
		res.LastSeq = last
		res.LastSSCC, err = db.lastSSCCTx(ctx, tx, t.ID)
		return res, err
	}
	if evs[0].Seq > last+1 {
		return res, &SeqGapError{LastSeq: last, First: evs[0].Seq}
	}
	var fresh []core.Event
	for _, ev := range evs {
		if ev.Seq > last {
			fresh = append(fresh, ev)
		}
	}
	res.Duplicates = len(evs) - len(fresh)
	if res.Duplicates > 0 {
		if err := checkSame(ctx, tx, t.ID, last, evs[:res.Duplicates]); err != nil {
			return res, err
		}
	}
	if gw != nil {
		gw.wrote = true // from here on, it may have
	}
	if err := a.applyAll(fresh); err != nil {
		return res, err
	}
	if res.LastSSCC, err = db.saveLastSSCC(ctx, tx, t.ID, fresh); err != nil {
		return res, err
	}
	if len(fresh) > 0 {
		last = fresh[len(fresh)-1].Seq
	}
	res.LastSeq = last
	res.Applied = len(fresh)
	res.Rejections = a.rejection
	if len(a.rejection) > 0 {
		db.touch(tx, t.Location, true) // the terminal's pull brings them: wake it
	}
	if res.Duplicates == 0 {
		return res, nil
	}
	// A replay (a station re-sending after a rollback, or after a lost
	// answer) also learns the last SSCC the hub holds from it.
	if res.LastSSCC == "" {
		if res.LastSSCC, err = db.lastSSCCTx(ctx, tx, t.ID); err != nil {
			return res, err
		}
	}
	// Rejections of the whole request, including those recorded by an
	// earlier attempt whose answer was lost.
	res.Rejections, err = db.rejections(ctx, tx, t.ID, evs[0].Seq-1, evs[len(evs)-1].Seq, 0)
	return res, err
}

// checkBatch refuses a batch whose sequence numbers are not consecutive.
// What is wrong with an event itself does not refuse the batch: the event
// is recorded as refused (see screen), and the sequence moves on.
func checkBatch(evs []core.Event) error {
	if len(evs) > wire.MaxPushEvents {
		return core.Errorf(core.EINVALID, "too_many_events", "A push holds at most %d events; this one has %d. Send them in smaller batches.", wire.MaxPushEvents, len(evs))
	}
	for i, ev := range evs {
		switch {
		case ev.Seq <= 0:
			return core.Errorf(core.EINVALID, "bad_seq", "Event %d has sequence number %d; sequence numbers start at 1.", i+1, ev.Seq)
		case i > 0 && ev.Seq != evs[i-1].Seq+1:
			return core.Errorf(core.EINVALID, "bad_seq", "Events must have consecutive sequence numbers: %d follows %d. Nothing was applied.", ev.Seq, evs[i-1].Seq)
		}
	}
	return nil
}

// checkSame makes sure replayed events are the ones the hub holds under
// those numbers, by id and by content hash: a terminal whose database was
// replaced or rolled back would otherwise have its new events silently
// dropped as duplicates. Events stored before the hash was kept are hashed
// from their columns.
func checkSame(ctx context.Context, tx *sql.Tx, terminalID string, last int64, evs []core.Event) error {
	rows, err := tx.QueryContext(ctx, "SELECT seq, event_id, type, order_id, staff_id, at, payload, hash FROM events WHERE terminal_id = $1 AND seq >= $2 AND seq <= $3",
		terminalID, evs[0].Seq, evs[len(evs)-1].Seq)
	if err != nil {
		return err
	}
	defer rows.Close()
	type held struct{ id, hash string }
	heldBySeq := map[int64]held{}
	for rows.Next() {
		var h core.Event
		var at int64
		var payload, hash string
		if err := rows.Scan(&h.Seq, &h.ID, &h.Type, &h.OrderID, &h.StaffID, &at, &payload, &hash); err != nil {
			return err
		}
		if hash == "" {
			h.At, h.Payload = msTime(at), json.RawMessage(payload)
			hash = core.EventHash(h)
		}
		heldBySeq[h.Seq] = held{h.ID, hash}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, ev := range evs {
		h, ok := heldBySeq[ev.Seq]
		if !ok {
			continue
		}
		if h.id != storable(ev.ID, wire.MaxEventIDBytes) {
			return &SeqReusedError{LastSeq: last, Seq: ev.Seq}
		}
		if h.hash != core.EventHash(ev) {
			return core.Errorf(core.ECONFLICT, wire.ReasonEventChanged,
				"The hub holds event number %d (%s) from this terminal with other content than it sent now: the event changed after the hub acknowledged it. Nothing was applied.", ev.Seq, ev.ID)
		}
	}
	return nil
}

// rejections returns a terminal's rejected events with after < seq <= upto;
// with notifyLimit > 0, at most that many of those the terminal is told
// about as exceptions.
func (db *DB) rejections(ctx context.Context, tx *sql.Tx, terminalID string, after, upto int64, notifyLimit int) ([]core.EventRejection, error) {
	query := `SELECT seq, event_id, refused, reason, message, received_at FROM events
		WHERE terminal_id = $1 AND rejected = 1 AND seq > $2 AND seq <= $3`
	args := []any{terminalID, after, upto}
	if notifyLimit > 0 {
		query += " AND notify = 1 ORDER BY seq LIMIT $4"
		args = append(args, notifyLimit)
	} else {
		query += " ORDER BY seq"
	}
	rows, err := db.query(ctx, tx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []core.EventRejection
	for rows.Next() {
		var r core.EventRejection
		var at int64
		if err := rows.Scan(&r.Seq, &r.EventID, &r.OrderID, &r.Reason, &r.Message, &at); err != nil {
			return nil, err
		}
		r.At = msTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// LastSeq returns the last sequence the hub holds for a terminal.
func (db *DB) LastSeq(ctx context.Context, terminalID string) (int64, error) {
	var last int64
	err := db.sql.QueryRowContext(ctx, "SELECT last_seq FROM terminals WHERE id = $1", terminalID).Scan(&last)
	if isNoRows(err) {
		return 0, ErrUnknownToken
	}
	if err != nil {
		return 0, fmt.Errorf("last sequence of %s: %w", terminalID, err)
	}
	return last, nil
}

// EpochChangedError refuses a push made in an earlier epoch of the hub:
// the hub's database was restored or re-created since the terminal last
// heard from it, and may lack events it had acknowledged. Nothing is
// applied; the terminal re-sends its events after LastSeq first.
type EpochChangedError struct {
	Epoch   string // the hub's epoch now
	LastSeq int64  // the last sequence the hub holds for the terminal
}

func (e *EpochChangedError) Error() string {
	return fmt.Sprintf("conflict (epoch_changed): the hub's epoch is now %s; it holds this terminal's events up to %d", e.Epoch, e.LastSeq)
}

// Unwrap makes core.ErrorCode and core.ErrorMessage work.
func (e *EpochChangedError) Unwrap() error {
	return core.Errorf(core.ECONFLICT, wire.ReasonEpochChanged,
		"The hub's database was restored or re-created since this station last synced; it holds this terminal's events up to number %d. "+
			"Nothing was applied: the station sends again what the hub lacks, then its new events.", e.LastSeq)
}
