package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"github.com/stationhand/stationhand/core"
)

// settingUnclaimed lists, during a full re-pull, the orders the hub sent as
// open that this station has as picking: a claim the hub no longer holds
// (its database was restored from a backup older than the claim). If the
// hub also had a progress record of the order (a claim it released, with
// what to put back), applyProgress deals with it when that record comes; a
// restored hub may have none, and then the sweep that ends the re-pull
// puts the order back in the queue (releaseLostClaims).
const settingUnclaimed = "sync.full_pull_unclaimed"

func unclaimedOf(ctx context.Context, tx *sql.Tx) ([]string, error) {
	v, err := getSetting(ctx, tx, settingUnclaimed)
	if err != nil || v == "" {
		return nil, err
	}
	var refs []string
	if json.Unmarshal([]byte(v), &refs) != nil {
		return nil, nil // a damaged list only costs a later release
	}
	return refs, nil
}

func setUnclaimed(ctx context.Context, tx *sql.Tx, refs []string) error {
	v := ""
	if len(refs) > 0 {
		b, _ := json.Marshal(refs)
		v = string(b)
	}
	return setSetting(ctx, tx, settingUnclaimed, v)
}

// noteUnclaimed remembers, during a full re-pull, that the hub sent order
// ref as open while this station has it as picking.
func noteUnclaimed(ctx context.Context, tx *sql.Tx, ref string) error {
	var status string
	err := tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE external_id = ?", ref).Scan(&status)
	if isNoRows(err) || (err == nil && core.OrderStatus(status) != core.OrderPicking) {
		return nil
	}
	if err != nil {
		return err
	}
	refs, err := unclaimedOf(ctx, tx)
	if err != nil || slices.Contains(refs, ref) {
		return err
	}
	return setUnclaimed(ctx, tx, append(refs, ref))
}

// forgetUnclaimed drops ref from the list: the hub sent a progress record
// of it, which says who holds it now (applyProgress follows it).
func forgetUnclaimed(ctx context.Context, tx *sql.Tx, ref string) error {
	refs, err := unclaimedOf(ctx, tx)
	if err != nil || !slices.Contains(refs, ref) {
		return err
	}
	return setUnclaimed(ctx, tx, slices.DeleteFunc(refs, func(r string) bool { return r == ref }))
}

// releaseLostClaims, at the end of a full re-pull, puts back in the queue
// the orders the hub sent as open, with no progress record after, that
// this station still has as picking: unless this station is picking one
// itself or has events about it still to send (they take the hub there).
// Nothing was picked here for such an order, so nothing goes back here; the
// station that picked it (if it still has its events) sends its claim
// again and the order follows it.
func releaseLostClaims(ctx context.Context, tx *sql.Tx) error {
	refs, err := unclaimedOf(ctx, tx)
	if err != nil {
		return err
	}
	for _, ref := range refs {
		_, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'open' WHERE external_id = ?1 AND status = 'picking'
			AND NOT EXISTS (SELECT 1 FROM pick_batch_orders bo JOIN pick_batches b ON b.id = bo.batch_id
				WHERE bo.order_id = orders.id AND b.status = 'active')
			AND NOT EXISTS (SELECT 1 FROM events WHERE pushed = 0
				AND (order_ref = ?1 OR instr(',' || replace(order_ref, ' ', '') || ',', ',' || ?1 || ',') > 0))`, ref)
		if err != nil {
			return err
		}
	}
	return setUnclaimed(ctx, tx, nil)
}
