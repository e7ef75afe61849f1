package core_test

import (
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestOrderLifecycle(t *testing.T) {
	const me, other = "t-me", "t-other"
	p := func(s core.OrderStatus, by string) core.OrderProgress {
		return core.OrderProgress{Status: s, ClaimedBy: by}
	}
	for _, c := range []struct {
		typ      string
		from     core.OrderProgress
		refusal  string
		want     core.OrderProgress
		describe string
	}{
		{core.EventPickClaimed, p(core.OrderOpen, ""), "", p(core.OrderPicking, me), "a claim takes an open order"},
		{core.EventPickClaimed, p(core.OrderPicking, other), core.ReasonOrderClaimed, p(core.OrderPicking, other), "the first claim wins"},
		{core.EventPickItemPicked, p(core.OrderPicking, other), core.ReasonOrderClaimed, p(core.OrderPicking, other), "only the claimant picks"},
		{core.EventPickReleased, p(core.OrderPicking, other), "", p(core.OrderPicking, other), "a release by another terminal keeps the claimant"},
		{core.EventPickReleased, p(core.OrderPicking, me), "", p(core.OrderOpen, ""), "the claimant's release reopens the order"},
		{core.EventOrderPicked, p(core.OrderPicking, me), "", p(core.OrderPicked, me), ""},
		{core.EventPickUndone, p(core.OrderPicked, me), "", p(core.OrderPicking, me), "an undo reopens the picking"},
		{core.EventOrderPacked, p(core.OrderPicked, me), "", p(core.OrderPacked, me), "packing at any terminal"},
		{core.EventOrderPicked, p(core.OrderPacked, me), "", p(core.OrderPacked, me), "a late event never moves an order back"},
		{core.EventOrderStaged, p(core.OrderPacked, ""), "", p(core.OrderPacked, ""), "packed and staged are alternatives"},
		{core.EventOrderCollected, p(core.OrderStaged, ""), "", p(core.OrderCollected, ""), ""},
		{core.EventOrderExpired, p(core.OrderCollected, ""), "", p(core.OrderCollected, ""), "a collected order does not expire"},
		{core.EventPackItemVerified, p(core.OrderCancelled, ""), core.ReasonOrderCancelled, p(core.OrderCancelled, ""), "no work on a cancelled order"},
		{core.EventPickupRestocked, p(core.OrderCancelled, ""), "", p(core.OrderCancelled, ""), "putting back is always taken"},
		{core.EventOrderPacked, p(core.OrderCancelled, ""), core.ReasonOrderCancelled, p(core.OrderCancelled, ""), "nothing revives a cancelled order"},
	} {
		if got := core.Refusal(c.typ, c.from, me); got != c.refusal {
			t.Errorf("%s on %+v: refusal %q, want %q (%s)", c.typ, c.from, got, c.refusal, c.describe)
		}
		if c.refusal != "" {
			continue
		}
		if got := core.Apply(c.typ, c.from, me); got.Status != c.want.Status || got.ClaimedBy != c.want.ClaimedBy {
			t.Errorf("%s on %+v: %+v, want %+v (%s)", c.typ, c.from, got, c.want, c.describe)
		}
	}
	if r := core.Release(p(core.OrderPicking, other)); r.Status != core.OrderOpen || r.ClaimedBy != "" {
		t.Errorf("release of a picking order: %+v", r)
	}
	if r := core.Release(p(core.OrderPicked, other)); r.Status != core.OrderPicked || r.ClaimedBy != "" {
		t.Errorf("release of a picked order: %+v", r)
	}
	for _, typ := range core.EventTypes() {
		if _, ok := core.KindOf(typ); !ok {
			t.Errorf("%s listed but unknown", typ)
		}
	}
	if _, ok := core.KindOf("note.added"); ok {
		t.Error("an unknown type is known")
	}
}

// TestEventHash: the hash covers every field the hub compares, and is the
// same for a payload however it is spaced or escaped.
func TestEventHash(t *testing.T) {
	ev := core.Event{Seq: 7, ID: "e-1", Type: core.EventPickItemPicked, OrderID: "O-1", StaffID: 3, Payload: []byte(`{"sku": "A<B"}`)}
	h := core.EventHash(ev)
	if len(h) != 64 {
		t.Fatalf("hash %q", h)
	}
	same := ev
	same.Payload = []byte(`{"sku":"A\u003cB"}`)
	same.Terminal = "ignored"
	if core.EventHash(same) != h {
		t.Error("the same payload, spaced and escaped otherwise, hashes differently")
	}
	for name, change := range map[string]func(e *core.Event){
		"seq":      func(e *core.Event) { e.Seq++ },
		"id":       func(e *core.Event) { e.ID = "e-2" },
		"type":     func(e *core.Event) { e.Type = core.EventPickShort },
		"order":    func(e *core.Event) { e.OrderID = "O-2" },
		"staff":    func(e *core.Event) { e.StaffID = 4 },
		"at":       func(e *core.Event) { e.At = e.At.Add(1e6) },
		"payload":  func(e *core.Event) { e.Payload = []byte(`{"sku":"A<C"}`) },
		"boundary": func(e *core.Event) { e.ID, e.Type = "e-1"+core.EventPickItemPicked[:1], core.EventPickItemPicked[1:] },
	} {
		e := ev
		change(&e)
		if core.EventHash(e) == h {
			t.Errorf("changing the %s keeps the hash", name)
		}
	}
}

// BenchmarkEventHash: what hashing costs per event, on the station when it
// reads its outbox and on the hub for every event it takes.
func BenchmarkEventHash(b *testing.B) {
	ev := core.Event{Seq: 123456, ID: "0b7d8c1e-4f2a-4c55-9d1e-3a2b1c0d9e8f", Type: core.EventPickItemPicked, OrderID: "W-000123",
		StaffID: 17, Payload: []byte(`{"batch":"1f0c","bin":"A01-01-1","gtin":"04000000000013","line":3,"qty":1,"sku":"SKU-001","tote":"TOTE-1"}`)}
	b.ReportAllocs()
	for b.Loop() {
		core.EventHash(ev)
	}
}
