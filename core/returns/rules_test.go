package returns

import (
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestDefaultRulesDecide(t *testing.T) {
	rules := DefaultRules()
	if err := rules.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    Facts
		want core.Disposition
		pct  int
		rule int64
	}{
		{"sealed, changed mind", Facts{core.ReasonChangedMind, core.GradeNewSealed, "Apparel", 3}, core.DispositionRestock, 100, 5},
		{"sealed on the last day", Facts{core.ReasonWrongSize, core.GradeNewSealed, "Home", 30}, core.DispositionRestock, 100, 5},
		{"sealed, one day late", Facts{core.ReasonWrongSize, core.GradeNewSealed, "Home", 31}, core.DispositionRestock, 0, 1},
		{"used and late", Facts{core.ReasonChangedMind, core.GradeUsed, "Toys", 90}, core.DispositionLiquidate, 0, 2},
		{"defective, whatever the grade", Facts{core.ReasonDefective, core.GradeDamaged, "Electronics", 10}, core.DispositionReturnToVendor, 100, 3},
		{"arrived damaged", Facts{core.ReasonArrivedDamaged, core.GradeDamaged, "Home", 1}, core.DispositionReturnToVendor, 100, 4},
		{"defective but late", Facts{core.ReasonDefective, core.GradeUsed, "Electronics", 45}, core.DispositionLiquidate, 0, 2},
		{"opened food", Facts{core.ReasonChangedMind, core.GradeLikeNew, "Grocery", 2}, core.DispositionDispose, 0, 6},
		{"sealed food", Facts{core.ReasonChangedMind, core.GradeNewSealed, "grocery", 2}, core.DispositionRestock, 100, 5},
		{"opened cosmetics", Facts{core.ReasonNotAsDescribed, core.GradeUsed, "Beauty", 5}, core.DispositionDispose, 0, 7},
		{"opened electronics", Facts{core.ReasonChangedMind, core.GradeLikeNew, "Electronics", 5}, core.DispositionRefurbish, 100, 8},
		{"category matched case-blind", Facts{core.ReasonChangedMind, core.GradeLikeNew, "ELECTRONICS", 5}, core.DispositionRefurbish, 100, 8},
		{"opened like new", Facts{core.ReasonWrongSize, core.GradeLikeNew, "Apparel", 5}, core.DispositionRestock, 100, 9},
		{"used", Facts{core.ReasonChangedMind, core.GradeUsed, "Apparel", 5}, core.DispositionLiquidate, 50, 10},
		{"damaged by the customer", Facts{core.ReasonChangedMind, core.GradeDamaged, "Toys", 5}, core.DispositionDispose, 0, 11},
		{"missing parts", Facts{core.ReasonNotAsDescribed, core.GradeMissingParts, "Toys", 5}, core.DispositionRefurbish, 50, 12},
		{"unexpected return, sealed", Facts{core.ReasonUnexpected, core.GradeNewSealed, "Toys", 0}, core.DispositionRestock, 100, 5},
		{"not graded: no rule", Facts{core.ReasonChangedMind, core.GradeNone, "Toys", 5}, core.DispositionHold, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := rules.Decide(tt.f)
			if d.Disposition != tt.want || d.RefundPct != tt.pct || d.RuleID != tt.rule {
				t.Fatalf("Decide(%+v) = %+v, want %s %d%% by rule %d", tt.f, d, tt.want, tt.pct, tt.rule)
			}
			if d.Matched != (tt.rule != 0) {
				t.Fatalf("matched = %v", d.Matched)
			}
			if d.RefundPct > 0 && d.RefundPct < 100 && d.Note == "" {
				t.Fatal("a partial refund without a reason")
			}
		})
	}
}

func TestRuleOrderDecides(t *testing.T) {
	rules := Rules{
		{ID: 1, Category: "Toys", Disposition: core.DispositionDispose},
		{ID: 2, Disposition: core.DispositionRestock, RefundPct: 100},
	}
	if d := rules.Decide(Facts{Grade: core.GradeNewSealed, Category: "Toys"}); d.RuleID != 1 {
		t.Fatalf("first matching rule must win: %+v", d)
	}
	if d := rules.Decide(Facts{Grade: core.GradeNewSealed, Category: "Home"}); d.RuleID != 2 {
		t.Fatalf("catch-all: %+v", d)
	}
	if d := (Rules{}).Decide(Facts{Grade: core.GradeUsed}); d.Matched || d.Disposition != core.DispositionHold || d.RefundPct != 0 {
		t.Fatalf("an empty table must hold without refund: %+v", d)
	}
}

func TestRuleValidate(t *testing.T) {
	tests := []struct {
		name string
		r    Rule
		ok   bool
	}{
		{"fine", Rule{Grade: core.GradeUsed, Disposition: core.DispositionLiquidate, RefundPct: 50, Note: "used"}, true},
		{"catch-all", Rule{Disposition: core.DispositionHold}, true},
		{"grade off the scale", Rule{Grade: 7, Disposition: core.DispositionRestock}, false},
		{"unknown disposition", Rule{Disposition: "burn"}, false},
		{"refund over 100", Rule{Disposition: core.DispositionRestock, RefundPct: 120}, false},
		{"negative refund", Rule{Disposition: core.DispositionRestock, RefundPct: -1}, false},
		{"days backwards", Rule{Disposition: core.DispositionRestock, MinDays: 10, MaxDays: 5}, false},
		{"partial without a reason", Rule{Disposition: core.DispositionLiquidate, RefundPct: 40}, false},
	}
	for _, tt := range tests {
		if err := tt.r.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v", tt.name, err)
		} else if err != nil && core.ErrorCode(err) != core.EINVALID {
			t.Errorf("%s: code %s", tt.name, core.ErrorCode(err))
		}
	}
}

func TestRuleDaysRange(t *testing.T) {
	r := Rule{MinDays: 8, MaxDays: 14, Disposition: core.DispositionRestock}
	for days, want := range map[int]bool{0: false, 7: false, 8: true, 14: true, 15: false} {
		if got := r.Matches(Facts{Days: days}); got != want {
			t.Errorf("day %d: matches %v, want %v", days, got, want)
		}
	}
}

func TestWeightSuspicious(t *testing.T) {
	p := DefaultPolicy // 25 % and 150 g
	tests := []struct {
		got, want int
		bad       bool
	}{
		{0, 500, false},     // not weighed
		{500, 0, false},     // nothing to compare with
		{500, 500, false},   // exact
		{620, 500, false},   // +24 %
		{640, 500, false},   // +28 %, but 140 g is within the packaging allowance
		{700, 500, true},    // +40 %, 200 g
		{300, 500, true},    // a brick swapped for a lighter thing
		{100, 200, false},   // -50 % but only 100 g: packaging
		{9000, 8000, false}, // +12.5 %
		{12000, 8000, true}, // +50 %
	}
	for _, tt := range tests {
		if got := p.WeightSuspicious(tt.got, tt.want); got != tt.bad {
			t.Errorf("%d g against %d g: suspicious %v, want %v", tt.got, tt.want, got, tt.bad)
		}
	}
}
