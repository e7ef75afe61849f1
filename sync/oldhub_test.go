package sync_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/wire"
)

// TestPushToAHubOlderThanTheContentHash: a hub that does not know the
// events' hash field refuses it as unknown; the station then sends its
// events without it rather than setting any aside or stopping.
func TestPushToAHubOlderThanTheContentHash(t *testing.T) {
	type oldEvent struct {
		Seq      int64           `json:"seq"`
		ID       string          `json:"id"`
		Type     string          `json:"type"`
		OrderID  string          `json:"order_id"`
		StaffID  int64           `json:"staff_id"`
		Terminal string          `json:"terminal"`
		At       time.Time       `json:"at"`
		Payload  json.RawMessage `json:"payload,omitempty"`
	}
	held := 0
	old := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Events []oldEvent `json:"events"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		w.Header().Set("Content-Type", "application/json")
		if err := dec.Decode(&req); err != nil {
			field := strings.TrimPrefix(err.Error(), "json: unknown field ")
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(wire.ErrorBody{Error: wire.ErrorDetail{Code: core.EINVALID, Reason: "unknown_field",
				Message: "Unknown field " + field + " in the body; nothing was applied."}})
			return
		}
		held += len(req.Events)
		json.NewEncoder(w).Encode(wire.PushResponse{LastSeq: req.Events[len(req.Events)-1].Seq, Applied: len(req.Events)})
	}))
	defer old.Close()
	c, err := sync.NewClient(old.URL, "sht_x", sync.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ev := core.Event{Seq: 1, ID: "e1", Type: core.EventStaffSignedIn, StaffID: 1, At: time.Now().UTC(), Payload: json.RawMessage(`{}`)}
	ev.Hash = core.EventHash(ev)
	for seq := int64(1); seq <= 2; seq++ {
		ev.Seq = seq
		res, err := c.Push(ctx, wire.PushRequest{Events: []core.Event{ev}})
		if err != nil || res.LastSeq != seq {
			t.Fatalf("push %d to an old hub: %+v, %v", seq, res, err)
		}
	}
	if held != 2 {
		t.Fatalf("old hub holds %d events", held)
	}
}
