package pickup

import (
	"fmt"
	"time"

	"github.com/stationhand/stationhand/core"
)

// EffectKind says what an accepted scan or action changes.
type EffectKind string

// Effects of the three machines.
const (
	EffectNone EffectKind = "" // accepted, nothing to record

	// Staging.
	EffectTagBags   EffectKind = "tag_bags"    // the order is packed in Effect.Bags bags: print their tags
	EffectBagInHand EffectKind = "bag_in_hand" // a bag was scanned: scan its shelf next
	EffectPlaceBag  EffectKind = "place_bag"   // a bag is on a hold shelf; Effect.Staged when it was the last
	EffectMoveBag   EffectKind = "move_bag"    // a staged bag moved to another hold shelf

	// Handoff.
	EffectArrive    EffectKind = "arrive"     // the customer is here (counter or curbside)
	EffectCurbside  EffectKind = "curbside"   // the customer waits at a curbside bay
	EffectWrongCode EffectKind = "wrong_code" // a wrong pickup code: recorded, then reported with Effect.Err
	EffectVerify    EffectKind = "verify"     // the customer is verified
	EffectHandBag   EffectKind = "hand_bag"   // a bag was scanned out to the customer
	EffectRefuse    EffectKind = "refuse"     // the customer refuses units of a line
	EffectComplete  EffectKind = "complete"   // the handoff is recorded: the order is collected
	EffectAbandon   EffectKind = "abandon"    // the handoff stopped: verification, scans and refusals forgotten
	EffectUnlock    EffectKind = "unlock"     // a supervisor released a locked order

	// Expiry and return to stock.
	EffectExpire     EffectKind = "expire"      // not collected in time: every unit is to restock
	EffectRestockBin EffectKind = "restock_bin" // the person is at this bin
	EffectRestock    EffectKind = "restock"     // units went back into the bin
)

// Effect is the change an accepted input makes. The store persists it with
// its event in one transaction, then calls the machine's Apply.
type Effect struct {
	Kind EffectKind

	Bag       int    // bag number
	Bags      int    // EffectTagBags: how many bags
	ShelfID   int64  // the hold shelf (staging) or bin (restock)
	ShelfCode string //
	FromShelf string // EffectMoveBag: where the bag was
	Staged    bool   // EffectPlaceBag: every bag is on a shelf now

	Attempts int  // EffectWrongCode: wrong codes so far, this one included
	Lock     bool // EffectWrongCode: this one locks the order

	Verification Verification // EffectVerify
	Curbside     Curbside     // EffectCurbside

	LineID  int64  // EffectRefuse
	TaskID  int64  // EffectRestock
	Qty     int    // EffectRefuse, EffectRestock
	Reason  string // EffectRefuse
	Refused []Refusal
	By      int64 // EffectUnlock: the supervisor who released the order
	At      time.Time
}

// Err is the error to report after an effect that is committed although
// the input was wrong: a wrong pickup code counts even though it is refused.
// It is nil for every other effect.
func (e Effect) Err() error {
	if e.Kind != EffectWrongCode {
		return nil
	}
	if e.Lock {
		return core.Errorf(core.EFORBIDDEN, core.ErrPickupLocked.Reason,
			"%d wrong pickup codes: this order is locked. Call a supervisor to release it with their PIN.", e.Attempts)
	}
	left := MaxWrongCodes - e.Attempts
	tries := "tries"
	if left == 1 {
		tries = "try"
	}
	return core.Explained(core.ECONFLICT, core.ErrWrongPickupCode.Reason,
		fmt.Sprintf("Wrong pickup code. %d %s left before the order locks. Ask the customer for the code in their confirmation, or check their ID.", left, tries), left)
}
