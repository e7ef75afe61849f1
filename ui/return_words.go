package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/returns"
)

// returnHeadline is headline with the return workflow's own reasons.
func returnHeadline(err error) string {
	switch core.ErrorReason(err) {
	case core.ErrNoReturn.Reason:
		return "NO RETURN ON RECORD"
	case core.ErrItemInHand.Reason:
		return "ONE AT A TIME"
	case core.ErrNothingToUndo.Reason:
		return "NOTHING TO UNDO"
	case core.ErrGradeRequired.Reason:
		return "GRADE IT FIRST"
	case core.ErrSupervisorRequired.Reason:
		return "SUPERVISOR NEEDED"
	case core.ErrReasonRequired.Reason:
		return "SAY WHY"
	case core.ErrItemsMissing.Reason:
		return "ITEMS MISSING"
	case core.ErrReturnClosed.Reason:
		return "RETURN FINISHED"
	case core.ErrCannotRestock.Reason:
		return "CANNOT RESTOCK"
	case "order_not_delivered":
		return "NOT DELIVERED"
	case "bad_weight":
		return "NOT A WEIGHT"
	case "bad_photo":
		return "NO SUCH PHOTO"
	case core.ErrBadCredentials.Reason: // only a supervisor's PIN is asked for here
		return "WRONG PIN"
	}
	return headline(err)
}

// refundTitle is a refund decision in big words.
func refundTitle(k core.RefundKind) string {
	switch k {
	case core.RefundFull:
		return "FULL REFUND"
	case core.RefundPartial:
		return "PARTIAL REFUND"
	}
	return "NO REFUND"
}

// refundWords says a refund share in words: "full refund", "50 % refund".
func refundWords(pct int) string {
	switch core.RefundKindOf(pct) {
	case core.RefundFull:
		return "full refund"
	case core.RefundNone:
		return "no refund"
	}
	return fmt.Sprintf("%d %% refund", pct)
}

// decisionWords describes a decision for the inspector.
func decisionWords(d returns.Decision) string {
	s := d.Disposition.Label() + ", " + refundWords(d.RefundPct)
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
