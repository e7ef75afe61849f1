package pickup_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func staged() *pickup.Handoff {
	return &pickup.Handoff{
		OrderID: 7, OrderRef: "W1", Customer: "Ana Lima", AltPickup: "Bo Lima", PickupCode: "482913",
		Status: core.OrderStaged,
		Bags: []pickup.Bag{
			{N: 1, Code: "BAG-W1-1", ShelfID: 101, ShelfCode: "HOLD-01"},
			{N: 2, Code: "BAG-W1-2", ShelfID: 102, ShelfCode: "HOLD-02"},
		},
		Lines: []pickup.Line{{ID: 11, SKU: "MUG", Name: "Blue Mug", Picked: 2}, {ID: 12, SKU: "TEA", Name: "Green Tea", Picked: 1}},
	}
}

// apply returns a func that applies an accepted effect to h, failing the
// test on an error: apply(t, h)(h.Verify(...)).
func apply(t *testing.T, h *pickup.Handoff) func(pickup.Effect, error) pickup.Effect {
	return func(e pickup.Effect, err error) pickup.Effect {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		h.Apply(e)
		return e
	}
}

func TestHandoffByCode(t *testing.T) {
	h := staged()
	if got := h.Next(t0).Kind; got != pickup.HandoffVerify {
		t.Fatalf("first step %s", got)
	}
	e := apply(t, h)(h.Verify(pickup.VerifyInput{Method: core.VerifyCode, Code: " 482 913 ", StaffID: 3, Now: t0}))
	if e.Kind != pickup.EffectVerify || e.Verification.Name != "Ana Lima" || e.Verification.Collector != core.CollectorCustomer {
		t.Fatalf("verify: %+v", e)
	}
	if s := h.Next(t0); s.Kind != pickup.HandoffBags || s.Bag.N != 1 {
		t.Fatalf("after verify: %+v", s)
	}
	apply(t, h)(h.ScanBag(pickup.BagRef{OrderRef: "W1", N: 2}, t0))
	// The first bag is missing: completing names its shelf.
	_, err := h.Complete(t0)
	if !errors.Is(err, core.ErrBagMissing) || !strings.Contains(core.ErrorMessage(err), "HOLD-01") {
		t.Fatalf("complete with a bag missing: %v", err)
	}
	if _, err := h.ScanBag(pickup.BagRef{OrderRef: "W2", N: 1}, t0); !errors.Is(err, core.ErrWrongBag) {
		t.Fatalf("another order's bag: %v", err)
	}
	apply(t, h)(h.ScanBag(pickup.BagRef{OrderRef: "w1", N: 1}, t0))
	if e, err := h.ScanBag(pickup.BagRef{OrderRef: "W1", N: 1}, t0); err != nil || e.Kind != pickup.EffectNone {
		t.Fatalf("bag scanned twice: %+v %v", e, err)
	}
	if s := h.Next(t0); s.Kind != pickup.HandoffComplete {
		t.Fatalf("all bags out: %+v", s)
	}
	e = apply(t, h)(h.Complete(t0.Add(time.Minute)))
	if e.Kind != pickup.EffectComplete || e.Verification.Method != core.VerifyCode || len(e.Refused) != 0 {
		t.Fatalf("complete: %+v", e)
	}
	if h.Status != core.OrderCollected || h.Next(t0).Kind != pickup.HandoffDone {
		t.Fatalf("after complete: %s", h.Status)
	}
	if _, err := h.Verify(pickup.VerifyInput{Method: core.VerifyCode, Code: "482913", StaffID: 3, Now: t0}); !errors.Is(err, core.ErrNotReadyToHandle) {
		t.Fatalf("verify a collected order: %v", err)
	}
}

// A handoff is never completed, and no bag goes out, without a current
// verification: whatever else was done.
func TestHandoffNeverWithoutVerification(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(h *pickup.Handoff)
		at    time.Time
	}{
		{"nothing done", func(h *pickup.Handoff) {}, t0},
		{"bags marked handed", func(h *pickup.Handoff) {
			for i := range h.Bags {
				h.Bags[i].Handed = true
			}
		}, t0},
		{"wrong codes only", func(h *pickup.Handoff) { h.WrongCodes = 2 }, t0},
		{"curbside noted", func(h *pickup.Handoff) { h.Curbside = &pickup.Curbside{Bay: "3"} }, t0},
		{"verification too old", func(h *pickup.Handoff) {
			h.Verified = &pickup.Verification{Method: core.VerifyCode, Collector: core.CollectorCustomer, StaffID: 3, At: t0}
			for i := range h.Bags {
				h.Bags[i].Handed = true
			}
		}, t0.Add(pickup.VerificationTTL + time.Second)},
	} {
		h := staged()
		tc.setup(h)
		if _, err := h.Complete(tc.at); !errors.Is(err, core.ErrNotVerified) {
			t.Errorf("%s: complete: %v, want ErrNotVerified", tc.name, err)
		}
		if _, err := h.ScanBag(pickup.BagRef{OrderRef: "W1", N: 1}, tc.at); !errors.Is(err, core.ErrNotVerified) {
			t.Errorf("%s: bag out: %v, want ErrNotVerified", tc.name, err)
		}
		if _, err := h.Refuse(11, 1, "damaged", tc.at); !errors.Is(err, core.ErrNotVerified) {
			t.Errorf("%s: refuse: %v, want ErrNotVerified", tc.name, err)
		}
	}
}

func TestVerifyRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     pickup.VerifyInput
		alt    string
		code   string
		effect pickup.EffectKind
		want   error
		who    string
	}{
		{"right code", pickup.VerifyInput{Method: core.VerifyCode, Code: "482913"}, "", "482913", pickup.EffectVerify, nil, "Ana Lima"},
		{"code is case-insensitive", pickup.VerifyInput{Method: core.VerifyCode, Code: "ab12"}, "", "AB12", pickup.EffectVerify, nil, "Ana Lima"},
		{"wrong code", pickup.VerifyInput{Method: core.VerifyCode, Code: "111111"}, "", "482913", pickup.EffectWrongCode, nil, ""},
		{"empty code", pickup.VerifyInput{Method: core.VerifyCode, Code: "  "}, "", "482913", "", &core.Error{Code: core.EINVALID, Reason: "empty_code"}, ""},
		{"order without code", pickup.VerifyInput{Method: core.VerifyCode, Code: "1"}, "", "", "", &core.Error{Code: core.ECONFLICT, Reason: "no_pickup_code"}, ""},
		{"ID check", pickup.VerifyInput{Method: core.VerifyIDCheck, IDType: "passport"}, "", "482913", pickup.EffectVerify, nil, "Ana Lima"},
		{"ID check needs its kind", pickup.VerifyInput{Method: core.VerifyIDCheck}, "", "482913", "", &core.Error{Code: core.EINVALID, Reason: "bad_id_type"}, ""},
		{"alternate with ID", pickup.VerifyInput{Method: core.VerifyIDCheck, IDType: "driving_licence", Collector: core.CollectorAlternate}, "Bo Lima", "482913", pickup.EffectVerify, nil, "Bo Lima"},
		{"alternate not named", pickup.VerifyInput{Method: core.VerifyIDCheck, IDType: "passport", Collector: core.CollectorAlternate}, "", "482913", "", &core.Error{Code: core.ECONFLICT, Reason: "no_alt_pickup"}, ""},
		{"no method", pickup.VerifyInput{}, "", "482913", "", core.ErrNotVerified, ""},
		{"unknown method", pickup.VerifyInput{Method: "looks_honest"}, "", "482913", "", core.ErrNotVerified, ""},
	} {
		h := staged()
		h.AltPickup, h.PickupCode = tc.alt, tc.code
		tc.in.StaffID, tc.in.Now = 3, t0
		e, err := h.Verify(tc.in)
		if tc.want != nil {
			if !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
			continue
		}
		if err != nil || e.Kind != tc.effect || (tc.who != "" && e.Verification.Name != tc.who) {
			t.Errorf("%s: %+v, %v; want %s by %q", tc.name, e, err, tc.effect, tc.who)
		}
		if e.Kind == pickup.EffectVerify && e.Verification.Method == core.VerifyIDCheck && e.Verification.IDType != tc.in.IDType {
			t.Errorf("%s: the kind of ID is not recorded: %+v", tc.name, e.Verification)
		}
	}
}

func TestWrongCodesLockUntilUnlocked(t *testing.T) {
	h := staged()
	for i := 1; i <= pickup.MaxWrongCodes; i++ {
		e := apply(t, h)(h.Verify(pickup.VerifyInput{Method: core.VerifyCode, Code: "000000", StaffID: 3, Now: t0}))
		if e.Kind != pickup.EffectWrongCode || e.Attempts != i || e.Lock != (i == pickup.MaxWrongCodes) {
			t.Fatalf("wrong code %d: %+v", i, e)
		}
		wantErr := core.ErrWrongPickupCode
		if i == pickup.MaxWrongCodes {
			wantErr = core.ErrPickupLocked
		}
		if err := e.Err(); !errors.Is(err, wantErr) {
			t.Fatalf("wrong code %d reported as %v", i, err)
		}
	}
	if h.Next(t0).Kind != pickup.HandoffLocked {
		t.Fatalf("after %d wrong codes: %s", pickup.MaxWrongCodes, h.Next(t0).Kind)
	}
	// Locked: not even the right code or an ID check gets through.
	for _, in := range []pickup.VerifyInput{
		{Method: core.VerifyCode, Code: "482913", StaffID: 3, Now: t0},
		{Method: core.VerifyIDCheck, IDType: "passport", StaffID: 3, Now: t0},
	} {
		if _, err := h.Verify(in); !errors.Is(err, core.ErrPickupLocked) {
			t.Fatalf("verify while locked (%s): %v", in.Method, err)
		}
	}
	if _, err := h.Complete(t0); !errors.Is(err, core.ErrPickupLocked) {
		t.Fatalf("complete while locked: %v", err)
	}
	if _, err := h.Unlock(0); err == nil {
		t.Fatal("unlocked without a supervisor")
	}
	apply(t, h)(h.Unlock(5))
	if h.Locked || h.WrongCodes != 0 || h.Next(t0).Kind != pickup.HandoffVerify {
		t.Fatalf("after unlock: %+v", h)
	}
	if _, err := h.Unlock(5); err == nil {
		t.Fatal("unlocked an order that is not locked")
	}
	apply(t, h)(h.Verify(pickup.VerifyInput{Method: core.VerifyCode, Code: "482913", StaffID: 3, Now: t0}))
	if h.Verified == nil {
		t.Fatal("right code after unlock did not verify")
	}
}

