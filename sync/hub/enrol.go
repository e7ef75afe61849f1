package hub

import (
	"context"
	"net/http"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// Enroller is what enrolment by code needs from the hub's database
// (store.DB has it). A backend without it refuses enrolment by code.
type Enroller interface {
	RedeemEnrolmentCode(ctx context.Context, req wire.EnrolRequest) (wire.EnrolResponse, error)
	SetTerminalVersion(ctx context.Context, terminal, version string) error
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	e, ok := s.backend.(Enroller)
	if !ok {
		s.fail(w, r, core.Errorf(core.EUNAVAILABLE, "no_enrolment", "This hub does not enrol stations by code."))
		return
	}
	var req wire.EnrolRequest
	if !s.decode(w, r, &req) {
		return
	}
	if req.Version == "" {
		req.Version = r.Header.Get(wire.HeaderVersion)
	}
	res, err := e.RedeemEnrolmentCode(r.Context(), req)
	if err != nil {
		s.log.Info("enrolment refused", "remote", r.RemoteAddr, "reason", core.ErrorReason(err))
		s.fail(w, r, err)
		return
	}
	s.log.Info("station enrolled", "terminal", res.Terminal.ID, "name", res.Terminal.Name, "location", res.Terminal.Location, "version", req.Version)
	writeJSON(w, http.StatusOK, res)
}

// noteVersion records the Stationhand version the requesting terminal
// reports in its Stationhand-Version header, so `hub terminals` shows
// which stations run what.
func (s *Server) noteVersion(r *http.Request) {
	v := r.Header.Get(wire.HeaderVersion)
	e, ok := s.backend.(Enroller)
	if v == "" || !ok {
		return
	}
	t := principalOf(r).Terminal
	if err := e.SetTerminalVersion(r.Context(), t.ID, v); err != nil {
		s.log.Warn("record terminal version", "terminal", t.ID, "err", err)
	}
}
