package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
)

// Pull returns the next page of changes for terminal t's location after
// cursor: products, then bins, staff, stock, orders, the orders'
// progress and the location's returns, then the terminal's own refused
// events, at most limit records in all. It reads one snapshot,
// so a page never holds a record without what it refers to. The page's
// Changes.Cursor is where the next pull continues.
func (db *DB) Pull(ctx context.Context, t core.Terminal, cursorText string, limit int) (wire.PullResponse, error) {
	c, err := parseCursor(cursorText)
	if err == nil {
		err = c.check(db.Epoch(), t)
	}
	if err != nil {
		return wire.PullResponse{}, fmt.Errorf("pull for %s: %w", t.ID, err)
	}
	c.epoch, c.location = db.Epoch(), t.Location
	if limit <= 0 {
		limit = wire.DefaultPageLen
	}
	limit = min(limit, wire.MaxPageLen)
	select {
	case db.pulls <- struct{}{}:
		defer func() { <-db.pulls }()
	case <-ctx.Done():
		return wire.PullResponse{}, ctx.Err()
	}
	// Most pulls find nothing new: one statement tells, with no
	// transaction around it.
	counts := db.changes.counts(t.Location)
	heads, lastSSCC, err := db.streamHeads(ctx, nil, t)
	if err != nil {
		return wire.PullResponse{}, fmt.Errorf("pull for %s: %w", t.ID, err)
	}
	// What a long-poll's next check needs (waitcheck.go), as read now.
	db.memos.put(t, counts, heads)
	if err := c.ahead(heads); err != nil {
		return wire.PullResponse{}, fmt.Errorf("pull for %s: %w", t.ID, err)
	}
	if !c.behind(heads) {
		return wire.PullResponse{Changes: core.ChangeSet{Cursor: c.String()}, LastSSCC: lastSSCC}, nil
	}
	if c.reject >= heads[kindRejection] {
		// Nothing of its own to hear of: the page its location's other
		// terminals get (pullcache.go).
		p, err := db.pages.get(ctx, pageKey(c.epoch, t.Location, c, limit), heads, func() (streamPage, error) {
			return db.readStreams(ctx, t, c, limit)
		})
		if err != nil {
			return wire.PullResponse{}, fmt.Errorf("pull for %s: %w", t.ID, err)
		}
		after := c
		after.v = p.v
		res := wire.PullResponse{Changes: p.cs, Records: p.records, Remaining: p.remaining, More: p.remaining > 0, LastSSCC: lastSSCC}
		res.Changes.Cursor = after.String()
		return res, nil
	}
	var res wire.PullResponse
	err = db.read(ctx, func(tx *sql.Tx) error {
		res = wire.PullResponse{}
		cs := &res.Changes
		heads, _, err := db.streamHeads(ctx, tx, t)
		if err != nil {
			return err
		}
		room := limit
		for _, kind := range streamOrder {
			if room == 0 || c.v[kind] >= heads[kind] {
				continue
			}
			n, last, err := db.fetch(ctx, tx, cs, kind, streamLocation(kind, t.Location), c.v[kind], room)
			if err != nil {
				return fmt.Errorf("%s changes: %w", kind, err)
			}
			room -= n
			c.v[kind] = last
		}
		if room > 0 && c.reject < heads[kindRejection] {
			rej, err := db.rejections(ctx, tx, t.ID, c.reject, math.MaxInt64, room)
			if err != nil {
				return err
			}
			if len(rej) > 0 {
				cs.Rejections = rej
				c.reject = rej[len(rej)-1].Seq
				room -= len(rej)
			}
		}
		res.Records = limit - room
		res.Remaining, err = db.remaining(ctx, tx, t, c, heads)
		if err != nil {
			return err
		}
		res.More = res.Remaining > 0
		cs.Cursor = c.String()
		return nil
	})
	if err != nil {
		return wire.PullResponse{}, fmt.Errorf("pull for %s: %w", t.ID, err)
	}
	res.LastSSCC = lastSSCC
	return res, nil
}

