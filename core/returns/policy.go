package returns

import "fmt"

// Policy holds the fraud thresholds the business sets.
type Policy struct {
	// A parcel is suspicious when its weight differs from what was shipped
	// by more than WeightTolerancePct per cent and more than
	// WeightToleranceG grams (packaging alone varies by that much).
	WeightTolerancePct int `json:"weight_tolerance_pct"`
	WeightToleranceG   int `json:"weight_tolerance_g"`
	// A customer with FrequentReturns or more returns within FrequentDays
	// is flagged; 0 turns the check off.
	FrequentReturns int `json:"frequent_returns"`
	FrequentDays    int `json:"frequent_days"`
}

// DefaultPolicy is the policy a new store starts with.
var DefaultPolicy = Policy{WeightTolerancePct: 25, WeightToleranceG: 150, FrequentReturns: 5, FrequentDays: 90}

// WeightSuspicious reports whether a parcel weighing receivedG is far from
// expectedG. Nothing is judged when either is unknown (0).
func (p Policy) WeightSuspicious(receivedG, expectedG int) bool {
	if receivedG <= 0 || expectedG <= 0 {
		return false
	}
	diff := receivedG - expectedG
	if diff < 0 {
		diff = -diff
	}
	return diff > p.WeightToleranceG && diff*100 > p.WeightTolerancePct*expectedG
}

// Frequent reports whether n returns make a frequent returner.
func (p Policy) Frequent(n int) bool { return p.FrequentReturns > 0 && n >= p.FrequentReturns }

// FormatGrams writes a weight for people: "850 g", "1.25 kg".
func FormatGrams(g int) string {
	if g < 1000 {
		return fmt.Sprintf("%d g", g)
	}
	return fmt.Sprintf("%.2f kg", float64(g)/1000)
}
