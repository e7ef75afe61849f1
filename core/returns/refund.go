package returns

import (
	"fmt"

	"github.com/stationhand/stationhand/core"
)

// Refund is the refund decision the hub turns into money (the event
// contract's core.ReturnRefund).
type Refund = core.ReturnRefund

// RefundLine is the decision for one announced line.
type RefundLine = core.ReturnRefundLine

// proposeRefund adds up the units' decisions: full when every announced
// unit came back at 100 %, none when nothing is refunded, else partial
// with the reasons.
func (in *Inspection) proposeRefund() *Refund {
	r := &Refund{}
	some, all := false, len(in.Lines) > 0
	for _, l := range in.Lines {
		rl := RefundLine{LineNo: l.LineNo, SKU: l.SKU, Qty: l.Qty}
		for _, it := range in.Items {
			if it.LineID != l.ID || len(rl.Units) >= l.Qty {
				continue
			}
			rl.Units = append(rl.Units, it.RefundPct)
			rl.Received++
			if it.RefundPct < 100 && it.RefundReason != "" {
				rl.Reasons = appendNew(rl.Reasons, fmt.Sprintf("%s: %s", l.SKU, it.RefundReason))
			}
		}
		if m := l.Qty - rl.Received; m > 0 {
			rl.Reasons = append(rl.Reasons, fmt.Sprintf("%s: %d of %d not received", l.SKU, m, l.Qty))
		}
		for len(rl.Units) < l.Qty {
			rl.Units = append(rl.Units, 0)
		}
		for _, u := range rl.Units {
			some = some || u > 0
			all = all && u >= 100
		}
		r.Reasons = append(r.Reasons, rl.Reasons...)
		r.Lines = append(r.Lines, rl)
	}
	switch {
	case all:
		r.Kind, r.Reasons = core.RefundFull, nil
	case some:
		r.Kind = core.RefundPartial
	default:
		r.Kind = core.RefundNone
	}
	return r
}

// noRefund is a refund of nothing for every announced unit.
func (in *Inspection) noRefund(reason string) *Refund {
	r := &Refund{Kind: core.RefundNone, Reasons: []string{reason}}
	for _, l := range in.Lines {
		rl := RefundLine{LineNo: l.LineNo, SKU: l.SKU, Qty: l.Qty, Received: in.Received(l.ID), Units: make([]int, l.Qty), Reasons: []string{reason}}
		r.Lines = append(r.Lines, rl)
	}
	return r
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
