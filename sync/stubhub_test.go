package sync_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	gosync "sync"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// stubHub is a hub at the HTTP edge whose push answers a test decides,
// for hubs that misbehave in ways the real one does not. Its pull serves
// one page with one order.
type stubHub struct {
	mu     gosync.Mutex
	pushes int
	answer func(req wire.PushRequest) (int, any)
}

func (s *stubHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	write := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	switch r.URL.Path {
	case wire.RoutePush.Path:
		var req wire.PushRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			write(400, wire.ErrorBody{Error: wire.ErrorDetail{Code: core.EINVALID, Message: err.Error()}})
			return
		}
		s.mu.Lock()
		s.pushes++
		s.mu.Unlock()
		write(s.answer(req))
	case wire.RoutePull.Path:
		o := hubtest.Order("L1", 7).Order
		write(200, wire.PullResponse{Changes: core.ChangeSet{Cursor: "stub.1", Products: hubtest.Products(), Orders: []core.Order{o}}, Records: 1})
	default:
		http.NotFound(w, r)
	}
}

func (s *stubHub) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pushes
}

// stubStation is a station's real store with n events waiting, connected
// to a stub hub.
func stubStation(t *testing.T, stub *stubHub, n int) (*sqlite.DB, *sync.Client) {
	t.Helper()
	srv := httptest.NewServer(stub)
	t.Cleanup(srv.Close)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "station.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i := 0; i < n; i++ {
		if _, err := db.RecordEvent(ctx, "note.added", "", 1, map[string]int{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := sync.NewClient(srv.URL, "token", sync.ClientOptions{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return db, c
}

// TestPartialAcknowledgementKeepsTheRestWaiting: a hub that acknowledges
// only part of a pushed batch makes the round fail; what it acknowledged is
// marked sent, the rest keeps waiting. (A planted bug marking the whole
// batch sent survived the suite before.)
func TestPartialAcknowledgementKeepsTheRestWaiting(t *testing.T) {
	stub := &stubHub{answer: func(req wire.PushRequest) (int, any) {
		if len(req.Events) == 0 {
			return 200, wire.PushResponse{}
		}
		half := req.Events[0].Seq + int64(len(req.Events))/2 - 1
		return 200, wire.PushResponse{LastSeq: half, Applied: len(req.Events) / 2}
	}}
	db, c := stubStation(t, stub, 10)
	res, err := sync.Round(ctx, db, c, sync.RoundOptions{PushBatch: 10})
	if core.ErrorReason(err) != "short_ack" {
		t.Fatalf("round against a hub acknowledging half: %+v, %v", res, err)
	}
	pending, last, _ := db.OutboxStats(ctx)
	if pending != 5 || last != 5 || res.Pushed != 5 {
		t.Fatalf("after a half acknowledgement: %d pending, last sent %d, pushed %d; want 5, 5, 5", pending, last, res.Pushed)
	}
	waiting, _ := db.PendingEvents(ctx, 100)
	if len(waiting) != 5 || waiting[0].Seq != 6 {
		t.Fatalf("waiting: %+v", waiting)
	}
}

// TestPushThatMakesNoProgressFailsFast: hubs that never move (one keeps
// answering seq_gap, one acknowledges nothing, one keeps saying the epoch
// changed) make the round fail within seconds, not spin; and the round
// still pulls.
func TestPushThatMakesNoProgressFailsFast(t *testing.T) {
	last := int64(0)
	cases := map[string]func(req wire.PushRequest) (int, any){
		"seq_gap for ever": func(wire.PushRequest) (int, any) {
			return 409, wire.ErrorBody{Error: wire.ErrorDetail{Code: core.ECONFLICT, Reason: wire.ReasonSeqGap, Message: "gap", LastSeq: &last}}
		},
		"acknowledges nothing": func(wire.PushRequest) (int, any) {
			return 200, wire.PushResponse{LastSeq: 0}
		},
		"epoch changes for ever": func(wire.PushRequest) (int, any) {
			return 409, wire.ErrorBody{Error: wire.ErrorDetail{Code: core.ECONFLICT, Reason: wire.ReasonEpochChanged, Message: "epoch",
				LastSeq: &last, Epoch: time.Now().Format(time.RFC3339Nano)}}
		},
		"seq_reused for ever": func(req wire.PushRequest) (int, any) {
			held := int64(3)
			seq := int64(1)
			if len(req.Events) > 0 {
				seq = req.Events[0].Seq
			}
			if seq > held {
				return 409, wire.ErrorBody{Error: wire.ErrorDetail{Code: core.ECONFLICT, Reason: wire.ReasonSeqGap, Message: "gap", LastSeq: &held}}
			}
			return 409, wire.ErrorBody{Error: wire.ErrorDetail{Code: core.ECONFLICT, Reason: wire.ReasonSeqReused, Message: "reused", LastSeq: &held, Seq: seq}}
		},
	}
	for name, answer := range cases {
		t.Run(name, func(t *testing.T) {
			stub := &stubHub{answer: answer}
			db, c := stubStation(t, stub, 3)
			// A round that spins ends with this deadline, and fails the test
			// in seconds rather than at the suite's timeout.
			rctx, cancel := context.WithTimeout(ctx, 8*time.Second)
			defer cancel()
			start := time.Now()
			res, err := sync.Round(rctx, db, c, sync.RoundOptions{PushBatch: 2})
			took := time.Since(start)
			if err == nil || took > 5*time.Second || stub.count() > 10 {
				t.Fatalf("round against a hub that never moves: %v after %s and %d pushes", err, took, stub.count())
			}
			if res.Pulled != 1 {
				t.Fatalf("the pull waited on the push: %+v", res)
			}
			if o, err := db.Order(ctx, hubtest.Order("L1", 7).ExternalID); err != nil || o.Status != core.OrderOpen {
				t.Fatalf("the pulled order: %+v, %v", o, err)
			}
			t.Logf("%s: failed after %d pushes in %s: %v", name, stub.count(), took.Round(time.Millisecond), err)
		})
	}
}

// TestUnreachableOrRefusingHubSkipsThePull: a push that cannot reach the
// hub, or whose token is refused, ends the round without a pull.
func TestUnreachableOrRefusingHubSkipsThePull(t *testing.T) {
	stub := &stubHub{answer: func(wire.PushRequest) (int, any) {
		return 401, wire.ErrorBody{Error: wire.ErrorDetail{Code: core.EUNAUTHORIZED, Reason: "unknown_token", Message: "who?"}}
	}}
	db, c := stubStation(t, stub, 1)
	res, err := sync.Round(ctx, db, c, sync.RoundOptions{})
	if core.ErrorCode(err) != core.EUNAUTHORIZED || res.Pages != 0 {
		t.Fatalf("round with a refused token: %+v, %v", res, err)
	}
}
