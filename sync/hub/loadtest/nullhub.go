package loadtest

import (
	"encoding/json"
	"net/http"

	"github.com/stationhand/stationhand/sync/wire"
)

// nullHub answers a push at once, as applied, without a database, and
// holds a long-poll until the terminal gives up; everything else goes to
// api. With it, a load test measures its floor: what the simulated
// terminals and the HTTP stack alone cost this machine and its latency.
func nullHub(api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == wire.RoutePush.Method && r.URL.Path == wire.RoutePush.Path:
			var req wire.PushRequest
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Events) == 0 {
				http.Error(w, "a push of events, in JSON", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(wire.PushResponse{LastSeq: req.Events[len(req.Events)-1].Seq, Applied: len(req.Events)})
		case r.URL.Path == wire.RoutePull.Path && r.URL.Query().Get("wait") != "":
			<-r.Context().Done()
		default:
			api.ServeHTTP(w, r)
		}
	})
}
