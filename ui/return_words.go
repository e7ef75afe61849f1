package ui

import (
	"strconv"
	"strings"
	"unicode"

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
		s += " — " + noteWords(d.Note)
	}
	return s
}

// noteWords is a decision's note in the language on screen: the notes
// core writes (a flagged unit's hold, no rule matching) and the default
// rules' notes (returns.DefaultRules, "return_rule_note.<rule id>") have
// translations; a note a supervisor wrote into a rule, or typed with an
// override, stays as written.
func noteWords(note string) string {
	if note == returns.NoRuleNote {
		return tr("return_note.no_rule")
	}
	for _, f := range core.ReturnFlags {
		if note == returns.FlaggedNote(f) {
			return tr("return_note.flagged", "Flag", flagWords(f))
		}
	}
	for _, r := range returns.DefaultRules() {
		if r.Note != "" && r.Note == note {
			if k := "return_rule_note." + strconv.FormatInt(r.ID, 10); i18n.Has(k) {
				return tr(k)
			}
		}
	}
	return note
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

// flagDetailWords is what a flag is about, in the language on screen:
// core's FlagText worded by its key ("return_flag_detail.<key>"), weights
// and counts written the language's way. A unit flagged before flags had
// keys (english only) shows its English only in English: another language
// says the flag (flagWords) without the detail rather than in English.
func flagDetailWords(t returns.FlagText, english string) string {
	if t.Key == "" || !i18n.Has("return_flag_detail."+t.Key) {
		if i18n.Current() == "en" {
			return english
		}
		return ""
	}
	var args []any
	for name, v := range t.Args {
		switch x := v.(type) {
		case float64: // read back from the database's JSON
			v = int(x)
		}
		if n, ok := v.(int); ok && t.Key == returns.FlagTextWeight { // both values are grams
			v = i18n.Weight(n)
		}
		args = append(args, name, v)
	}
	return tr("return_flag_detail."+t.Key, args...)
}

// flagLine is a flag and what it is about: "Serial number does not match
// what was shipped: serial SN-9; shipped SN-1".
func flagLine(f core.ReturnFlag, t returns.FlagText, english string) string {
	if d := flagDetailWords(t, english); d != "" {
		return flagWords(f) + ": " + d
	}
	return flagWords(f)
}

// heldFlagLine is a signal that held a return: the flag, the unit it is
// about (for a unit's flag) and what it is about.
func heldFlagLine(n returns.FlagNote) string {
	if n.Text.Key == "" { // recorded before flags had keys: Detail names the unit
		return flagLine(n.Flag, n.Text, n.Detail)
	}
	d := flagDetailWords(n.Text, n.Detail)
	if n.Item != "" {
		d = n.Item + ": " + d
	}
	return flagWords(n.Flag) + ": " + d
}

// returnReasonWords is why the customer sent an item back, in the
// language on screen; a reason the hub sent that the station has no words
// for shows as the hub wrote it, its underscores as spaces.
func returnReasonWords(reason string) string {
	if k := "return_reason." + reason; i18n.Has(k) {
		return tr(k)
	}
	return strings.ReplaceAll(reason, "_", " ")
}

// gradeWords is a grade in words, in the language on screen.
func gradeWords(g core.Grade) string { return tr("grade." + strconv.Itoa(int(g))) }

// checkWords is a checklist item in the language on screen: the default
// checks (core/returns.DefaultChecklists) have translations
// ("checklist.<item in snake case>"); a check the store's supervisors
// wrote stays as they typed it.
func checkWords(item string) string {
	key := "checklist." + strings.Join(strings.FieldsFunc(strings.ToLower(item), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), "_")
	if i18n.Has(key) {
		return tr(key)
	}
	return item
}

// checkSummary says which checks were ticked and which were not checked,
// for the inspector's banner ("" when there is no checklist).
func checkSummary(checks []returns.Check) string {
	var not []string
	for _, c := range checks {
		if !c.OK {
			not = append(not, checkWords(c.Item))
		}
	}
	switch {
	case len(checks) == 0:
		return ""
	case len(not) == 0:
		return tr("return.checks_all", "N", len(checks))
	}
	return tr("return.checks_some", "Done", len(checks)-len(not), "N", len(checks), "Missing", strings.Join(not, ", "))
}

// refundReasons are a proposed refund's reasons in the language on
// screen: units not received are worded here; a reason a person gave (a
// grade's note, a refusal) stays as typed.
func refundReasons(r *returns.Refund) []string {
	words := map[string]string{}
	for _, l := range r.Lines {
		if m := l.Qty - l.Received; m > 0 {
			words[returns.NotReceived(l.SKU, m, l.Qty)] = tr("return.not_received", "SKU", l.SKU, "Missing", m, "Qty", l.Qty)
		}
	}
	out := make([]string, len(r.Reasons))
	for i, reason := range r.Reasons {
		out[i] = reason
		if w, ok := words[reason]; ok {
			out[i] = w
		} else if note, ok := strings.CutPrefix(reason, returns.RefusedBy("")); ok {
			out[i] = tr("return.refused_by", "Note", note)
		} else {
			// "SKU-1: <the unit's decision note>"
			for _, l := range r.Lines {
				if note, ok := strings.CutPrefix(reason, l.SKU+": "); ok {
					out[i] = l.SKU + ": " + noteWords(note)
					break
				}
			}
		}
	}
	return out
}
