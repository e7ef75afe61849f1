package hub_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// hostileEvent is one event of the poison batch, as raw JSON (so that it
// can hold what a Go client would never send: invalid UTF-8, say), and the
// reason the hub must refuse it with ("" for none).
type hostileEvent struct {
	name, json, reason string
}

// hostileEvents returns a batch of events starting at seq 1 whose odd
// members a hub can never apply, each followed by a good one.
func hostileEvents(now time.Time) []hostileEvent {
	at := func(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
	ok := func(seq int) string {
		return fmt.Sprintf(`{"seq":%d,"id":"good-%d","type":"staff.signed_in","staff_id":1,"at":%q,"payload":{"method":"pin"}}`, seq, seq, at(now))
	}
	bad := []hostileEvent{
		{"NUL in the type", `"type":"pick.item_picked\u0000","staff_id":1,"payload":{}`, wire.ReasonBadText},
		{"NUL in the order", `"type":"pick.item_picked","order_id":"L1-000001\u0000","staff_id":1,"payload":{}`, wire.ReasonBadText},
		{"NUL in a payload string", `"type":"pick.item_picked","order_id":"L1-000001","staff_id":1,"payload":{"sku":"A\u0000B"}`, wire.ReasonBadText},
		{"invalid UTF-8 in the payload", "\"type\":\"pick.item_picked\",\"order_id\":\"L1-000001\",\"staff_id\":1,\"payload\":{\"sku\":\"\xff\xfe\"}", wire.ReasonBadText},
		{"unknown type", `"type":"drone.launched","staff_id":1,"payload":{}`, wire.ReasonUnknownType},
		{"payload an array", `"type":"staff.signed_in","staff_id":1,"payload":[1,2]`, wire.ReasonBadPayload},
		{"payload a string", `"type":"staff.signed_in","staff_id":1,"payload":"hello"`, wire.ReasonBadPayload},
		{"oversize type", `"type":"` + strings.Repeat("t", wire.MaxEventTypeBytes+1) + `","staff_id":1,"payload":{}`, wire.ReasonTooLarge},
		{"oversize order", `"type":"pick.item_picked","order_id":"` + strings.Repeat("L", wire.MaxEventOrderIDBytes+1) + `","staff_id":1,"payload":{}`, wire.ReasonTooLarge},
		{"oversize payload", `"type":"staff.signed_in","staff_id":1,"payload":{"x":"` + strings.Repeat("x", wire.MaxEventPayloadBytes) + `"}`, wire.ReasonTooLarge},
		{"no type", `"staff_id":1,"payload":{}`, wire.ReasonBadEvent},
		{"far future", `"type":"staff.signed_in","staff_id":1,"payload":{},"at":"` + at(now.AddDate(10, 0, 0)) + `"`, wire.ReasonBadTime},
		{"far past", `"type":"staff.signed_in","staff_id":1,"payload":{},"at":"1970-01-01T00:00:00Z"`, wire.ReasonBadTime},
		{"year 9999", `"type":"staff.signed_in","staff_id":1,"payload":{},"at":"9999-12-31T23:59:59Z"`, wire.ReasonBadTime},
		{"staff of another location", `"type":"pick.item_picked","order_id":"L1-000001","staff_id":3,"payload":{}`, wire.ReasonUnknownStaff},
		{"no staff", `"type":"return.refund_decided","order_id":"L1-000001","staff_id":0,"payload":{}`, wire.ReasonUnknownStaff},
		{"unknown staff", `"type":"staff.signed_in","staff_id":9223372036854775807,"payload":{}`, wire.ReasonUnknownStaff},
		{"hash that does not match", `"type":"staff.signed_in","staff_id":1,"payload":{},"hash":"` + strings.Repeat("0", 64) + `"`, wire.ReasonHashMismatch},
		{"another location's order", `"type":"return.refund_decided","order_id":"L2-000001","staff_id":1,"payload":{}`, core.ReasonOtherLocation},
	}
	var out []hostileEvent
	seq := 1
	for _, b := range bad {
		body := b.json
		if !strings.Contains(body, `"at":`) {
			body += fmt.Sprintf(`,"at":%q`, at(now))
		}
		out = append(out, hostileEvent{b.name, fmt.Sprintf(`{"seq":%d,"id":"bad-%d",%s}`, seq, seq, body), b.reason})
		out = append(out, hostileEvent{"good after " + b.name, ok(seq + 1), ""})
		seq += 2
	}
	return out
}

// outcome is what a hub made of the hostile batch, in terms both backends
// must agree on.
type outcome struct {
	Status     int
	LastSeq    int64
	Applied    int
	Rejections map[int64]string // seq -> reason
	Held       []string         // seq, id, type, rejected, reason of each held event
	Pulled     map[int64]string // rejections the next pull brings
}

// TestPoisonEventsNeverBlockAndBothBackendsJudgeAlike pushes the same
// hostile events to a hub on SQLite and on PostgreSQL over HTTP: each is
// recorded as refused with its reason, the good event behind it is
// applied, the sequence moves on, and the two backends agree on every
// outcome. Before the hub judged events itself, PostgreSQL answered 500 to
// a NUL (a terminal then retried for ever) while SQLite stored it.
func TestPoisonEventsNeverBlockAndBothBackendsJudgeAlike(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	batch := hostileEvents(now)
	var raw []string
	want := map[int64]string{}
	for i, h := range batch {
		raw = append(raw, h.json)
		if h.reason != "" {
			want[int64(i+1)] = h.reason
		}
	}
	body := `{"events":[` + strings.Join(raw, ",") + `]}`
	outcomes := map[string]outcome{}
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		f.db.Now = func() time.Time { return now }
		post := func() (int, wire.PushResponse) {
			req, _ := http.NewRequest("POST", f.srv.URL+"/v1/events", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+f.token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			data, _ := io.ReadAll(resp.Body)
			var res wire.PushResponse
			if resp.StatusCode == 200 {
				if err := json.Unmarshal(data, &res); err != nil {
					t.Fatal(err)
				}
			} else {
				t.Errorf("push of hostile events: %d %s", resp.StatusCode, data)
			}
			return resp.StatusCode, res
		}
		status, res := post()
		o := outcome{Status: status, LastSeq: res.LastSeq, Applied: res.Applied, Rejections: map[int64]string{}, Pulled: map[int64]string{}}
		for _, r := range res.Rejections {
			o.Rejections[r.Seq] = r.Reason
			if r.Message == "" {
				t.Errorf("rejection %d has no message", r.Seq)
			}
		}
		if res.LastSeq != int64(len(batch)) || res.Applied != len(batch) {
			t.Errorf("push: last_seq %d, applied %d; want %d: the sequence must move on past every refused event", res.LastSeq, res.Applied, len(batch))
		}
		if !reflect.DeepEqual(o.Rejections, want) {
			for seq, reason := range want {
				if o.Rejections[seq] != reason {
					t.Errorf("%s (seq %d): refused as %q, want %q", batch[seq-1].name, seq, o.Rejections[seq], reason)
				}
			}
			for seq, reason := range o.Rejections {
				if want[seq] == "" {
					t.Errorf("%s (seq %d) refused as %q", batch[seq-1].name, seq, reason)
				}
			}
		}
		// A replay (a lost answer) is a no-op with the same rejections.
		if status, again := post(); status != 200 || again.Applied != 0 || again.Duplicates != len(batch) || len(again.Rejections) != len(want) {
			t.Errorf("replay: %d, applied %d, duplicates %d, %d rejections", status, again.Applied, again.Duplicates, len(again.Rejections))
		}
		held, err := f.db.Events(ctx, f.term.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range held {
			o.Held = append(o.Held, fmt.Sprintf("%d %s %s %v %s", h.Seq, h.ID, h.Type, h.Rejected, h.Reason))
			if h.Hash == "" {
				t.Errorf("held event %d has no hash", h.Seq)
			}
		}
		// The next pull brings the refusals as exceptions (one per order
		// and reason), and the next push goes on from the last sequence.
		cursor := ""
		for {
			var page wire.PullResponse
			if status, _ := f.call(t, "GET", "/v1/changes?cursor="+cursor, f.token, "", nil, &page); status != 200 {
				t.Fatalf("pull: %d", status)
			}
			for _, r := range page.Changes.Rejections {
				o.Pulled[r.Seq] = r.Reason
			}
			cursor = page.Changes.Cursor
			if !page.More {
				break
			}
		}
		if len(o.Pulled) == 0 {
			t.Error("the pull brought no rejection")
		}
		next := ev(int64(len(batch)+1), core.EventStaffSignedIn, "")
		var res2 wire.PushResponse
		if status, _ := f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, next), &res2); status != 200 || res2.LastSeq != next.Seq {
			t.Errorf("push after the hostile batch: %d %+v", status, res2)
		}
		outcomes[b.Name] = o
	})
	sq, pg := outcomes["sqlite"], outcomes["postgres"]
	if sq.Status == 0 || pg.Status == 0 {
		return // one backend skipped or failed: nothing to compare
	}
	if !reflect.DeepEqual(sq, pg) {
		t.Errorf("the backends judged the same events differently:\nsqlite:   %+v\npostgres: %+v", sq, pg)
	}
}

