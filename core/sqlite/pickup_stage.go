package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
)

// StageResult is what one accepted staging scan or action did.
type StageResult struct {
	Effect  pickup.Effect
	Staging *pickup.Staging // the state afterwards
}

// StagingOrder finds the store-pickup order a scan at the staging screen
// names: its tote (as picked), its order label, or one of its bags.
func (db *DB) StagingOrder(ctx context.Context, s pickup.Scan) (string, error) {
	if s.Bag != nil {
		return s.Bag.OrderRef, nil
	}
	switch s.Code.Kind {
	case scan.KindOrder:
		return s.Code.ID, nil
	case scan.KindTote:
		var ref string
		err := db.sql.QueryRowContext(ctx, `SELECT o.external_id FROM totes t JOIN orders o ON o.id = t.order_id WHERE t.code = ?`, s.Code.ID).Scan(&ref)
		if isNoRows(err) {
			return "", core.Errorf(core.ENOTFOUND, "empty_tote", "Tote %s holds no order. Scan the order label or a bag instead.", s.Code.ID)
		}
		if err != nil {
			return "", fmt.Errorf("tote %s: %w", s.Code.ID, err)
		}
		return ref, nil
	}
	return "", core.Errorf(core.ECONFLICT, "unexpected_scan", "Scan the order's tote, its order label, or one of its bags.")
}

// Staging returns a store-pickup order's staging state.
func (db *DB) Staging(ctx context.Context, ref string) (*pickup.Staging, error) {
	var s *pickup.Staging
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		s, err = loadStaging(ctx, tx, ref)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("staging %s: %w", ref, err)
	}
	return s, nil
}

// StageBags says how many bags an order fills; print the tags of the
// Staging afterwards (pickup.Bag.Code on each).
func (db *DB) StageBags(ctx context.Context, ref string, staffID int64, n int) (StageResult, error) {
	return db.stageStep(ctx, ref, staffID, func(_ *sql.Tx, s *pickup.Staging) (pickup.Effect, error) { return s.SetBags(n) })
}

// StageScan applies one scan (a bag tag, a hold shelf, a typed bag count)
// to an order's staging. The change and its event commit together, or,
// when the scan is refused, nothing is written and the error says why.
func (db *DB) StageScan(ctx context.Context, ref string, staffID int64, sc pickup.Scan) (StageResult, error) {
	return db.stageStep(ctx, ref, staffID, func(tx *sql.Tx, s *pickup.Staging) (pickup.Effect, error) {
		in := pickup.StageInput{Scan: sc}
		if sc.Bag == nil && sc.Code.Kind == scan.KindBin {
			err := tx.QueryRowContext(ctx, "SELECT id, zone FROM bins WHERE code = ?", strings.ToUpper(sc.Code.ID)).Scan(&in.ShelfID, &in.ShelfZone)
			if err != nil && !isNoRows(err) {
				return pickup.Effect{}, err
			}
		}
		return s.Scan(in)
	})
}

func (db *DB) stageStep(ctx context.Context, ref string, staffID int64, decide func(*sql.Tx, *pickup.Staging) (pickup.Effect, error)) (StageResult, error) {
	var res StageResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		s, err := loadStaging(ctx, tx, ref)
		if err != nil {
			return err
		}
		e, err := decide(tx, s)
		if err != nil {
			return err
		}
		if err := db.persistStaging(ctx, tx, s, e, staffID); err != nil {
			return err
		}
		s.Apply(e)
		res = StageResult{Effect: e, Staging: s}
		return nil
	})
	if err != nil {
		return StageResult{}, fmt.Errorf("stage %s: %w", ref, err)
	}
	return res, nil
}

func (db *DB) persistStaging(ctx context.Context, tx *sql.Tx, s *pickup.Staging, e pickup.Effect, staffID int64) error {
	now := db.Now().Unix()
	exec := func(q string, args ...any) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}
	event := func(typ string, payload any) error {
		_, err := db.recordEvent(ctx, tx, typ, s.OrderRef, staffID, payload)
		return err
	}
	switch e.Kind {
	case pickup.EffectNone:
		return exec("UPDATE pickups SET bag_in_hand = 0 WHERE order_id = ?", s.OrderID)
	case pickup.EffectTagBags:
		if err := exec(`INSERT INTO pickups(order_id, bags) VALUES(?, ?)
			ON CONFLICT(order_id) DO UPDATE SET bags = excluded.bags, bag_in_hand = 0`, s.OrderID, e.Bags); err != nil {
			return err
		}
		if err := exec("DELETE FROM pickup_bags WHERE order_id = ? AND n > ?", s.OrderID, e.Bags); err != nil {
			return err
		}
		for n := 1; n <= e.Bags; n++ {
			if err := exec("INSERT OR IGNORE INTO pickup_bags(order_id, n) VALUES(?, ?)", s.OrderID, n); err != nil {
				return err
			}
		}
		return event(core.EventPickupBagsTagged, core.PickupBagsTagged{Bags: e.Bags})
	case pickup.EffectBagInHand:
		// Where the bag goes is the event; holding it is not.
		return exec("UPDATE pickups SET bag_in_hand = ? WHERE order_id = ?", e.Bag, s.OrderID)
	case pickup.EffectPlaceBag, pickup.EffectMoveBag:
		if err := exec("UPDATE pickup_bags SET shelf_id = ?, placed_at = ? WHERE order_id = ? AND n = ?", e.ShelfID, now, s.OrderID, e.Bag); err != nil {
			return err
		}
		if err := exec("UPDATE pickups SET bag_in_hand = 0 WHERE order_id = ?", s.OrderID); err != nil {
			return err
		}
		if e.Kind == pickup.EffectMoveBag {
			return event(core.EventPickupBagMoved, core.PickupBagMoved{Bag: e.Bag, From: e.FromShelf, To: e.ShelfCode})
		}
		if err := event(core.EventPickupBagStaged, core.PickupBagStaged{Bag: e.Bag, Shelf: e.ShelfCode}); err != nil {
			return err
		}
		if !e.Staged {
			return nil
		}
		return db.markStaged(ctx, tx, s, e, staffID)
	}
	return fmt.Errorf("unknown staging effect %q", e.Kind)
}

// markStaged makes the order ready for pickup: the hub tells the customer.
// The tote it was picked into is free again.
func (db *DB) markStaged(ctx context.Context, tx *sql.Tx, s *pickup.Staging, e pickup.Effect, staffID int64) error {
	now := db.Now().Unix()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'staged', updated_at = ? WHERE id = ? AND status = 'picked'", now, s.OrderID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE pickups SET staged_at = ? WHERE order_id = ?", now, s.OrderID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE totes SET order_id = NULL WHERE order_id = ?", s.OrderID); err != nil {
		return err
	}
	shelves := map[int]string{}
	for _, b := range s.Bags {
		shelves[b.N] = b.ShelfCode
	}
	shelves[e.Bag] = e.ShelfCode
	list := make([]core.BagShelf, 0, len(s.Bags))
	for n := 1; n <= len(s.Bags); n++ {
		list = append(list, core.BagShelf{Bag: n, Shelf: shelves[n]})
	}
	_, err := db.recordEvent(ctx, tx, core.EventOrderStaged, s.OrderRef, staffID, core.OrderStagedPayload{Bags: list})
	return err
}