// kindRejection names, in the heads streamHeads returns, the last of the
// terminal's refused events it is to be told about.
const kindRejection = "rejection"

// kindSSCC marks, in the rows streamHeads reads, the terminal's last SSCC.
const kindSSCC = "sscc"

// streamHeads returns the current version of each stream terminal t reads,
// and the SSCC of the last package the hub holds from t (kindSSCC), which
// every pull hands back so that a station rolled back to an older copy of
// its database never numbers a package with an SSCC it already used.
func (db *DB) streamHeads(ctx context.Context, tx *sql.Tx, t core.Terminal) (map[string]int64, string, error) {
	rows, err := db.query(ctx, tx, `SELECT location, kind, version FROM streams WHERE location = '' OR location = $1
		UNION ALL SELECT '', 'rejection', COALESCE(MAX(seq), 0) FROM events WHERE terminal_id = $2 AND notify = 1
		UNION ALL SELECT last_sscc, 'sscc', 0 FROM terminals WHERE id = $2`, t.Location, t.ID)
	if err != nil {
		return nil, "", fmt.Errorf("stream heads: %w", err)
	}
	defer rows.Close()
	heads := map[string]int64{}
	var lastSSCC string
	for rows.Next() {
		var l, kind string
		var v int64
		if err := rows.Scan(&l, &kind, &v); err != nil {
			return nil, "", err
		}
		switch {
		case kind == kindSSCC:
			lastSSCC = l
		case kind == kindRejection || l == streamLocation(kind, t.Location):
			heads[kind] = v
		}
	}
	return heads, lastSSCC, rows.Err()
}

// fetch appends up to limit records of one stream changed after version
// to cs, and returns how many and the version of the last.
func (db *DB) fetch(ctx context.Context, tx *sql.Tx, cs *core.ChangeSet, kind, loc string, after int64, limit int) (int, int64, error) {
	// Every query returns version, key, a text and a number.
	var q string
	switch kind {
	case kindProduct:
		q = `SELECT c.version, c.key, p.doc, 0 FROM changes c JOIN products p ON p.sku = c.key`
	case kindBin:
		q = `SELECT c.version, c.key, b.doc, 0 FROM changes c JOIN bins b ON b.location = c.location AND b.code = c.key`
	case kindStaff:
		q = `SELECT c.version, c.key, s.name || char(31) || s.badge || char(31) || s.roles || char(31) || s.pin_hash || char(31) || s.language, s.active
			FROM changes c JOIN staff s ON s.id = CAST(c.key AS BIGINT)`
	case kindStock:
		q = `SELECT c.version, c.key, s.bin || char(31) || s.sku, s.qty FROM changes c JOIN stock s ON s.location = c.location AND s.skey = c.key`
	case kindOrder:
		q = `SELECT c.version, c.key, o.status || char(31) || o.doc, 0 FROM changes c JOIN orders o ON o.external_id = c.key`
	case kindProgress:
		q = `SELECT c.version, c.key, o.status || char(31) || COALESCE(o.claimed_by, '') || char(31) || o.put_back || char(31) || o.decisions, 0 FROM changes c JOIN orders o ON o.external_id = c.key`
	case kindReturn:
		q = `SELECT c.version, c.key, r.doc, 0 FROM changes c JOIN returns r ON r.location = c.location AND r.rma = c.key`
	default:
		return 0, 0, fmt.Errorf("unknown stream %q", kind)
	}
	if db.d.name == "postgres" {
		q = strings.ReplaceAll(q, "char(31)", "chr(31)")
	}
	rows, err := db.query(ctx, tx, q+` WHERE c.location = $1 AND c.kind = $2 AND c.version > $3 ORDER BY c.version LIMIT $4`,
		loc, kind, after, limit)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	n, last := 0, after
	for rows.Next() {
		var version, num int64
		var key, text string
		if err := rows.Scan(&version, &key, &text, &num); err != nil {
			return 0, 0, err
		}
		n, last = n+1, version
		if err := decodeChange(cs, kind, key, text, num); err != nil {
			return 0, 0, fmt.Errorf("%s %s: %w", kind, key, err)
		}
	}
	return n, last, rows.Err()
}

