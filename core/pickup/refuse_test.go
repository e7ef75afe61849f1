package pickup_test

import (
	"errors"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
)

// Refusals add up: units refused one at a time never come to more than
// what the bags hold, so the refund due never exceeds what was handed
// out. Staged: 2 mugs (line 11) and 1 tea (line 12).
func TestRefusalsNeverAddUpPastWhatWasPicked(t *testing.T) {
	h := staged()
	ok := apply(t, h)
	ok(h.Verify(pickup.VerifyInput{Method: core.VerifyCode, Code: "482913", StaffID: 3, Now: t0}))
	ok(h.Refuse(11, 1, "damaged", t0))
	if _, err := h.Refuse(11, 2, "damaged", t0); !errors.Is(err, core.ErrBadQuantity) {
		t.Fatalf("1 of 2 mugs refused, then 2 more: %v, want ErrBadQuantity", err)
	}
	ok(h.Refuse(11, 1, "wrong_item", t0))
	if _, err := h.Refuse(11, 1, "damaged", t0); !errors.Is(err, core.ErrBadQuantity) {
		t.Fatalf("both mugs refused, then a third: %v, want ErrBadQuantity", err)
	}
	ok(h.Refuse(12, 1, "changed_mind", t0))
	if _, err := h.Refuse(12, 1, "changed_mind", t0); !errors.Is(err, core.ErrBadQuantity) {
		t.Fatalf("the one tea refused twice: %v, want ErrBadQuantity", err)
	}
	ok(h.ScanBag(pickup.BagRef{OrderRef: "W1", N: 1}, t0))
	ok(h.ScanBag(pickup.BagRef{OrderRef: "W1", N: 2}, t0))
	e := ok(h.Complete(t0))
	refused := map[int64]int{}
	for _, r := range e.Refused {
		refused[r.LineID] += r.Qty
	}
	for _, l := range h.Lines {
		if refused[l.ID] > l.Picked {
			t.Fatalf("line %d: %d refunded, only %d handed out", l.ID, refused[l.ID], l.Picked)
		}
	}
	if refused[11] != 2 || refused[12] != 1 {
		t.Fatalf("refunds due %v, want 2 mugs and 1 tea", refused)
	}
}
