package ui

import (
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/ui/i18n"
)

// returnHeadline is headline with the return workflow's own reasons.
func returnHeadline(err error) string {
	switch core.ErrorReason(err) {
	case core.ErrNoReturn.Reason:
		return tr("headline.no_return_on_record")
	case core.ErrItemInHand.Reason:
		return tr("headline.one_at_a_time")
	case core.ErrNothingToUndo.Reason:
		return tr("headline.nothing_to_undo")
	case core.ErrGradeRequired.Reason:
		return tr("headline.grade_it_first")
	case core.ErrSupervisorRequired.Reason:
		return tr("headline.supervisor_needed")
	case core.ErrReasonRequired.Reason:
		return tr("headline.say_why")
	case core.ErrItemsMissing.Reason:
		return tr("headline.items_missing")
	case core.ErrReturnClosed.Reason:
		return tr("headline.return_finished")
	case core.ErrCannotRestock.Reason:
		return tr("headline.cannot_restock")
	case "order_not_delivered":
		return tr("headline.not_delivered")
	case "bad_weight":
		return tr("headline.not_a_weight")
	case "bad_photo":
		return tr("headline.no_such_photo")
	case core.ErrBadCredentials.Reason: // only a supervisor's PIN is asked for here
		return tr("headline.wrong_pin")
	}
	return headline(err)
}

// refundTitle is a refund decision in big words.
func refundTitle(k core.RefundKind) string {
	switch k {
	case core.RefundFull:
		return tr("headline.full_refund")
	case core.RefundPartial:
		return tr("headline.partial_refund")
	}
	return tr("headline.no_refund")
}

// refundWords says a refund share in words: "full refund", "50 % refund".
func refundWords(pct int) string {
	switch core.RefundKindOf(pct) {
	case core.RefundFull:
		return tr("returns.refund_full")
	case core.RefundNone:
		return tr("returns.refund_none")
	}
	return tr("returns.refund_pct", "Percent", pct)
}

// decisionWords describes a decision for the inspector.
func decisionWords(d returns.Decision) string {
	s := dispositionWords(d.Disposition) + ", " + refundWords(d.RefundPct)
	if d.Note != "" {
		s += " — " + d.Note
	}
	return s
}

// parseGrams reads a typed weight: "850", "850 g", "1.2 kg", "1,2kg". A
// bare number is grams.
func parseGrams(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "kg"):
		s, mult = strings.TrimSuffix(s, "kg"), 1000
	case strings.HasSuffix(s, "g"):
		s = strings.TrimSuffix(s, "g")
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
	if err != nil || f <= 0 {
		return 0, false
	}
	return int(f*mult + 0.5), true
}

// dispositionWords is what happens to a returned item, in the language on
// screen (core's Label is English).
func dispositionWords(d core.Disposition) string {
	if k := "disposition." + string(d); i18n.Has(k) {
		return tr(k)
	}
	return d.Label()
}

// flagWords is why an item was flagged, in the language on screen.
func flagWords(f core.ReturnFlag) string {
	if k := "return_flag." + string(f); i18n.Has(k) {
		return tr(k)
	}
	return f.Label()
}

// gradeWords is a grade in words, in the language on screen.
func gradeWords(g core.Grade) string { return tr("grade." + strconv.Itoa(int(g))) }
