package sync

import (
	"context"
	"errors"
	"fmt"

	"github.com/stationhand/stationhand/sync/wire"
)

// errRoundWanted ends an idle spell for a full round at once: a person
// asked for one (SyncNow), or the hub refused the station's cursor, which
// a round's pull answers with a full re-pull.
var errRoundWanted = errors.New("a full round is wanted")

// idle is the station between rounds when the hub long-polls: one pull
// held open at a time (watch), answered by the hub as soon as a change of
// the station's location commits, so news reaches the station within a
// moment while an idle station makes no other request. Events the station
// records (Notify) are pushed at once beside it.
//
// idle returns nil when the hub turns out not to long-poll (the station
// then pulls every Interval), errRoundWanted for a round at once, or the
// error of a failed pull or push.
func (s *Syncer) idle(ctx context.Context, lp LongPoller) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	watched := make(chan error, 1)
	go func() { watched <- s.watch(ctx, lp) }()
	stop := func(err error) error {
		cancel()
		<-watched
		return err
	}
	for {
		select {
		case err := <-watched:
			return err
		case <-ctx.Done():
			return stop(ctx.Err())
		case <-s.now:
			return stop(errRoundWanted)
		case <-s.kick:
			if _, err := s.track(ctx, func(opts RoundOptions) (RoundResult, error) {
				var res RoundResult
				return res, pushOnly(ctx, s.local, s.hub, opts, &res)
			}); err != nil {
				return stop(err)
			}
		}
	}
}

// pushOnly pushes what is pending, as the first half of a round; the pull
// is the long-poll's.
func pushOnly(ctx context.Context, local LocalStore, hub Hub, opts RoundOptions, res *RoundResult) error {
	if err := push(ctx, local, hub, opts, res, false); err != nil {
		return err
	}
	return prune(ctx, local, opts)
}

// watch holds long-polls one after the other and applies what they bring.
func (s *Syncer) watch(ctx context.Context, lp LongPoller) error {
	for {
		cursor, err := s.local.SyncCursor(ctx)
		if err != nil {
			return fmt.Errorf("read sync cursor: %w", err)
		}
		page, err := lp.PullWait(ctx, cursor, s.cfg.Round.PageLen, s.cfg.LongPoll)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if _, refused := cursorRefused(err); refused {
				return errRoundWanted
			}
			s.update(func(st *Status) { st.Online, st.LastError, st.LastErr = !Transient(err), describeError(err), err })
			return fmt.Errorf("pull: %w", err)
		}
		if page.WaitMS <= 0 {
			// A hub without long-poll answered at once: what it brought
			// comes with the next round; poll for a while, then offer a
			// long-poll again.
			s.pollUntil.Store(s.cfg.Now().Add(s.cfg.LongPollRetry).UnixNano())
			return nil
		}
		if page.Records == 0 && !page.More && page.Changes.Cursor == cursor && len(page.Changes.Rejections) == 0 {
			now := s.cfg.Now()
			s.update(func(st *Status) { st.Online, st.LastSync, st.LastError, st.LastErr = true, now, "", nil })
			continue // the wait ended with nothing new
		}
		if _, err := s.track(ctx, func(opts RoundOptions) (RoundResult, error) {
			var res RoundResult
			return res, applyPolled(ctx, s.local, s.hub, opts, cursor, page, &res)
		}); err != nil {
			if _, refused := cursorRefused(err); refused {
				return errRoundWanted
			}
			return err
		}
	}
}

// applyPolled applies a page a long-poll fetched from cursor and pulls the
// pages after it. A round that ran meanwhile (a push does not move the
// cursor, a SyncNow does) may have applied newer changes: then the page is
// dropped, not applied over them, and the next long-poll starts from the
// newer cursor.
func applyPolled(ctx context.Context, local LocalStore, hub Hub, opts RoundOptions, cursor string, page wire.PullResponse, res *RoundResult) error {
	now, err := local.SyncCursor(ctx)
	if err != nil {
		return fmt.Errorf("read sync cursor: %w", err)
	}
	if now != cursor {
		return nil
	}
	if err := skipSSCCs(ctx, local, page.LastSSCC, res); err != nil {
		return err
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
	if !page.More {
		return nil
	}
	_, err = pull(ctx, local, hub, opts, res)
	return err
}
