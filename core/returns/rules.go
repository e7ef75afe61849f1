package returns

import (
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// Rule is one row of the disposition table the business configures: when a
// returned item matches its conditions, it says what happens to the item and
// how much of its price goes back to the customer. Empty conditions match
// anything. Rules are tried in order; the first that matches decides.
type Rule struct {
	ID       int64      `json:"id"`
	Reason   string     `json:"reason,omitempty"`   // the customer's reason key; "" any
	Grade    core.Grade `json:"grade,omitempty"`    // 0 any
	Category string     `json:"category,omitempty"` // product category, case-insensitive; "" any
	// MinDays and MaxDays bound the days since delivery, both inclusive;
	// MaxDays 0 means no upper bound.
	MinDays     int              `json:"min_days,omitempty"`
	MaxDays     int              `json:"max_days,omitempty"`
	Disposition core.Disposition `json:"disposition"`
	RefundPct   int              `json:"refund_pct"`     // 100 full, 0 none, between: partial
	Note        string           `json:"note,omitempty"` // why: shown to the inspector, sent as the partial refund's reason
}

// Facts are what the rules look at for one item.
type Facts struct {
	Reason   string
	Grade    core.Grade
	Category string
	Days     int // since delivery
}

// Matches reports whether the rule applies to f.
func (r Rule) Matches(f Facts) bool {
	return (r.Reason == "" || r.Reason == f.Reason) &&
		(r.Grade == core.GradeNone || r.Grade == f.Grade) &&
		(r.Category == "" || strings.EqualFold(r.Category, f.Category)) &&
		f.Days >= r.MinDays && (r.MaxDays == 0 || f.Days <= r.MaxDays)
}

// Validate reports what is wrong with a rule, in words for the person
// editing the table.
func (r Rule) Validate() error {
	switch {
	case r.Grade != core.GradeNone && !r.Grade.Valid():
		return core.Errorf(core.EINVALID, "bad_rule", "Grade %d is not on the scale 1 to 5.", r.Grade)
	case !r.Disposition.Valid():
		return core.Errorf(core.EINVALID, "bad_rule", "%q is not a disposition.", r.Disposition)
	case r.RefundPct < 0 || r.RefundPct > 100:
		return core.Errorf(core.EINVALID, "bad_rule", "A refund is 0 to 100 per cent, not %d.", r.RefundPct)
	case r.MinDays < 0 || r.MaxDays < 0 || (r.MaxDays != 0 && r.MaxDays < r.MinDays):
		return core.Explained(core.EINVALID, "bad_rule", fmt.Sprintf("Days since delivery %d to %d is not a range.", r.MinDays, r.MaxDays))
	case r.RefundPct > 0 && r.RefundPct < 100 && strings.TrimSpace(r.Note) == "":
		return core.Errorf(core.EINVALID, "bad_rule", "A partial refund needs a note saying why.")
	}
	return nil
}

// Rules is the disposition table, in the order rules are tried.
type Rules []Rule

// Decision is what the rules say about one item.
type Decision struct {
	RuleID      int64            `json:"rule_id,omitempty"`
	Disposition core.Disposition `json:"disposition"`
	RefundPct   int              `json:"refund_pct"`
	Note        string           `json:"note,omitempty"`
	Matched     bool             `json:"matched"` // false: no rule applied, the item is held for a supervisor
}

// Decide returns the decision of the first rule that matches f. When none
// does, the item is held for a supervisor with no refund: a gap in the
// table must never refund by accident.
func (rs Rules) Decide(f Facts) Decision {
	for _, r := range rs {
		if r.Matches(f) {
			return Decision{RuleID: r.ID, Disposition: r.Disposition, RefundPct: r.RefundPct, Note: r.Note, Matched: true}
		}
	}
	return Decision{Disposition: core.DispositionHold, Note: NoRuleNote}
}

// Validate checks every rule.
func (rs Rules) Validate() error {
	for i, r := range rs {
		if err := r.Validate(); err != nil {
			return core.Explained(core.EINVALID, "bad_rule", fmt.Sprintf("Rule %d: %s", i+1, core.ErrorMessage(err)), i+1, err)
		}
	}
	return nil
}

// NoRuleNote is the note of the decision when no rule matches; a screen
// that words notes in another language recognises it by this text.
const NoRuleNote = "No disposition rule matches this item: a supervisor decides."

// FlaggedNote is the note of the decision holding a flagged unit; a
// screen that words notes in another language recognises it by this text.
func FlaggedNote(f core.ReturnFlag) string {
	return "Flagged: " + f.Label() + ". No refund for this unit; a supervisor decides."
}

// ReturnWindowDays is the default rules' return window.
const ReturnWindowDays = 30

// DefaultRules is the table a new store starts with (the store's first
// migration seeds the same rows). Reading it top to bottom: late returns get
// no refund; defects and transit damage go back to the vendor at full
// refund; sealed items are restocked; opened food and cosmetics are
// disposed of; opened electronics are refurbished; the rest by grade.
func DefaultRules() Rules {
	return Rules{
		{ID: 1, MinDays: ReturnWindowDays + 1, Grade: core.GradeNewSealed, Disposition: core.DispositionRestock, RefundPct: 0, Note: "Returned after the 30-day window: no refund"},
		{ID: 2, MinDays: ReturnWindowDays + 1, Disposition: core.DispositionLiquidate, RefundPct: 0, Note: "Returned after the 30-day window: no refund"},
		{ID: 3, Reason: core.ReasonDefective, Disposition: core.DispositionReturnToVendor, RefundPct: 100, Note: "Defective: back to the vendor"},
		{ID: 4, Reason: core.ReasonArrivedDamaged, Disposition: core.DispositionReturnToVendor, RefundPct: 100, Note: "Damaged in transit: vendor or carrier claim"},
		{ID: 5, Grade: core.GradeNewSealed, Disposition: core.DispositionRestock, RefundPct: 100},
		{ID: 6, Category: "Grocery", Disposition: core.DispositionDispose, RefundPct: 0, Note: "Opened food cannot be resold: no refund"},
		{ID: 7, Category: "Beauty", Disposition: core.DispositionDispose, RefundPct: 0, Note: "Opened cosmetics cannot be resold: no refund"},
		{ID: 8, Category: "Electronics", Grade: core.GradeLikeNew, Disposition: core.DispositionRefurbish, RefundPct: 100, Note: "Opened electronics: test and reset before resale"},
		{ID: 9, Grade: core.GradeLikeNew, Disposition: core.DispositionRestock, RefundPct: 100},
		{ID: 10, Grade: core.GradeUsed, Disposition: core.DispositionLiquidate, RefundPct: 50, Note: "Used: half refund"},
		{ID: 11, Grade: core.GradeDamaged, Disposition: core.DispositionDispose, RefundPct: 0, Note: "Damaged after delivery: no refund"},
		{ID: 12, Grade: core.GradeMissingParts, Disposition: core.DispositionRefurbish, RefundPct: 50, Note: "Parts missing: half refund"},
	}
}
