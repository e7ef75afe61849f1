package hub

import (
	"net/http"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// carrierHandlers serves the order system's side of carrier labels bought
// after packing: it polls the open label requests and posts the labels.
func (s *Server) carrierHandlers() map[wire.Route]http.HandlerFunc {
	return map[wire.Route]http.HandlerFunc{
		wire.RouteLabelRequests: s.ingestKey(s.labelRequests),
		wire.RouteCarrierLabels: s.ingestKey(s.carrierLabels),
	}
}

func (s *Server) labelRequests(w http.ResponseWriter, r *http.Request) {
	reqs, err := s.backend.LabelRequests(r.Context(), r.URL.Query().Get("location"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.LabelRequestsResponse{Requests: reqs})
}

func (s *Server) carrierLabels(w http.ResponseWriter, r *http.Request) {
	var req wire.CarrierLabelsRequest
	if !s.decode(w, r, &req) {
		return
	}
	if len(req.Labels) == 0 {
		s.fail(w, r, core.Errorf(core.EINVALID, "no_labels", `The request has no labels: send {"labels": [ … ]}.`))
		return
	}
	res, err := s.backend.AddCarrierLabels(r.Context(), r.PathValue("external_id"), req.Labels)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
