package sync

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// Quarantiner is implemented by a LocalStore that can set an event aside
// (core/sqlite's DB does): the event is replaced in its outbox, under its
// own sequence number and id, by a core.EventUnsendable record of it, and
// a person gets an exception that says what was lost and why. The round
// then pushes the record instead, so that the sequence moves on.
type Quarantiner interface {
	QuarantineEvent(ctx context.Context, seq int64, reason, message string) (core.Event, error)
}

// refusedWhole reports whether the hub refused a whole push because of
// what one of its events holds: too large a body (413), too many events,
// or a batch this station could not even encode. Sending the same request
// again gets the same answer (only network errors, 5xx and 429/503
// overload are worth that, see Transient); halving the batch narrows it
// down to the event that causes it. Other refusals (401, 403, a 400 for a
// field the hub does not know: a hub older than the station) are about
// the terminal or the protocol, not an event: they are returned as they
// are, and no event is set aside for them.
func refusedWhole(err error) bool {
	var he *HubError
	if errors.As(err, &he) {
		return he.Status == http.StatusRequestEntityTooLarge ||
			(he.Status == http.StatusBadRequest && he.Detail.Reason == "too_many_events")
	}
	return core.ErrorReason(err) == reasonUnencodable
}

// unsendable reports whether a single event's push was refused for what
// the event itself holds, so that it can never be sent.
func unsendable(err error) bool {
	var he *HubError
	if errors.As(err, &he) {
		return he.Status == http.StatusRequestEntityTooLarge
	}
	return core.ErrorReason(err) == reasonUnencodable
}

// pushIsolating pushes evs after the hub refused them as a whole: in
// halves, down to single events, so that only the event the hub can never
// take is set aside (Quarantiner) and replaced by a record of it. It
// returns the hub's answer to the last push, which covers evs' last
// sequence.
func pushIsolating(ctx context.Context, local LocalStore, hub Hub, epoch string, evs []core.Event, cause error) (wire.PushResponse, error) {
	if len(evs) > 1 {
		half := len(evs) / 2
		ack, err := pushPart(ctx, local, hub, epoch, evs[:half])
		if err != nil {
			return ack, err
		}
		if last := evs[half-1].Seq; ack.LastSeq < last {
			return ack, core.Errorf(core.EINTERNAL, "short_ack", "The hub acknowledged events only up to %d of %d-%d.", ack.LastSeq, evs[0].Seq, last)
		}
		return pushPart(ctx, local, hub, epoch, evs[half:])
	}
	q, ok := local.(Quarantiner)
	if !ok || !unsendable(cause) {
		return wire.PushResponse{}, cause
	}
	ev := evs[0]
	rec, err := q.QuarantineEvent(ctx, ev.Seq, core.ErrorReason(cause), core.ErrorMessage(cause))
	if err != nil {
		return wire.PushResponse{}, fmt.Errorf("set aside event %d: %w", ev.Seq, err)
	}
	ack, err := hub.Push(ctx, wire.PushRequest{Epoch: epoch, Events: []core.Event{rec}})
	if err != nil {
		return ack, fmt.Errorf("push the record of unsendable event %d: %w", ev.Seq, err)
	}
	return ack, nil
}

func pushPart(ctx context.Context, local LocalStore, hub Hub, epoch string, evs []core.Event) (wire.PushResponse, error) {
	ack, err := hub.Push(ctx, wire.PushRequest{Epoch: epoch, Events: evs})
	if err != nil && refusedWhole(err) {
		return pushIsolating(ctx, local, hub, epoch, evs, err)
	}
	return ack, err
}