func TestPartialPickupAndAbandon(t *testing.T) {
	h := staged()
	apply(t, h)(h.Verify(pickup.VerifyInput{Method: core.VerifyIDCheck, IDType: "national_id", StaffID: 3, Now: t0}))
	if _, err := h.Refuse(11, 3, "damaged", t0); !errors.Is(err, core.ErrBadQuantity) {
		t.Fatalf("refuse more than picked: %v", err)
	}
	if _, err := h.Refuse(11, 1, "meh", t0); err == nil {
		t.Fatal("refuse without a valid reason")
	}
	if _, err := h.Refuse(99, 1, "damaged", t0); err == nil {
		t.Fatal("refuse a line not in the order")
	}
	apply(t, h)(h.Refuse(11, 1, "damaged", t0))
	if got := h.Refusals(); len(got) != 1 || got[0].Qty != 1 || got[0].SKU != "MUG" || got[0].Reason != "damaged" {
		t.Fatalf("refusals: %+v", got)
	}
	apply(t, h)(h.ScanBag(pickup.BagRef{OrderRef: "W1", N: 1}, t0))
	// The customer walks away: everything of this handoff is forgotten.
	e := apply(t, h)(h.Abandon())
	if e.Kind != pickup.EffectAbandon || h.Verified != nil || h.Bags[0].Handed || len(h.Refusals()) != 0 {
		t.Fatalf("after abandon: %+v", h)
	}
	if e, _ := h.Abandon(); e.Kind != pickup.EffectNone {
		t.Fatalf("abandon twice: %+v", e)
	}
	// Back later: verify, refuse, scan both bags, complete with the refusal.
	apply(t, h)(h.Verify(pickup.VerifyInput{Method: core.VerifyCode, Code: "482913", StaffID: 3, Now: t0}))
	apply(t, h)(h.Refuse(12, 1, "changed_mind", t0))
	apply(t, h)(h.ScanBag(pickup.BagRef{OrderRef: "W1", N: 1}, t0))
	apply(t, h)(h.ScanBag(pickup.BagRef{OrderRef: "W1", N: 2}, t0))
	e = apply(t, h)(h.Complete(t0))
	if len(e.Refused) != 1 || e.Refused[0].LineID != 12 || e.Refused[0].Reason != "changed_mind" {
		t.Fatalf("complete refusals: %+v", e.Refused)
	}
}

func TestCurbsideAndArrival(t *testing.T) {
	h := staged()
	if _, err := h.NoteCurbside(pickup.Curbside{Bay: "  "}, t0); err == nil {
		t.Fatal("curbside without a bay")
	}
	apply(t, h)(h.NoteCurbside(pickup.Curbside{Bay: " 4 ", Car: "red Fiat"}, t0))
	if h.Curbside == nil || h.Curbside.Bay != "4" || !h.ArrivedAt.Equal(t0) {
		t.Fatalf("curbside: %+v at %v", h.Curbside, h.ArrivedAt)
	}
	if e, _ := h.Arrive(t0.Add(time.Minute)); e.Kind != pickup.EffectNone {
		t.Fatalf("arrive again: %+v", e)
	}
}

func TestExpire(t *testing.T) {
	staged6 := t0.Add(-6 * 24 * time.Hour)
	h := staged()
	if _, err := h.Expire(staged6, t0, 7); err == nil {
		t.Fatal("expired after 6 of 7 days")
	}
	if !pickup.Overdue(staged6, t0, 6) || pickup.Overdue(staged6, t0, 7) || pickup.Overdue(time.Time{}, t0, 1) {
		t.Fatal("Overdue")
	}
	apply(t, h)(h.Verify(pickup.VerifyInput{Method: core.VerifyCode, Code: "482913", StaffID: 3, Now: t0}))
	if _, err := h.Expire(staged6, t0, 5); err == nil {
		t.Fatal("expired while the customer is being served")
	}
	h = staged()
	e := apply(t, h)(h.Expire(staged6, t0, 5))
	if e.Kind != pickup.EffectExpire || h.Status != core.OrderExpired {
		t.Fatalf("expire: %+v %s", e, h.Status)
	}
	if _, err := h.Expire(staged6, t0, 5); err == nil {
		t.Fatal("expired twice")
	}
}
