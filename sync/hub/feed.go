package hub

import (
	"context"
	"net/http"
	"strconv"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

// FeedBackend is what the feed and returns routes need from the database.
type FeedBackend interface {
	Feed(ctx context.Context, location, cursor string, limit int) (wire.FeedPage, error)
	ImportReturns(ctx context.Context, returns []store.IngestReturn) (wire.IngestResponse, error)
}

// feedRoutes adds the handlers of the feed and returns routes.
func (s *Server) feedRoutes(handlers map[wire.Route]http.HandlerFunc) {
	handlers[wire.RouteFeed] = s.integration(s.feed)
	handlers[wire.RouteReturns] = s.ingestKey(s.returns)
}

func (s *Server) integration(next http.HandlerFunc) http.HandlerFunc {
	return s.authenticated(store.KindIntegration, next)
}

// feed answers GET /v1/feed: the applied events after ?cursor=, of the
// integration's location, or for an integration of all locations of
// ?location= when given.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > wire.MaxPageLen {
			s.fail(w, r, core.Errorf(core.EINVALID, "bad_limit", "limit must be a number from 1 to %d, not %q.", wire.MaxPageLen, v))
			return
		}
		limit = n
	}
	in := principalOf(r).Integration
	location := q.Get("location")
	if in.Location != "" {
		if location != "" && location != in.Location {
			s.fail(w, r, core.Errorf(core.EFORBIDDEN, "other_location",
				"This integration reads the feed of %s only, not of %s.", in.Location, location))
			return
		}
		location = in.Location
	}
	page, err := s.backend.Feed(r.Context(), location, q.Get("cursor"), limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// returns answers POST /v1/returns: what `hub import` does with the
// "returns" of a file, idempotent by location and RMA.
func (s *Server) returns(w http.ResponseWriter, r *http.Request) {
	var req wire.ReturnsRequest
	if !s.decode(w, r, &req) {
		return
	}
	if len(req.Returns) == 0 {
		s.fail(w, r, core.Errorf(core.EINVALID, "no_returns", `The request has no returns: send {"returns": [ … ]}.`))
		return
	}
	res, err := s.backend.ImportReturns(r.Context(), req.Returns)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
