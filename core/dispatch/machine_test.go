package dispatch

import (
	"testing"

	"github.com/stationhand/stationhand/core"
)

// parcel is package seq of an order of two packages, both packed, with a
// UPS label; change tweaks it.
func parcel(seq int, change func(*Input)) Input {
	in := Input{Scanned: "X", Found: true, OrderRef: "W1", OrderStatus: core.OrderPacked, Package: seq, Packages: 2,
		SSCC: "106141410000000019", Label: &Label{Carrier: "UPS", Service: "Ground", Tracking: "1Z1"},
		Order: []PackageState{{Seq: 1, Closed: true, Tracking: "1Z1"}, {Seq: 2, Closed: true, Tracking: "1Z2"}}}
	if change != nil {
		change(&in)
	}
	return in
}

func TestScanRules(t *testing.T) {
	cases := []struct {
		name   string
		h      Handover
		in     Input
		reason string
	}{
		{"accepted", Handover{Code: "U1", Carrier: "UPS"}, parcel(1, nil), ""},
		{"carrier case-insensitive", Handover{Code: "U1", Carrier: "ups"}, parcel(1, nil), ""},
		{"closed handover", Handover{Code: "U1", Carrier: "UPS", Status: StatusClosed}, parcel(1, nil), core.ErrHandoverClosed.Reason},
		{"unknown", Handover{Code: "U1", Carrier: "UPS"}, Input{Scanned: "X"}, core.ErrUnknownParcel.Reason},
		{"cancelled", Handover{Code: "U1", Carrier: "UPS"}, parcel(1, func(in *Input) { in.OrderStatus = core.OrderCancelled }), core.ErrIntercepted.Reason},
		{"cancelled before the label check", Handover{Code: "U1", Carrier: "UPS"}, parcel(1, func(in *Input) { in.OrderStatus = core.OrderCancelled; in.Label = nil }), core.ErrIntercepted.Reason},
		{"shipped", Handover{Code: "U1", Carrier: "UPS"}, parcel(1, func(in *Input) { in.OrderStatus = core.OrderShipped }), core.ErrAlreadyDispatched.Reason},
		{"no label", Handover{Code: "U1", Carrier: "UPS"}, parcel(1, func(in *Input) { in.Label = nil }), core.ErrNoCarrierLabel.Reason},
		{"other carrier", Handover{Code: "D1", Carrier: "DHL"}, parcel(1, nil), core.ErrOtherCarrier.Reason},
		{"in this handover", Handover{Code: "U1", Carrier: "UPS"}, parcel(1, func(in *Input) { in.Order[0].DispatchedIn = "U1" }), core.ErrAlreadyDispatched.Reason},
		{"in another handover", Handover{Code: "U1", Carrier: "UPS"}, parcel(1, func(in *Input) { in.Order[0].DispatchedIn = "U0" }), core.ErrAlreadyDispatched.Reason},
		{"sibling elsewhere is fine", Handover{Code: "U1", Carrier: "UPS"}, parcel(1, func(in *Input) { in.Order[1].DispatchedIn = "U0" }), ""},
		{"package 2 not packed", Handover{Code: "U1", Carrier: "UPS"}, parcel(1, func(in *Input) { in.OrderStatus = core.OrderPicked; in.Order[1].Closed = false }), core.ErrIncompleteOrder.Reason},
		{"split allowed", Handover{Code: "U1", Carrier: "UPS", Splits: map[string]int64{"W1": 5}}, parcel(1, func(in *Input) { in.Order[1].Closed = false }), ""},
	}
	for _, c := range cases {
		h := c.h
		e, err := h.Scan(c.in)
		if core.ErrorReason(err) != c.reason {
			t.Errorf("%s: %v, want %q", c.name, err, c.reason)
		}
		if c.reason == "" && (e.Kind != EffectScan || e.Parcel.Tracking != "1Z1" || e.Parcel.Service != "Ground") {
			t.Errorf("%s: effect %+v", c.name, e)
		}
	}
}

func TestCloseUndoReopen(t *testing.T) {
	h := &Handover{Code: "U1", Carrier: "UPS"}
	if _, err := h.Close(nil); core.ErrorReason(err) != "handover_empty" {
		t.Fatalf("close empty: %v", err)
	}
	if _, err := h.Undo(); core.ErrorReason(err) != core.ErrNothingToUndo.Reason {
		t.Fatalf("undo empty: %v", err)
	}
	e, _ := h.Scan(parcel(1, nil))
	h.Apply(e)
	both := []PackageState{{Seq: 1, Closed: true, DispatchedIn: "U1", Tracking: "1Z1"}, {Seq: 2, Closed: true, Tracking: "1Z2"}}
	if _, err := h.Close(map[string][]PackageState{"W1": both}); core.ErrorReason(err) != core.ErrIncompleteOrder.Reason {
		t.Fatalf("close without package 2: %v", err)
	}
	e, _ = h.Scan(parcel(2, func(in *Input) { in.Label.Tracking = "1Z2"; in.Order[0].DispatchedIn = "U1" }))
	h.Apply(e)
	both[1].DispatchedIn = "U1"
	c, err := h.Close(map[string][]PackageState{"W1": both})
	if err != nil || len(c.Shipped) != 1 || len(c.Shipped[0].Tracking) != 2 || c.Shipped[0].Tracking[1] != "1Z2" {
		t.Fatalf("close: %+v, %v", c, err)
	}
	h.Apply(c)
	if _, err := h.Undo(); core.ErrorReason(err) != core.ErrHandoverClosed.Reason {
		t.Fatalf("undo after close: %v", err)
	}
	if _, err := h.Reopen(0); core.ErrorReason(err) != core.ErrNotAllowed.Reason {
		t.Fatalf("reopen without a supervisor: %v", err)
	}
	r, _ := h.Reopen(7)
	h.Apply(r)
	if _, err := h.Undo(); core.ErrorReason(err) != core.ErrNothingToUndo.Reason {
		t.Fatalf("undo a sealed parcel: %v", err)
	}
	if s := h.Services(); len(s) != 1 || s[0].Parcels != 2 {
		t.Fatalf("services %+v", s)
	}
}
