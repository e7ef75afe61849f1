package sync

import (
	"context"
	"errors"
	"fmt"
	"time"

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
	// ApplyFinalChanges applies the last page of a pull; when it ends a
	// full re-pull, the same transaction removes what the re-pull did not
	// bring.
	ApplyFinalChanges(ctx context.Context, cs core.ChangeSet) error
	// SyncCursor returns the cursor stored by the last ApplyChanges.
	SyncCursor(ctx context.Context) (string, error)
	// OutboxStats counts the events waiting for the hub, and returns the
	// last sequence the hub acknowledged.
	OutboxStats(ctx context.Context) (pending int, lastPushedSeq int64, err error)

	// HubEpoch returns the hub epoch the station last heard of.
	HubEpoch(ctx context.Context) (string, error)
	// SetHubEpoch records the hub's epoch.
	SetHubEpoch(ctx context.Context, epoch string) error
	// ResendAfter makes the events after hubLastSeq wait for the hub
	// again, and returns how many; an error when it no longer keeps them.
	ResendAfter(ctx context.Context, hubLastSeq int64) (int, error)
	// RenumberAfter numbers the unsent events from fromSeq on again after
	// hubLastSeq, in order, and returns how many.
	RenumberAfter(ctx context.Context, fromSeq, hubLastSeq int64) (int, error)
	// StartFullPull makes the next pull start from an empty cursor and
	// replace the station's copy of the hub's data.
	StartFullPull(ctx context.Context, reason string) error
	// PruneEvents removes events the hub acknowledged more than keep ago.
	PruneEvents(ctx context.Context, keep time.Duration) (int, error)
	// SkipSSCCsThrough moves the station's SSCC counter past code, the
	// highest SSCC the hub holds from it, if the counter is not past it
	// already (the database was rolled back), and reports whether it moved.
	SkipSSCCsThrough(ctx context.Context, code string) (bool, error)
}

// Hub is what a sync round needs from the hub (Client implements it).
type Hub interface {
	Push(ctx context.Context, req wire.PushRequest) (wire.PushResponse, error)
	Pull(ctx context.Context, cursor string, limit int) (wire.PullResponse, error)
}

var _ Hub = (*Client)(nil)

// LongPoller is a hub whose pull can wait for news (Client implements it).
type LongPoller interface {
	PullWait(ctx context.Context, cursor string, limit int, wait time.Duration) (wire.PullResponse, error)
}

var _ LongPoller = (*Client)(nil)

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
	// Resent counts events sent again because the hub had lost them;
	// Renumbered those numbered again after the hub's last one.
	Resent, Renumbered int
	// FullPull says why the station pulled everything again and replaced
	// its copy (the hub refused its cursor); "" if it did not.
	FullPull string
	// SSCCSkippedThrough is the SSCC the station's counter was moved past
	// because the hub holds it from this terminal and the counter was
	// behind it (the station's database was rolled back); "" if it was not.
	SSCCSkippedThrough string
}

// RoundOptions tune a round; zero values take the protocol's defaults.
type RoundOptions struct {
	PushBatch  int            // events per push; default 500, at most MaxPushEvents
	PageLen    int            // records per pull page; default: the hub's choice
	OnProgress func(Progress) // called after each batch and page; may be nil
	// Retention is how long events the hub acknowledged are kept, so that
	// a hub restored from a backup can be refilled; default 30 days,
	// negative: for ever.
	Retention time.Duration
}

// DefaultRetention is the default RoundOptions.Retention.
const DefaultRetention = 30 * 24 * time.Hour

// Round pushes every pending event, then pulls every page of changes. It
// is safe to interrupt anywhere: each acknowledged batch and each applied
// page is committed locally, and whatever was not is sent or fetched again
// next time, which the hub and the store both treat as a no-op.
//
// A pull never waits on the push: a push the hub refuses (it is behind,
// the events are lost, anything but an unreachable hub or a refused token)
// still lets the round pull, and the round then returns the push's error.
func Round(ctx context.Context, local LocalStore, hub Hub, opts RoundOptions) (RoundResult, error) {
	var res RoundResult
	pushErr := push(ctx, local, hub, opts, &res, false)
	if pushErr != nil && blocksPull(pushErr) {
		return res, pushErr
	}
	epochChanged, pullErr := pull(ctx, local, hub, opts, &res)
	if epochChanged && pushErr == nil {
		// The hub's database was restored or re-created: ask it, even with
		// nothing new to send, whether it lacks events it acknowledged.
		pushErr = push(ctx, local, hub, opts, &res, true)
	}
	if pushErr == nil && pullErr == nil {
		if err := prune(ctx, local, opts); err != nil {
			return res, err
		}
	}
	switch {
	case pushErr != nil && pullErr != nil:
		return res, fmt.Errorf("%w (and the pull failed: %v)", pushErr, pullErr)
	case pushErr != nil:
		return res, pushErr
	}
	return res, pullErr
}

