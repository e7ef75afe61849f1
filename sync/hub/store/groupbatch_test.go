package store_test

import (
	"errors"
	"fmt"
	gosync "sync"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// Terminals that push at the same moment share a group commit; on SQLite
// the group is applied in a few multi-row statements. Each push must still
// be judged after the ones before it (one claim of an order wins), fail
// alone (a sequence gap), and be answered as if it ran by itself.
func TestPushesOfOneGroupAreJudgedInTurn(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		db := b.Open(t)
		hubtest.Seed(t, db, "L1", 4)
		contested := hubtest.Order("L1", 0).ExternalID
		const n = 40
		terms := make([]core.Terminal, n)
		for i := range terms {
			terms[i], _ = enroll(t, db, "L1", fmt.Sprint("Pick ", i))
		}
		other, _ := enroll(t, db, "L1", "Other orders")
		winner := -1
		for round := 0; round < 3; round++ {
			type answer struct {
				rejected int
				err      error
			}
			answers := make([]answer, n+1)
			var wg gosync.WaitGroup
			for i := 0; i <= n; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					seq := int64(round + 1)
					term, ev := other, event(seq, core.EventPickClaimed, hubtest.Order("L1", round+1).ExternalID)
					if i < n {
						term, ev = terms[i], event(seq, core.EventPickClaimed, contested)
						if i == 7 {
							ev.Seq += 5 // a gap: refused alone
						}
					}
					res, err := db.Push(ctx, term, []core.Event{ev})
					answers[i] = answer{len(res.Rejections), err}
				}()
			}
			wg.Wait()
			// The first claim of the contested order wins; the winner's
			// later claims are its own, everyone else's are refused.
			var won []int
			for i, a := range answers {
				switch {
				case i == 7:
					if !errors.Is(a.err, store.ErrSeqGap) {
						t.Fatalf("round %d: the push with a gap: %v, want a sequence gap", round, a.err)
					}
				case a.err != nil:
					t.Fatalf("round %d: push %d: %v", round, i, a.err)
				case i < n && a.rejected == 0:
					won = append(won, i)
				}
			}
			if len(won) != 1 || (winner >= 0 && won[0] != winner) {
				t.Fatalf("round %d: the claims of %s by terminals %v applied, want one (terminal %d after the first round)", round, contested, won, winner)
			}
			winner = won[0]
		}
		states, err := db.OrderStates(ctx, "L1")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range states {
			if want := map[bool]string{true: terms[winner].ID, false: other.ID}[s.ExternalID == contested]; s.ClaimedBy != want {
				t.Errorf("order %s claimed by %q, want %q", s.ExternalID, s.ClaimedBy, want)
			}
		}
		if store.BatchedGroups(db) == 0 {
			t.Errorf("no group of pushes was applied in multi-row statements")
		}
	})
}
