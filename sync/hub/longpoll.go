package hub

import (
	"net/http"
	"strconv"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// DefaultPullLinger is how long a waiting pull, woken by a change of its
// location, lingers before it reads: the commits of that moment come in
// one answer, and a terminal whose location changes all the time (its
// colleagues' claims and picks) pulls a few times a second at most, not
// once per commit.
const DefaultPullLinger = 50 * time.Millisecond

// SetPullLinger sets how long a woken long-poll lingers (DefaultPullLinger);
// 0 answers at once.
func (s *Server) SetPullLinger(d time.Duration) { s.linger = d }

// parseWait reads the wait parameter of a pull: a Go duration ("25s",
// "1500ms") or a number of seconds, capped at wire.MaxPullWait.
func parseWait(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		n, nerr := strconv.Atoi(v)
		if nerr != nil {
			return 0, core.Errorf(core.EINVALID, "bad_wait", "wait must be a duration such as 25s, or a number of seconds, not %q.", v)
		}
		d = time.Duration(n) * time.Second
	}
	if d < 0 {
		return 0, core.Errorf(core.EINVALID, "bad_wait", "wait must not be negative (%q).", v)
	}
	return min(d, wire.MaxPullWait), nil
}

// longPoll answers a pull that may wait: at once when the terminal has
// something new (or its cursor is refused), otherwise when a change of its
// location commits, on this hub process or another on the same database,
// or when the wait is over, with the page a pull then reads. Progress
// alone (the claims and picks of the location's terminals) is answered at
// the location's next wake, at most a gap after the last one (see
// store.DB.HasNews): the terminals of a busy location pull together, once
// per gap, and share one page. Whether there is anything to pull is
// checked without the database while nothing but progress changed at the
// location since the last check: an idle terminal's long-polls cost no
// query.
func (s *Server) longPoll(w http.ResponseWriter, r *http.Request, cursor string, limit int, wait time.Duration) {
	t := principalOf(r).Terminal
	ctx := r.Context()
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	answer := func() {
		res, err := s.backend.Pull(ctx, t, cursor, limit)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		res.WaitMS = wait.Milliseconds()
		writeJSON(w, http.StatusOK, res)
	}
	for {
		// Taken before the check: a commit between the check and the
		// wait closes it, so no change is missed.
		changed := s.backend.ChangeSignal(t.Location)
		news, err := s.backend.HasNews(ctx, t, cursor)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if news {
			res, err := s.backend.Pull(ctx, t, cursor, limit)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			res.WaitMS = wait.Milliseconds()
			if res.Records > 0 || res.More || res.Changes.Cursor != cursor {
				writeJSON(w, http.StatusOK, res)
				return
			}
		}
		select {
		case <-changed:
			if s.linger > 0 {
				select {
				case <-time.After(s.linger):
				case <-ctx.Done():
					return
				}
			}
			// Woken: pull, whatever the check would say.
			res, err := s.backend.Pull(ctx, t, cursor, limit)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if res.Records > 0 || res.More || res.Changes.Cursor != cursor {
				res.WaitMS = wait.Milliseconds()
				writeJSON(w, http.StatusOK, res)
				return
			}
		case <-deadline.C:
			answer()
			return
		case <-ctx.Done():
			return // the terminal hung up: nobody to answer
		}
	}
}
