package hub_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// TestTheEpochTravelsWithEveryAnswer: pushes and /v1/terminal report the
// hub's epoch; after a new epoch a push naming the old one is refused with
// 409 epoch_changed (its epoch and what the hub holds) and applies nothing,
// and a pull with an old cursor is refused with 409 cursor_epoch.
func TestTheEpochTravelsWithEveryAnswer(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		var who wire.Whoami
		if status, _ := f.call(t, "GET", "/v1/terminal", f.token, "", nil, &who); status != 200 || who.Epoch != f.db.Epoch() || who.ID != f.term.ID {
			t.Fatalf("whoami: %d %+v", status, who)
		}
		var ack wire.PushResponse
		if status, d := f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, ev(1, core.EventStaffSignedIn, "")), &ack); status != 200 || ack.Epoch != f.db.Epoch() {
			t.Fatalf("push: %d %+v %+v", status, ack, d)
		}
		var page wire.PullResponse
		if status, _ := f.call(t, "GET", "/v1/changes", f.token, "", nil, &page); status != 200 {
			t.Fatalf("pull: %d", status)
		}
		old := f.db.Epoch()
		epoch, err := f.db.RotateEpoch(ctx, "test")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(wire.PushRequest{Epoch: old, Events: []core.Event{ev(2, core.EventStaffSignedIn, "")}})
		status, d := f.call(t, "POST", "/v1/events", f.token, "application/json", bytes.NewReader(body), nil)
		if status != 409 || d.Reason != wire.ReasonEpochChanged || d.Epoch != epoch || d.LastSeq == nil || *d.LastSeq != 1 {
			t.Fatalf("push naming the old epoch: %d %+v", status, d)
		}
		if held, _ := f.db.Events(ctx, f.term.ID, 0, 0); len(held) != 1 {
			t.Fatalf("a refused push applied events: %d held", len(held))
		}
		status, d = f.call(t, "GET", "/v1/changes?cursor="+url.QueryEscape(page.Changes.Cursor), f.token, "", nil, nil)
		if status != 409 || d.Code != core.ECONFLICT || d.Reason != wire.ReasonCursorEpoch || d.Epoch != epoch {
			t.Fatalf("pull with the old epoch's cursor: %d %+v", status, d)
		}
	})
}
