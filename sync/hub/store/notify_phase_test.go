package store

import (
	"fmt"
	"testing"
	"time"
)

// TestProgressWakesSpreadOverTheGap: locations whose progress commits in
// the same instant (one group commit holds every location's pushes) are
// woken spread over the gap, each within a gap of the commit, and a
// location stays on its phase: its next wake is exactly a gap later.
func TestProgressWakesSpreadOverTheGap(t *testing.T) {
	const gap = time.Second
	n := &changeNotifier{gap: gap}
	now := time.Date(2026, 11, 30, 12, 0, 0, 123e6, time.UTC)
	var buckets [10]int
	for i := 0; i < 50; i++ {
		loc := fmt.Sprintf("STORE-%03d", i)
		due := n.progressDue(loc, time.Time{}, now) // never woken: due at once but for its phase
		if due.Before(now) || !due.Before(now.Add(gap)) {
			t.Fatalf("%s: due %s after the commit, not within a gap", loc, due.Sub(now))
		}
		buckets[due.Sub(now)/(gap/10)]++
		if next := n.progressDue(loc, due, due.Add(time.Millisecond)); next.Sub(due) != gap {
			t.Fatalf("%s: woken at its phase, next due %s later, not a gap", loc, next.Sub(due))
		}
		recent := now.Add(-gap / 4) // woken a quarter gap ago: not before a gap since
		if due := n.progressDue(loc, recent, now); due.Before(recent.Add(gap)) || !due.Before(recent.Add(2*gap)) {
			t.Fatalf("%s: woken %s ago, due %s after that", loc, gap/4, due.Sub(recent))
		}
	}
	for i, b := range buckets {
		if b > 15 {
			t.Fatalf("%d of 50 locations due in the same tenth of the gap (%d): not spread %v", b, i, buckets)
		}
	}
	n.gap = 0
	if d := n.progressDue("A", now, now); !d.Equal(now) {
		t.Fatalf("no gap: due %s after the commit", d.Sub(now))
	}
}
