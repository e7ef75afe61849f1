package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// The feed numbers applied events after they commit, not while pushes
// apply them: a position given inside a push's transaction could become
// visible after a greater one from a push that committed first, and a
// consumer past it would never see it. The sequencer instead numbers, under
// one lock, the events that committed without a position; each of its
// transactions commits positions greater than every earlier one, so what a
// reader sees is always a prefix of the feed. Pushes stay free of the lock.

// feedStream is the streams row whose version is the last feed position.
const feedStream = "feed"

// sequenceBatch is how many events one sequencer transaction numbers.
const sequenceBatch = 2000

// SequenceFeed gives feed positions to applied events that have none, in
// the order the hub received them (a terminal's in sequence order), at most
// limit (sequenceBatch for <= 0). It returns how many it numbered.
func (db *DB) SequenceFeed(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		limit = sequenceBatch
	}
	var n int
	err := db.write(ctx, func(tx *sql.Tx) error {
		n = 0
		var top int64
		// The upsert locks the row until commit: sequencers take turns.
		err := tx.QueryRowContext(ctx, `INSERT INTO streams(location, kind, version) VALUES('', $1, 0)
			ON CONFLICT(location, kind) DO UPDATE SET version = streams.version RETURNING version`, feedStream).Scan(&top)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT terminal_id, seq FROM events WHERE feed_pos IS NULL AND rejected = 0
			ORDER BY received_at, terminal_id, seq LIMIT $1`, limit)
		if err != nil {
			return err
		}
		var terms []string
		var seqs, pos []int64
		for rows.Next() {
			var t string
			var s int64
			if err := rows.Scan(&t, &s); err != nil {
				rows.Close()
				return err
			}
			terms, seqs, pos = append(terms, t), append(seqs, s), append(pos, top+int64(len(pos))+1)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(terms) == 0 {
			return nil
		}
		keepTerminalOrder(terms, seqs)
		if err := db.setFeedPositions(ctx, tx, terms, seqs, pos); err != nil {
			return err
		}
		n = len(terms)
		_, err = tx.ExecContext(ctx, "UPDATE streams SET version = $1 WHERE location = '' AND kind = $2", top+int64(n), feedStream)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sequence feed: %w", err)
	}
	return n, nil
}

func (db *DB) setFeedPositions(ctx context.Context, tx *sql.Tx, terms []string, seqs, pos []int64) error {
	if db.d.name == "postgres" {
		_, err := tx.ExecContext(ctx, `UPDATE events e SET feed_pos = u.pos
			FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(t, s, pos)
			WHERE e.terminal_id = u.t AND e.seq = u.s`, terms, seqs, pos)
		return err
	}
	st, err := tx.PrepareContext(ctx, "UPDATE events SET feed_pos = $1 WHERE terminal_id = $2 AND seq = $3")
	if err != nil {
		return err
	}
	defer st.Close()
	for i := range terms {
		if _, err := st.ExecContext(ctx, pos[i], terms[i], seqs[i]); err != nil {
			return err
		}
	}
	return nil
}

// feedEpochStart is the streams row holding the last feed position given
// before the current epoch began: positions up to it are the same in
// every history of the database (a backup holds them as they were);
// positions after it may have gone to other events before a restore.
const feedEpochStart = "feed_epoch_start"

// markFeedEpochStart records, in the transaction that rotates the epoch,
// how far the feed was numbered.
func markFeedEpochStart(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO streams(location, kind, version)
		VALUES('', $1, COALESCE((SELECT version FROM streams WHERE location = '' AND kind = $2), 0))
		ON CONFLICT(location, kind) DO UPDATE SET version = excluded.version`, feedEpochStart, feedStream)
	return err
}

// A feed cursor is "<epoch>.<position>": the last position the consumer
// handled and the epoch of the database that numbered it. A bare position
// counts as of the current epoch; "" is the start of the feed.
func feedCursor(epoch string, pos int64) string { return epoch + "." + strconv.FormatInt(pos, 10) }

// ParseFeedCursor reads a feed cursor into its epoch ("" when it names
// none) and position.
func ParseFeedCursor(cursor string) (epoch string, pos int64, err error) {
	if cursor == "" {
		return "", 0, nil
	}
	num := cursor
	if i := strings.LastIndexByte(cursor, '.'); i >= 0 {
		epoch, num = cursor[:i], cursor[i+1:]
	}
	pos, perr := strconv.ParseInt(num, 10, 64)
	if perr != nil || pos < 0 || (epoch == "" && strings.Contains(cursor, ".")) {
		return "", 0, core.Errorf(core.EINVALID, "bad_cursor", "The feed cursor %q is not one this hub gave out; start from the beginning with no cursor, or use the cursor of the last page you processed.", cursor)
	}
	return epoch, pos, nil
}