// TestEventHashAndFirstPush: a replay under a held number with other
// content is refused (409 event_changed), not taken as a duplicate; a
// terminal's first push starts at 1; the bearer scheme is case-insensitive.
func TestEventHashAndFirstPush(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		f := newFixture(t, b)
		for _, seq := range []int64{1<<63 - 1, 2} {
			status, detail := f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, ev(seq, core.EventStaffSignedIn, "")), nil)
			if status != 409 || detail.Reason != "seq_gap" || detail.LastSeq == nil || *detail.LastSeq != 0 {
				t.Errorf("first push at %d: %d %+v, want 409 seq_gap", seq, status, detail)
			}
		}
		f.nothingChanged(t)

		first := ev(1, core.EventStaffSignedIn, "")
		first.Payload = json.RawMessage(`{"method":"pin"}`)
		first.Hash = core.EventHash(first)
		for _, scheme := range []string{"bearer", "BEARER", "Bearer"} {
			req, _ := http.NewRequest("POST", f.srv.URL+"/v1/events", pushBody(t, first))
			req.Header.Set("Authorization", scheme+" "+f.token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("Authorization: %s …: %d, want 200", scheme, resp.StatusCode)
			}
		}
		changed := first
		changed.Payload = json.RawMessage(`{"method":"badge"}`)
		changed.Hash = core.EventHash(changed)
		status, detail := f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, changed), nil)
		if status != 409 || detail.Reason != wire.ReasonEventChanged {
			t.Errorf("replay with other content: %d %+v, want 409 event_changed", status, detail)
		}
		// The same without a hash (an older terminal): the hub hashes it.
		changed.Hash = ""
		if status, detail := f.call(t, "POST", "/v1/events", f.token, "application/json", pushBody(t, changed), nil); status != 409 || detail.Reason != wire.ReasonEventChanged {
			t.Errorf("replay with other content and no hash: %d %+v, want 409 event_changed", status, detail)
		}
		held, _ := f.db.Events(ctx, f.term.ID, 0, 0)
		if len(held) != 1 || held[0].Hash != first.Hash || !bytes.Equal(held[0].Payload, first.Payload) {
			t.Fatalf("hub holds %+v, want the first event with its hash", held)
		}
	})
}
