package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// Claim is an order a terminal holds for picking.
type Claim struct {
	ExternalID   string           `json:"external_id"`
	Location     string           `json:"location"`
	Status       core.OrderStatus `json:"status"`
	TerminalID   string           `json:"terminal_id"`
	TerminalName string           `json:"terminal_name"`
	Revoked      bool             `json:"revoked"` // the holder's token was revoked (its claims should be released)
}

// Claims lists the orders claimed by a terminal, of one location or of all
// for "".
func (db *DB) Claims(ctx context.Context, location string) ([]Claim, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT o.external_id, o.location, o.status, o.claimed_by, COALESCE(t.name, ''), t.revoked_at IS NOT NULL
		FROM orders o LEFT JOIN terminals t ON t.id = o.claimed_by
		WHERE o.claimed_by IS NOT NULL AND ($1 = '' OR o.location = $1) ORDER BY o.location, o.external_id`, location)
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	defer rows.Close()
	var out []Claim
	for rows.Next() {
		var c Claim
		if err := rows.Scan(&c.ExternalID, &c.Location, &c.Status, &c.TerminalID, &c.TerminalName, &c.Revoked); err != nil {
			return nil, fmt.Errorf("claims: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ReleaseClaim takes an order's claim back from the terminal holding it (a
// supervisor's tool, when a terminal broke mid-pick): the order goes back
// to the queue, what was picked for it becomes a put-back that the
// location's terminals pull with the order's progress.
func (db *DB) ReleaseClaim(ctx context.Context, externalID string) (Claim, error) {
	var c Claim
	err := db.write(ctx, func(tx *sql.Tx) error {
		var claimed sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT location, status, claimed_by FROM orders WHERE external_id = $1"+db.d.forUpdate, externalID).
			Scan(&c.Location, &c.Status, &claimed)
		if isNoRows(err) {
			return core.Errorf(core.ENOTFOUND, "unknown_order", "There is no order %s at this hub.", externalID)
		}
		if err != nil {
			return err
		}
		if !claimed.Valid {
			return core.Errorf(core.ECONFLICT, "not_claimed", "Order %s is not claimed by any terminal.", externalID)
		}
		c.ExternalID, c.TerminalID = externalID, claimed.String
		return db.releaseClaims(ctx, tx, c.Location, []heldOrder{{ref: externalID, status: c.Status, holder: claimed.String}})
	})
	if err != nil {
		return Claim{}, fmt.Errorf("release claim of %s: %w", externalID, err)
	}
	return c, nil
}

type heldOrder struct {
	ref, holder string
	status      core.OrderStatus
}

// releaseTerminalClaims releases every claim a terminal holds (it is being
// revoked).
func (db *DB) releaseTerminalClaims(ctx context.Context, tx *sql.Tx, terminalID string) error {
	rows, err := tx.QueryContext(ctx, "SELECT external_id, location, status FROM orders WHERE claimed_by = $1 ORDER BY external_id"+db.d.forUpdate, terminalID)
	if err != nil {
		return err
	}
	byLoc := map[string][]heldOrder{}
	for rows.Next() {
		var h heldOrder
		var loc string
		if err := rows.Scan(&h.ref, &loc, &h.status); err != nil {
			rows.Close()
			return err
		}
		h.holder = terminalID
		byLoc[loc] = append(byLoc[loc], h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for loc, held := range byLoc {
		if err := db.releaseClaims(ctx, tx, loc, held); err != nil {
			return err
		}
	}
	return nil
}

// releaseClaims takes the claims of orders of one location back: each goes
// where core.Release says, with the units its holder picked for it (from
// the holder's applied events) as its put-back, and the location's
// terminals pull the change as progress.
func (db *DB) releaseClaims(ctx context.Context, tx *sql.Tx, location string, held []heldOrder) error {
	var keys []string
	for _, h := range held {
		p := core.Release(core.OrderProgress{ExternalID: h.ref, Status: h.status, ClaimedBy: h.holder})
		putBack := ""
		if h.status == core.OrderPicking {
			items, err := db.pickedBy(ctx, tx, h.holder, h.ref)
			if err != nil {
				return err
			}
			if len(items) > 0 {
				b, _ := json.Marshal(items)
				putBack = string(b)
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE orders SET status = $1, claimed_by = NULL, put_back = $2, updated_at = $3 WHERE external_id = $4",
			string(p.Status), putBack, db.now(), h.ref)
		if err != nil {
			return err
		}
		keys = append(keys, h.ref)
	}
	return db.bump(ctx, tx, location, kindProgress, keys)
}

// pickedBy returns what a terminal's applied events say it picked for an
// order and did not undo, by product and bin.
func (db *DB) pickedBy(ctx context.Context, tx *sql.Tx, terminalID, ref string) ([]core.PutBackItem, error) {
	rows, err := tx.QueryContext(ctx, `SELECT type, payload FROM events WHERE terminal_id = $1 AND order_id = $2 AND rejected = 0
		AND type IN ($3, $4) ORDER BY seq`, terminalID, ref, core.EventPickItemPicked, core.EventPickUndone)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	qty := map[[2]string]int{}
	for rows.Next() {
		var typ, payload string
		if err := rows.Scan(&typ, &payload); err != nil {
			return nil, err
		}
		var p struct {
			SKU    string `json:"sku"`
			Bin    string `json:"bin"`
			Qty    int    `json:"qty"`
			Undone string `json:"undone"`
		}
		if json.Unmarshal([]byte(payload), &p) != nil || p.SKU == "" || p.Qty <= 0 {
			continue
		}
		key := [2]string{p.SKU, p.Bin}
		switch {
		case typ == core.EventPickItemPicked:
			qty[key] += p.Qty
		case p.Undone == "pick":
			qty[key] -= p.Qty
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var items []core.PutBackItem
	for k, n := range qty {
		if n > 0 {
			items = append(items, core.PutBackItem{SKU: k[0], Bin: k[1], Qty: n})
		}
	}
	sort.Slice(items, func(i, j int) bool {
		return strings.Compare(items[i].Bin+"\x00"+items[i].SKU, items[j].Bin+"\x00"+items[j].SKU) < 0
	})
	return items, nil
}