// feedPosition is where a cursor resumes. A cursor of an earlier epoch
// (the database was restored from a backup since) resumes at most from
// where the current epoch began: later positions may have named other
// events then, so those events come again, under new positions, rather
// than being skipped (the consumer recognises them by their id).
func (db *DB) feedPosition(ctx context.Context, cursor string) (int64, error) {
	epoch, pos, err := ParseFeedCursor(cursor)
	if err != nil || epoch == "" || epoch == db.Epoch() {
		return pos, err
	}
	var start int64
	err = db.sql.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM streams WHERE location = '' AND kind = $1", feedEpochStart).Scan(&start)
	if err != nil {
		return 0, fmt.Errorf("feed: %w", err)
	}
	return min(pos, start), nil
}

// Feed returns the applied events after cursor, in feed order, at most
// limit (wire.DefaultPageLen for <= 0, wire.MaxPageLen at most), of one
// location or of all (location ""). It first numbers the events that
// committed since the last call, so a page is never behind by more than
// the pushes still committing.
func (db *DB) Feed(ctx context.Context, location, cursor string, limit int) (wire.FeedPage, error) {
	after, perr := db.feedPosition(ctx, cursor)
	if perr != nil {
		return wire.FeedPage{}, perr
	}
	if limit <= 0 {
		limit = wire.DefaultPageLen
	}
	limit = min(limit, wire.MaxPageLen)
	if waiting, err := db.feedWaiting(ctx); err != nil {
		return wire.FeedPage{}, err
	} else if waiting {
		if _, err := db.SequenceFeed(ctx, 0); err != nil {
			return wire.FeedPage{}, err
		}
	}
	const cols = "SELECT feed_pos, location, terminal_id, seq, event_id, type, order_id, staff_id, at, payload FROM events "
	var rows *sql.Rows
	var err error
	if location == "" {
		rows, err = db.sql.QueryContext(ctx, cols+"WHERE feed_pos > $1 ORDER BY feed_pos LIMIT $2", after, limit+1)
	} else {
		rows, err = db.sql.QueryContext(ctx, cols+"WHERE location = $1 AND feed_pos > $2 ORDER BY feed_pos LIMIT $3", location, after, limit+1)
	}
	if err != nil {
		return wire.FeedPage{}, fmt.Errorf("feed: %w", err)
	}
	defer rows.Close()
	epoch := db.Epoch()
	page := wire.FeedPage{Events: []wire.FeedEvent{}, Cursor: feedCursor(epoch, after), Epoch: epoch}
	for rows.Next() {
		var e wire.FeedEvent
		var at int64
		var payload string
		if err := rows.Scan(&e.Position, &e.Location, &e.Terminal, &e.Seq, &e.ID, &e.Type, &e.OrderID, &e.StaffID, &at, &payload); err != nil {
			return wire.FeedPage{}, fmt.Errorf("feed: %w", err)
		}
		if len(page.Events) == limit {
			page.More = true
			break
		}
		e.At = msTime(at)
		if strings.TrimSpace(payload) == "" {
			payload = "{}"
		}
		if redacted, ok := feedRedacted[e.Type]; ok {
			payload = redacted
		}
		e.Payload = json.RawMessage(payload)
		page.Events = append(page.Events, e)
		page.Cursor = feedCursor(epoch, e.Position)
	}
	if err := rows.Err(); err != nil {
		return wire.FeedPage{}, fmt.Errorf("feed: %w", err)
	}
	if !page.More {
		// Events still to number mean another page is waiting.
		if page.More, err = db.feedWaiting(ctx); err != nil {
			return wire.FeedPage{}, err
		}
	}
	return page, nil
}

// feedRedacted are payloads the feed serves as the zero value of their
// struct: a PIN's hash is for the stations and the hub, never for the
// order system.
var feedRedacted = map[string]string{core.EventStaffPINChanged: zeroJSON(core.PINChangedPayload{})}

func zeroJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// feedWaiting reports whether applied events wait for a feed position.
func (db *DB) feedWaiting(ctx context.Context) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE feed_pos IS NULL AND rejected = 0 LIMIT 1) w").Scan(&n)
	if err != nil {
		return false, fmt.Errorf("feed: %w", err)
	}
	return n > 0, nil
}

// keepTerminalOrder reorders, within each terminal, the events of a batch
// listed by time received, so that the terminal's come in sequence order
// whatever the hub clocks did (two hub processes' clocks differ; a clock
// can be stepped back): each terminal keeps the places it had in the
// batch, its events fill them in seq order.
func keepTerminalOrder(terms []string, seqs []int64) {
	byTerm := map[string][]int{}
	for i, t := range terms {
		byTerm[t] = append(byTerm[t], i)
	}
	for _, places := range byTerm {
		sorted := make([]int64, len(places))
		for k, i := range places {
			sorted[k] = seqs[i]
		}
		slices.Sort(sorted)
		for k, i := range places {
			seqs[i] = sorted[k]
		}
	}
}
