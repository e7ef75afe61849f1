package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
)

// PickupEntry is a store-pickup order as the counter sees it: whose it is,
// where its bags are, and how long its customer has been waiting.
type PickupEntry struct {
	Ref        string
	Customer   string
	AltPickup  string
	Phone      string
	Status     core.OrderStatus
	Bags       int
	Shelves    []string // where its bags are
	PromisedAt time.Time
	StagedAt   time.Time // ready for pickup since; zero before
	ArrivedAt  time.Time // the customer is here since; zero before
	Bay, Car   string    // curbside: where the customer waits
	Locked     bool      // too many wrong pickup codes
	Overdue    bool      // staged longer than the collection window: on the expired list
}

// Curbside reports whether the customer waits at a curbside bay.
func (e PickupEntry) Curbside() bool { return e.Bay != "" }

// Waiting returns how long the customer has been waiting at the store, or
// 0 when they have not arrived.
func (e PickupEntry) Waiting(now time.Time) time.Duration {
	if e.ArrivedAt.IsZero() || now.Before(e.ArrivedAt) {
		return 0
	}
	return now.Sub(e.ArrivedAt)
}

// MaxSearchResults is the most orders a search returns.
const MaxSearchResults = 20

// PickupQueue lists the store-pickup orders still to hand over: customers
// waiting at the store first (longest wait first), then orders to stage
// (most urgent first), then orders on the hold shelves (longest ready
// first).
func (db *DB) PickupQueue(ctx context.Context) ([]PickupEntry, error) {
	list, err := db.pickupEntries(ctx, ordersWhere(`o.status IN ('picked', 'staged') AND o.fulfillment = 'store_pickup'`, "o.promised_at, o.id", 0), "o.promised_at, o.id")
	if err != nil {
		return nil, fmt.Errorf("pickup queue: %w", err)
	}
	rank := func(e PickupEntry) int {
		switch {
		case !e.ArrivedAt.IsZero() && e.Status == core.OrderStaged:
			return 0
		case e.Status == core.OrderPicked:
			return 1
		}
		return 2
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		switch rank(a) {
		case 0:
			return a.ArrivedAt.Before(b.ArrivedAt)
		case 2:
			return a.StagedAt.Before(b.StagedAt)
		}
		return false // to stage: already by promise
	})
	return list, nil
}

// PickupsByCode finds the store-pickup orders with this pickup code (the
// code in the customer's QR), ready ones first.
func (db *DB) PickupsByCode(ctx context.Context, code string) ([]PickupEntry, error) {
	code = strings.ToUpper(strings.Join(strings.Fields(code), ""))
	if code == "" {
		return nil, core.Errorf(core.EINVALID, "empty_code", "Scan the customer's pickup QR code or type their code.")
	}
	list, err := db.pickupEntries(ctx, ordersWhere(`o.pickup_code = ? AND o.fulfillment = 'store_pickup'`, searchOrder, MaxSearchResults), searchOrder, code)
	if err != nil {
		return nil, fmt.Errorf("pickup code: %w", err)
	}
	return list, nil
}

// searchOrder puts orders waiting to be handed over first, then the latest
// promise. Migration 0032 keeps the same rank in pickup_rank.
const searchOrder = `CASE o.status WHEN 'staged' THEN 0 WHEN 'picked' THEN 1 WHEN 'picking' THEN 2 WHEN 'open' THEN 2 ELSE 3 END,
	o.promised_at DESC, o.id`