// prune removes the events the hub acknowledged longer ago than the
// retention.
func prune(ctx context.Context, local LocalStore, opts RoundOptions) error {
	keep := opts.Retention
	if keep == 0 {
		keep = DefaultRetention
	}
	if keep > 0 {
		if _, err := local.PruneEvents(ctx, keep); err != nil {
			return err
		}
	}
	return nil
}

// blocksPull reports whether a push error means a pull is pointless too:
// the hub cannot be reached, or refuses the terminal's token.
func blocksPull(err error) bool {
	if Transient(err) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	switch core.ErrorCode(err) {
	case core.EUNAUTHORIZED, core.EFORBIDDEN:
		return true
	}
	return false
}

// pull pulls every page of changes since the stored cursor. When the hub
// refuses the cursor (from another epoch of the hub, for another location,
// or ahead of what the hub holds) it starts a full re-pull, which replaces
// the station's copy, and reports whether the hub's epoch changed.
func pull(ctx context.Context, local LocalStore, hub Hub, opts RoundOptions, res *RoundResult) (epochChanged bool, err error) {
	err = pullPages(ctx, local, hub, opts, res)
	reason, refused := cursorRefused(err)
	if !refused {
		return false, err
	}
	why := core.ErrorMessage(err)
	if err := local.StartFullPull(ctx, why); err != nil {
		return false, err
	}
	res.FullPull = why
	if err := pullPages(ctx, local, hub, opts, res); err != nil {
		return false, fmt.Errorf("full re-pull: %w", err)
	}
	return reason == wire.ReasonCursorEpoch, nil
}

// cursorRefused reports whether err is the hub refusing the station's
// cursor, a refusal a full re-pull answers.
func cursorRefused(err error) (reason string, ok bool) {
	var he *HubError
	if !errors.As(err, &he) {
		return "", false
	}
	switch r := he.Detail.Reason; {
	case he.Detail.Code == core.ECONFLICT && (r == wire.ReasonCursorEpoch || r == wire.ReasonCursorLocation || r == wire.ReasonCursorAhead):
		return r, true
	case he.Detail.Code == core.EINVALID && r == "bad_cursor":
		return r, true
	}
	return "", false
}

// pullPages fetches pages one ahead of applying them: while the station's
// database applies a page, the next one is on its way. A page is applied
// only after the one before it, and the next fetch starts from the cursor
// of the page fetched last, so an error anywhere leaves the local cursor at
// the last page applied. The last page goes through ApplyFinalChanges,
// which ends a full re-pull.
func pullPages(ctx context.Context, local LocalStore, hub Hub, opts RoundOptions, res *RoundResult) error {
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
			switch {
			case err != nil:
			case page.Changes.Cursor == "":
				err = errors.New("the hub sent a page without a cursor")
			case page.More && page.Changes.Cursor == cursor:
				// Asking again would bring the same page for ever.
				err = core.Errorf(core.EINTERNAL, "pull_stuck", "The hub says more changes wait but does not move the cursor past %q.", cursor)
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
	skipped := false
	for f := range pages {
		if f.err != nil {
			return fmt.Errorf("pull: %w", f.err)
		}
		page := f.page
		if !skipped {
			// Every page says the same; the first one is enough.
			skipped = true
			if err := skipSSCCs(ctx, local, page.LastSSCC, res); err != nil {
				return err
			}
		}
		apply := local.ApplyChanges
		if !page.More {
			apply = local.ApplyFinalChanges
		}
		if err := apply(ctx, page.Changes); err != nil {
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

// skipSSCCs moves the station's SSCC counter past the highest SSCC the hub
// holds from it (hubSSCC, from a push or pull answer), so that a station
// rolled back to an older copy of its database never prints an SSCC that
// is already on a parcel.
func skipSSCCs(ctx context.Context, local LocalStore, hubSSCC string, res *RoundResult) error {
	if hubSSCC == "" {
		return nil
	}
	moved, err := local.SkipSSCCsThrough(ctx, hubSSCC)
	if err != nil {
		return fmt.Errorf("SSCC counter: %w", err)
	}
	if moved {
		res.SSCCSkippedThrough = hubSSCC
	}
	return nil
}
