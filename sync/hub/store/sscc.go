package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sscc"
)

// The hub remembers the highest SSCC each terminal used
// (terminals.last_sscc), from the "sscc" of its pack.package_closed events,
// refused ones included: a refused package was still labelled. A terminal
// numbers its packages upwards through its range, and SSCCs are 18 digits,
// so the highest is the greatest string. It is the highest, not the latest:
// a terminal rolled back to an older copy of its database may push a lower
// SSCC again before it learns better, and must not pull the mark down with
// it. A terminal learns the mark from Whoami, push and pull answers and
// numbers on after it. (A terminal moved to a range under a lower prefix
// gets no help from a mark in its old range; ranges rarely change.)

// highestSSCCOf returns the highest well-formed SSCC of the package_closed
// events of evs, or "".
func highestSSCCOf(evs []core.Event) string {
	var best string
	for _, ev := range evs {
		if ev.Type != core.EventPackPackageClosed {
			continue
		}
		var p struct {
			SSCC string `json:"sscc"`
		}
		if json.Unmarshal(ev.Payload, &p) == nil && sscc.Valid(p.SSCC) && p.SSCC > best {
			best = p.SSCC
		}
	}
	return best
}

// saveLastSSCC raises, inside the push's transaction, the terminal's mark
// to the highest SSCC of the fresh events evs, and returns the mark; a push
// without a package costs nothing and returns "".
func (db *DB) saveLastSSCC(ctx context.Context, tx *sql.Tx, terminalID string, evs []core.Event) (string, error) {
	code := highestSSCCOf(evs)
	if code == "" {
		return "", nil
	}
	if _, err := db.exec(ctx, tx, "UPDATE terminals SET last_sscc = $1 WHERE id = $2 AND last_sscc < $1", code, terminalID); err != nil {
		return "", fmt.Errorf("record last SSCC: %w", err)
	}
	return db.lastSSCCTx(ctx, tx, terminalID)
}

// LastSSCC returns the highest SSCC the hub holds from a
// terminal, "" if none.
func (db *DB) LastSSCC(ctx context.Context, terminalID string) (string, error) {
	var code string
	err := db.sql.QueryRowContext(ctx, "SELECT last_sscc FROM terminals WHERE id = $1", terminalID).Scan(&code)
	if isNoRows(err) {
		return "", ErrUnknownToken
	}
	if err != nil {
		return "", fmt.Errorf("last SSCC of %s: %w", terminalID, err)
	}
	return code, nil
}

// lastSSCCTx is LastSSCC inside tx.
func (db *DB) lastSSCCTx(ctx context.Context, tx *sql.Tx, terminalID string) (string, error) {
	var code string
	if err := db.queryRow(ctx, tx, "SELECT last_sscc FROM terminals WHERE id = $1", terminalID).Scan(&code); err != nil {
		return "", fmt.Errorf("last SSCC of %s: %w", terminalID, err)
	}
	return code, nil
}