// decodeChange appends one record, as fetch reads it, to cs.
func decodeChange(cs *core.ChangeSet, kind, key, text string, num int64) error {
	switch kind {
	case kindProduct:
		var p core.Product
		if err := json.Unmarshal([]byte(text), &p); err != nil {
			return err
		}
		cs.Products = append(cs.Products, p)
	case kindBin:
		var b core.Bin
		if err := json.Unmarshal([]byte(text), &b); err != nil {
			return err
		}
		cs.Bins = append(cs.Bins, b)
	case kindStaff:
		f := strings.Split(text, "\x1f")
		if len(f) != 5 {
			return fmt.Errorf("damaged staff record")
		}
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return err
		}
		cs.Staff = append(cs.Staff, core.StaffRecord{
			Staff:   core.Staff{ID: id, Name: f[0], Badge: f[1], Roles: splitRoles(f[2]), Language: f[4]},
			PINHash: f[3], Active: num == 1,
		})
	case kindStock:
		bin, sku, _ := strings.Cut(text, "\x1f")
		cs.Stock = append(cs.Stock, core.StockRecord{BinCode: bin, SKU: sku, Qty: int(num)})
	case kindProgress:
		status, rest, _ := strings.Cut(text, "\x1f")
		claimed, rest, _ := strings.Cut(rest, "\x1f")
		putBack, decisions, _ := strings.Cut(rest, "\x1f")
		p := core.OrderProgress{ExternalID: key, Status: core.OrderStatus(status), ClaimedBy: claimed}
		if putBack != "" {
			if err := json.Unmarshal([]byte(putBack), &p.PutBack); err != nil {
				return fmt.Errorf("put-back of %s: %w", key, err)
			}
		}
		if decisions != "" {
			if err := json.Unmarshal([]byte(decisions), &p.Decisions); err != nil {
				return fmt.Errorf("decisions of %s: %w", key, err)
			}
		}
		cs.Progress = append(cs.Progress, p)
	case kindReturn:
		var r core.Return
		if err := json.Unmarshal([]byte(text), &r); err != nil {
			return err
		}
		cs.Returns = append(cs.Returns, r)
	case kindOrder:
		status, doc, _ := strings.Cut(text, "\x1f")
		if core.OrderStatus(status) == core.OrderCancelled {
			cs.CancelledOrders = append(cs.CancelledOrders, key)
			return nil
		}
		o, err := decodeOrder(doc, status)
		if err != nil {
			return err
		}
		cs.Orders = append(cs.Orders, o)
	}
	return nil
}

// remaining counts the records still to pull after cursor c.
func (db *DB) remaining(ctx context.Context, tx *sql.Tx, t core.Terminal, c cursor, heads map[string]int64) (int, error) {
	total := 0
	for _, kind := range streamOrder {
		if c.v[kind] >= heads[kind] {
			continue
		}
		var n int
		err := db.queryRow(ctx, tx, "SELECT COUNT(*) FROM changes WHERE location = $1 AND kind = $2 AND version > $3",
			streamLocation(kind, t.Location), kind, c.v[kind]).Scan(&n)
		if err != nil {
			return 0, err
		}
		total += n
	}
	if c.reject >= heads[kindRejection] {
		return total, nil
	}
	var n int
	err := db.queryRow(ctx, tx, "SELECT COUNT(*) FROM events WHERE terminal_id = $1 AND notify = 1 AND seq > $2", t.ID, c.reject).Scan(&n)
	return total + n, err
}