// SearchPickups finds store-pickup orders by what the customer says at the
// counter: their order number (exactly; order numbers have digits), part of
// their name (or of the alternate pickup person's; any script, accents
// ignored; the 200 most recent matches are ranked), or part of their phone
// number (3 digits or more), which may also be their pickup code. At most
// MaxSearchResults, ready ones first.
func (db *DB) SearchPickups(ctx context.Context, text string) ([]PickupEntry, error) {
	q := strings.TrimSpace(text)
	if q == "" {
		return nil, core.Errorf(core.EINVALID, "empty_search", "Type a name, a phone number or an order number.")
	}
	var list []PickupEntry
	var err error
	if strings.ContainsAny(q, "0123456789") && !strings.ContainsAny(q, " \t") {
		// Order numbers have digits; names do not.
		list, err = db.pickupEntries(ctx, ordersWhere(`o.external_id IN (?, ?) AND o.fulfillment = 'store_pickup'`, searchOrder, MaxSearchResults),
			searchOrder, q, strings.ToUpper(q))
		if err != nil || len(list) > 0 {
			return list, err
		}
	}
	if digits, ok := phoneDigits(q); ok {
		if len(digits) < 3 {
			return nil, core.Errorf(core.EINVALID, "short_search", "Type at least 3 digits of the phone number.")
		}
		list, err = db.recentFirst(ctx, func(window int) string {
			return ranked(`SELECT rowid FROM (` + searchCandidatesIn("pickup_search", `pickup_search MATCH ?`, window) + `)
				UNION SELECT id FROM orders WHERE pickup_code = ? AND fulfillment = 'store_pickup'`)
		}, `phone : `+ftsString(digits), digits)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
		return list, nil
	}
	words := strings.Fields(q)
	// Words of 3 or more characters use the trigram index. Shorter ones
	// ("Li", "Ní") in scripts that space their words match the start of a
	// name word through the word index, accents and case folded; in
	// scripts that do not (a two-character Thai or Chinese part), LIKE
	// filters the other words' matches, or, alone, reads the trigram
	// index whole (tens of milliseconds in a large store, but rare).
	var trigram, prefixes, likes []string
	var likeArgs []any
	for _, w := range words {
		switch {
		case utf8.RuneCountInString(w) >= 3:
			trigram = append(trigram, `name : `+ftsString(w))
		case spacedScript(w) && plainWords([]string{w}):
			prefixes = append(prefixes, ftsString(w)+`*`)
		default:
			likes = append(likes, `name LIKE ? ESCAPE '\'`)
			likeArgs = append(likeArgs, "%"+escapeLike(w)+"%")
		}
	}
	var conds []string
	var args []any
	table := "pickup_search"
	switch {
	case len(trigram) > 0:
		conds, args = []string{`pickup_search MATCH ?`}, []any{strings.Join(trigram, " AND ")}
		if len(prefixes) > 0 {
			conds = append(conds, `rowid IN (SELECT rowid FROM pickup_words WHERE pickup_words MATCH ?)`)
			args = append(args, strings.Join(prefixes, " AND "))
		}
		conds, args = append(conds, likes...), append(args, likeArgs...)
	case len(prefixes) > 0:
		table = "pickup_words"
		conds, args = []string{`pickup_words MATCH ?`}, []any{strings.Join(prefixes, " AND ")}
		if len(likes) > 0 {
			conds = append(conds, `rowid IN (SELECT rowid FROM pickup_search WHERE `+strings.Join(likes, " AND ")+`)`)
			args = append(args, likeArgs...)
		}
	default:
		conds, args = likes, likeArgs
	}
	list, err = db.recentFirst(ctx, func(window int) string {
		return ranked(searchCandidatesIn(table, strings.Join(conds, " AND "), window))
	}, args...)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	return list, nil
}

// plainWords reports whether every word is letters, marks and digits of
// scripts that space their words: one token each for the word index
// (whose tokenizer would split "O'Brien" into two, a phrase it cannot
// match without positions).
func plainWords(words []string) bool {
	for _, w := range words {
		if !spacedScript(w) {
			return false
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
				return false
			}
		}
	}
	return true
}

// spacedScript reports whether w is written in a script that separates
// words with spaces: anything but Thai, Lao, Khmer, Myanmar, Han, kana.
func spacedScript(w string) bool {
	for _, r := range w {
		if unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return false
		}
	}
	return true
}

// maxSearchCandidates bounds how many matches of a name or phone search
// are ranked: the most recent ones. A few letters can match thousands of
// orders of the store's history; the order a customer comes to collect is
// among the recent ones, and typing more of the name narrows the search.
const maxSearchCandidates = 200

// recentOrderIDs is how far back, in order ids, a name or phone search
// looks first: the orders of a store's last year or so. A name matching a
// few hundred orders has its matches spread over the whole history, and
// finding its most recent 200 would read the index's lists for it through
// all of it: the cost would grow with the store (issue 11: p99 under 5 ms
// at 500,000 pickup orders). Within the window the cost stays flat. Only
// when the window has no match at all is the whole history searched: a
// customer back for an order older than that is rare, and the order
// number or phone finds it too.
const recentOrderIDs = 200_000 // DB.recentWindow, which tests shrink

// recentFirst runs a search over the recent window of order ids
// (query(db.recentWindow)), and over the whole history (query(0)) when that
// finds nothing.
func (db *DB) recentFirst(ctx context.Context, query func(window int) string, args ...any) ([]PickupEntry, error) {
	list, err := db.pickupEntries(ctx, query(db.recentWindow), searchOrder, args...)
	if err != nil || len(list) > 0 {
		return list, err
	}
	return db.pickupEntries(ctx, query(0), searchOrder, args...)
}

