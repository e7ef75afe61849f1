package sync

import (
	"context"
	"errors"
	"fmt"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// maxRecoveries bounds how often one round's push recovers from the hub
// holding something else than the station expects (a restored hub, a
// rolled-back station). Each recovery changes what the station sends; a
// hub that answers the same way twice is not moving, and the round stops
// rather than spin.
const maxRecoveries = 4

// outboxReporter is a hub client that tells the hub how many events still
// wait after a push (Client does, for the hub's console).
type outboxReporter interface{ ReportOutbox(waiting int) }

// push sends the pending events in batches, oldest first. With probe it
// sends one request even with nothing pending, so that a hub whose epoch
// changed says what it lacks.
//
// When the hub holds less than it acknowledged (seq_gap below the
// acknowledged sequence, or epoch_changed) the events after the hub's last
// sequence wait again and are sent again; when it holds other events under
// the station's numbers (seq_reused: this station's database was rolled
// back) the unsent events are numbered again after the hub's last one.
func push(ctx context.Context, local LocalStore, hub Hub, opts RoundOptions, res *RoundResult, probe bool) error {
	batch := opts.PushBatch
	if batch <= 0 {
		batch = 500
	}
	batch = min(batch, wire.MaxPushEvents)
	pending, acked, err := local.OutboxStats(ctx)
	if err != nil {
		return err
	}
	epoch, err := local.HubEpoch(ctx)
	if err != nil {
		return fmt.Errorf("read the hub's epoch: %w", err)
	}
	recovered := map[string]bool{}
	for {
		evs, err := local.PendingEvents(ctx, batch)
		if err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
		if len(evs) == 0 && !probe {
			return nil
		}
		probe = false
		if r, ok := hub.(outboxReporter); ok {
			if now, _, err := local.OutboxStats(ctx); err == nil {
				r.ReportOutbox(now - len(evs))
			}
		}
		ack, err := hub.Push(ctx, wire.PushRequest{Epoch: epoch, Events: evs})
		if err != nil && refusedWhole(err) {
			ack, err = pushIsolating(ctx, local, hub, epoch, evs, err)
		}
		if err != nil {
			err = fmt.Errorf("push events %s: %w", seqRange(evs), err)
			step, newEpoch, rerr := recoverPush(ctx, local, err, acked, res)
			switch {
			case rerr != nil:
				return rerr
			case step == "":
				return err
			case recovered[step] || len(recovered) >= maxRecoveries:
				return fmt.Errorf("%w (the hub answered the same after the station recovered: it does not move; the next round tries again)", err)
			}
			recovered[step] = true
			if newEpoch != "" {
				epoch = newEpoch
			}
			if _, acked, err = local.OutboxStats(ctx); err != nil {
				return err
			}
			continue
		}
		if ack.Epoch != "" && ack.Epoch != epoch {
			if err := local.SetHubEpoch(ctx, ack.Epoch); err != nil {
				return fmt.Errorf("record the hub's epoch: %w", err)
			}
			epoch = ack.Epoch
		}
		if err := skipSSCCs(ctx, local, ack.LastSSCC, res); err != nil {
			return err
		}
		if len(evs) == 0 {
			return nil
		}
		first, last := evs[0].Seq, evs[len(evs)-1].Seq
		if ack.LastSeq < last {
			// The hub took fewer than it was sent without saying why: keep
			// what it did take, and stop rather than resend the rest for
			// ever; the rest waits for the next round.
			if ack.LastSeq >= first {
				if err := local.MarkPushed(ctx, ack.LastSeq); err != nil {
					return fmt.Errorf("mark pushed: %w", err)
				}
				res.Pushed += int(ack.LastSeq - first + 1)
			}
			return fmt.Errorf("push events %d-%d: %w", first, last, core.Errorf(core.EINTERNAL, "short_ack",
				"The hub acknowledged events only up to %d of %d-%d; the rest waits for the next sync.", ack.LastSeq, first, last))
		}
		if err := local.MarkPushed(ctx, last); err != nil {
			return fmt.Errorf("mark pushed: %w", err)
		}
		acked = max(acked, last)
		res.Pushed += len(evs)
		if opts.OnProgress != nil {
			opts.OnProgress(Progress{Phase: "push", Done: res.Pushed, Total: max(pending, res.Pushed)})
		}
	}
}

func seqRange(evs []core.Event) string {
	if len(evs) == 0 {
		return "(none)"
	}
	return fmt.Sprintf("%d-%d", evs[0].Seq, evs[len(evs)-1].Seq)
}

// recoverPush answers a refused push the station can set right by itself,
// and returns what it did (step, "" if the refusal is not one of those) and
// the hub's new epoch if it learnt one. acked is the last sequence the hub
// once acknowledged.
func recoverPush(ctx context.Context, local LocalStore, err error, acked int64, res *RoundResult) (step, epoch string, _ error) {
	var he *HubError
	if !errors.As(err, &he) || he.Detail.Code != core.ECONFLICT || he.Detail.LastSeq == nil {
		return "", "", nil
	}
	hubLast := *he.Detail.LastSeq
	switch he.Detail.Reason {
	case wire.ReasonSeqGap:
		// The hub lacks events before this batch: if it once had them, it
		// lost them (restored, rolled back); send them again.
		n, rerr := local.ResendAfter(ctx, hubLast)
		if rerr != nil {
			return "", "", fmt.Errorf("re-sending what the hub lacks: %w (after: %v)", rerr, err)
		}
		res.Resent += n
		return fmt.Sprintf("gap after %d", hubLast), "", nil
	case wire.ReasonEpochChanged:
		if hubLast < acked {
			n, rerr := local.ResendAfter(ctx, hubLast)
			if rerr != nil {
				return "", "", fmt.Errorf("re-sending what the hub lacks: %w (after: %v)", rerr, err)
			}
			res.Resent += n
		}
		if he.Detail.Epoch == "" {
			return "", "", nil
		}
		if rerr := local.SetHubEpoch(ctx, he.Detail.Epoch); rerr != nil {
			return "", "", fmt.Errorf("record the hub's epoch: %w", rerr)
		}
		return "epoch " + he.Detail.Epoch, he.Detail.Epoch, nil
	case wire.ReasonSeqReused:
		// This station's database was rolled back: the hub holds events
		// this station numbered before and no longer has. Number the
		// unsent events again after the hub's last one.
		if he.Detail.Seq <= 0 || he.Detail.Seq > hubLast {
			return "", "", nil
		}
		n, rerr := local.RenumberAfter(ctx, he.Detail.Seq, hubLast)
		if rerr != nil {
			return "", "", fmt.Errorf("numbering unsent events after the hub's: %w (after: %v)", rerr, err)
		}
		res.Renumbered += n
		return fmt.Sprintf("reused %d after %d", he.Detail.Seq, hubLast), "", nil
	}
	return "", "", nil
}
