package sync

import (
	"context"
	"errors"
	"fmt"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
)

// LocalStore is what a sync round needs from the terminal's own database
// (core/sqlite's DB implements it).
type LocalStore interface {
	// PendingEvents returns up to limit events the hub has not
	// acknowledged, in sequence order.
	PendingEvents(ctx context.Context, limit int) ([]core.Event, error)
	// MarkPushed records that the hub holds every event up to uptoSeq.
	MarkPushed(ctx context.Context, uptoSeq int64) error
	// ApplyChanges applies a page of the hub's changes and stores
	// cs.Cursor, in one transaction.
	ApplyChanges(ctx context.Context, cs core.ChangeSet) error
	// SyncCursor returns the cursor stored by the last ApplyChanges.
	SyncCursor(ctx context.Context) (string, error)
	// OutboxStats counts the events waiting for the hub.
	OutboxStats(ctx context.Context) (pending int, lastPushedSeq int64, err error)
}

// Hub is what a sync round needs from the hub (Client implements it).
type Hub interface {
	Push(ctx context.Context, evs []core.Event) (wire.PushResponse, error)
	Pull(ctx context.Context, cursor string, limit int) (wire.PullResponse, error)
}

var _ Hub = (*Client)(nil)

// Progress says how far a round is, for a progress bar: during a first
// pull of thousands of orders Done climbs page by page towards Total.
type Progress struct {
	Phase string `json:"phase"` // "push" or "pull"
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// RoundResult is what one round did.
type RoundResult struct {
	Pushed     int // events the hub acknowledged
	Pulled     int // records applied
	Pages      int // pages pulled
	Rejections int // refused events the pull brought back as exceptions
}

// RoundOptions tune a round; zero values take the protocol's defaults.
type RoundOptions struct {
	PushBatch  int            // events per push; default 500, at most MaxPushEvents
	PageLen    int            // records per pull page; default: the hub's choice
	OnProgress func(Progress) // called after each batch and page; may be nil
}

// Round pushes every pending event, then pulls every page of changes. It
// is safe to interrupt anywhere: each acknowledged batch and each applied
// page is committed locally, and whatever was not is sent or fetched again
// next time, which the hub and the store both treat as a no-op.
func Round(ctx context.Context, local LocalStore, hub Hub, opts RoundOptions) (RoundResult, error) {
	var res RoundResult
	if err := push(ctx, local, hub, opts, &res); err != nil {
		return res, err
	}
	err := pull(ctx, local, hub, opts, &res)
	return res, err
}

func push(ctx context.Context, local LocalStore, hub Hub, opts RoundOptions, res *RoundResult) error {
	batch := opts.PushBatch
	if batch <= 0 {
		batch = 500
	}
	batch = min(batch, wire.MaxPushEvents)
	pending, _, err := local.OutboxStats(ctx)
	if err != nil {
		return err
	}
	for {
		evs, err := local.PendingEvents(ctx, batch)
		if err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
		if len(evs) == 0 {
			return nil
		}
		ack, err := hub.Push(ctx, evs)
		if err != nil && refusedWhole(err) {
			ack, err = pushIsolating(ctx, local, hub, evs, err)
		}
		if err != nil {
			return fmt.Errorf("push events %d-%d: %w", evs[0].Seq, evs[len(evs)-1].Seq, err)
		}
		first, last := evs[0].Seq, evs[len(evs)-1].Seq
		if ack.LastSeq < last {
			// The hub took fewer than it was sent without saying why:
			// stop rather than resend the same batch forever.
			return fmt.Errorf("push events %d-%d: %w", first, last, core.Errorf(core.EINTERNAL, "short_ack",
				"The hub acknowledged events only up to %d of %d-%d.", ack.LastSeq, first, last))
		}
		if err := local.MarkPushed(ctx, last); err != nil {
			return fmt.Errorf("mark pushed: %w", err)
		}
		res.Pushed += len(evs)
		if opts.OnProgress != nil {
			opts.OnProgress(Progress{Phase: "push", Done: res.Pushed, Total: max(pending, res.Pushed)})
		}
	}
}

// pull fetches pages one ahead of applying them: while the station's
// database applies a page, the next one is on its way. A page is applied
// only after the one before it, and the next fetch starts from the cursor
// of the page fetched last, so an error anywhere leaves the local cursor at
// the last page applied.
func pull(ctx context.Context, local LocalStore, hub Hub, opts RoundOptions, res *RoundResult) error {
	cursor, err := local.SyncCursor(ctx)
	if err != nil {
		return fmt.Errorf("read sync cursor: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type fetched struct {
		page wire.PullResponse
		err  error
	}
	pages := make(chan fetched, 1)
	go func() {
		defer close(pages)
		for {
			page, err := hub.Pull(ctx, cursor, opts.PageLen)
			if err == nil && page.Changes.Cursor == "" {
				err = errors.New("the hub sent a page without a cursor")
			}
			select {
			case pages <- fetched{page, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || !page.More {
				return
			}
			cursor = page.Changes.Cursor
		}
	}()
	for f := range pages {
		if f.err != nil {
			return fmt.Errorf("pull: %w", f.err)
		}
		page := f.page
		if err := local.ApplyChanges(ctx, page.Changes); err != nil {
			return fmt.Errorf("apply pulled changes: %w", err)
		}
		res.Pages++
		res.Pulled += page.Records
		res.Rejections += len(page.Changes.Rejections)
		if opts.OnProgress != nil {
			opts.OnProgress(Progress{Phase: "pull", Done: res.Pulled, Total: res.Pulled + page.Remaining})
		}
	}
	return nil
}