// searchCandidatesIn selects the most recent store-pickup orders whose
// entry in one of the two search indexes, pickup_search (trigrams) or
// pickup_words (words), matches where: among the last window order ids,
// or all of them (window 0).
func searchCandidatesIn(table, where string, window int) string {
	if window > 0 {
		where += fmt.Sprintf(` AND rowid > (SELECT max(id) FROM orders) - %d`, window)
	}
	return fmt.Sprintf(`SELECT rowid FROM %s WHERE %s ORDER BY rowid DESC LIMIT %d`, table, where, maxSearchCandidates)
}

// ranked selects the best MaxSearchResults of the orders that ids selects,
// by searchOrder, from the compact pickup_rank table.
func ranked(ids string) string {
	return fmt.Sprintf(`SELECT order_id FROM pickup_rank WHERE order_id IN (%s) ORDER BY rank, promised_at DESC, order_id LIMIT %d`,
		ids, MaxSearchResults)
}

// ordersWhere selects the ids of the orders (as o) matching where, in
// order, at most limit of them (0: all).
func ordersWhere(where, order string, limit int) string {
	q := `SELECT o.id FROM orders o WHERE ` + where + ` ORDER BY ` + order
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	return q
}

// phoneDigits returns the digits of s to look for when s looks like (part
// of) a phone number: digits and the separators people type (spaces,
// + - ( ) . /). Phone numbers are stored as written, digits only, mostly
// with the country code ("+353 87 123 4567"), while people say them in
// their national form ("087 123 4567") or dial them from abroad ("00353…").
// So an international prefix 00 and a trunk prefix 0 are dropped: what
// follows is a part of the stored digits whichever form was stored.
func phoneDigits(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(" +-()./", r):
		default:
			return "", false
		}
	}
	d := b.String()
	if len(d) >= 7 {
		// Long enough to be a whole number, not the last digits of one.
		d = strings.TrimPrefix(d, "00")
		d = strings.TrimPrefix(d, "0")
	}
	return d, b.Len() > 0
}

// ftsString quotes s as one FTS5 string: whatever the person typed is
// matched literally, never read as query syntax.
func ftsString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// pickupEntries reads the pickup entries of the orders that the hits query
// selects (their ids), sorted by order (on the orders as o). Both are this
// file's own texts; values go in args.
func (db *DB) pickupEntries(ctx context.Context, hits, order string, args ...any) ([]PickupEntry, error) {
	// Choose (and sort, and cut) the orders first, then read the details
	// of those only: a common name may match a thousand orders, and the
	// shelves of each are a subquery.
	query := `WITH hits(id) AS (` + hits + `)
		SELECT o.external_id, o.customer, o.status, o.promised_at, COALESCE(p.bags, 0),
			p.staged_at, p.arrived_at, COALESCE(p.curbside_bay, ''), COALESCE(p.curbside_car, ''), p.locked_at IS NOT NULL,
			COALESCE((SELECT group_concat(code, ',') FROM (SELECT DISTINCT b.code AS code FROM pickup_bags pb
				JOIN bins b ON b.id = pb.shelf_id WHERE pb.order_id = o.id ORDER BY b.code)), ''),
			COALESCE((SELECT value FROM settings WHERE key = '` + SettingPickupExpiryDays + `'), '')
		FROM hits JOIN orders o ON o.id = hits.id LEFT JOIN pickups p ON p.order_id = o.id
		ORDER BY ` + order
	var rows *sql.Rows
	var err error
	if strings.Contains(hits, " LIKE ") {
		// One text per number of short words: not worth keeping.
		rows, err = db.sql.QueryContext(ctx, query, args...)
	} else {
		var st *sql.Stmt
		if st, err = db.prepared(ctx, query); err == nil {
			rows, err = st.QueryContext(ctx, args...)
		}
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	now := db.Now()
	var out []PickupEntry
	for rows.Next() {
		var e PickupEntry
		var customer, status, shelves, days string
		var promised int64
		var staged, arrived sql.NullInt64
		if err := rows.Scan(&e.Ref, &customer, &status, &promised, &e.Bags, &staged, &arrived, &e.Bay, &e.Car, &e.Locked, &shelves, &days); err != nil {
			return nil, err
		}
		var c core.Customer
		if err := json.Unmarshal([]byte(customer), &c); err != nil {
			return nil, fmt.Errorf("order %s customer: %w", e.Ref, err)
		}
		e.Customer, e.AltPickup, e.Phone = c.Name, c.AltPickup, c.Phone
		e.Status, e.PromisedAt = core.OrderStatus(status), time.Unix(promised, 0)
		e.StagedAt, e.ArrivedAt = unixOrZero(staged), unixOrZero(arrived)
		if shelves != "" {
			e.Shelves = strings.Split(shelves, ",")
		}
		e.Overdue = e.Status == core.OrderStaged && pickup.Overdue(e.StagedAt, now, expiryDays(days))
		out = append(out, e)
	}
	return out, rows.Err()
}
