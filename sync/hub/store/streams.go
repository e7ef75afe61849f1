package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/wire"
)

// Change streams. Each (location, kind) has its own version counter, and a
// pull drains them in this order, so that what a record refers to (the
// product of an order line, the bin of a stock record) always reaches the
// terminal no later than the record itself. Products are shared by every
// location and live in the stream of location "".
const (
	kindProduct = "product"
	kindBin     = "bin"
	kindStaff   = "staff"
	kindStock   = "stock"
	kindOrder   = "order" // an order's content changed (import), or it was cancelled
	// kindProgress: an order's status moved with the work of a terminal.
	kindProgress = "progress"
	// kindReturn: a return (RMA) was announced, changed or withdrawn. It
	// comes after the orders, which a return refers to.
	kindReturn = "return"
)

var streamOrder = []string{kindProduct, kindBin, kindStaff, kindStock, kindOrder, kindProgress, kindReturn}

// streamLocation is the location whose stream holds kind's records for a
// terminal at loc.
func streamLocation(kind, loc string) string {
	if kind == kindProduct {
		return ""
	}
	return loc
}

// bump records that the records with keys (distinct) changed: it advances the stream's
// counter by len(keys) under the counter row's lock (held until commit, so
// versions become visible in the order they were given out) and gives each
// key its own version.
func (db *DB) bump(ctx context.Context, tx *sql.Tx, location, kind string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	db.touch(tx, location, kind != kindProgress)
	n := int64(len(keys))
	var top int64
	err := db.queryRow(ctx, tx, `INSERT INTO streams(location, kind, version) VALUES($1, $2, $3)
		ON CONFLICT(location, kind) DO UPDATE SET version = streams.version + excluded.version
		RETURNING version`, location, kind, n).Scan(&top)
	if err != nil {
		return fmt.Errorf("bump %s stream of %q: %w", kind, location, err)
	}
	for from := 0; from < len(keys); from += 500 {
		chunk := keys[from:min(from+500, len(keys))]
		q := "INSERT INTO changes(location, kind, key, version) VALUES " + db.d.valueRows(1, len(chunk), 4) +
			" ON CONFLICT(location, kind, key) DO UPDATE SET version = excluded.version"
		args := make([]any, 0, 4*len(chunk))
		for i, k := range chunk {
			args = append(args, location, kind, k, top-n+int64(from+i)+1)
		}
		if _, err := db.exec(ctx, tx, q, args...); err != nil {
			return fmt.Errorf("record %s changes: %w", kind, err)
		}
	}
	return nil
}

// cursor is where a terminal's pull continues: the epoch and location it
// was made for, the last version it has of each stream, and the last of
// its own rejected events it was told about.
type cursor struct {
	epoch    string
	location string
	v        map[string]int64
	reject   int64
}

const cursorPrefix = "c4"

// parseCursor reads a cursor as cursor.String writes it; "" is the start.
// A cursor from before epochs (c1 to c3) cannot be checked against this
// database and is refused as from another epoch, so the terminal pulls
// everything again once.
func parseCursor(s string) (cursor, error) {
	c := cursor{v: map[string]int64{}}
	if s == "" {
		return c, nil
	}
	parts := strings.Split(s, ".")
	switch parts[0] {
	case cursorPrefix:
	case "c1", "c2", "c3":
		return c, &CursorError{Reason: wire.ReasonCursorEpoch,
			Message: "This station's sync cursor was made before the hub kept epochs; the station pulls its location's data again in full and replaces its copy."}
	}
	if parts[0] != cursorPrefix || len(parts) != len(streamOrder)+4 {
		return c, core.Errorf(core.EINVALID, "bad_cursor", "The sync cursor %q was not made by this hub. Clear the terminal's sync cursor to pull everything again.", s)
	}
	loc, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || parts[1] == "" {
		return c, core.Errorf(core.EINVALID, "bad_cursor", "The sync cursor %q is damaged. Clear the terminal's sync cursor to pull everything again.", s)
	}
	c.epoch, c.location = parts[1], string(loc)
	for i, p := range parts[3:] {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n < 0 {
			return c, core.Errorf(core.EINVALID, "bad_cursor", "The sync cursor %q is damaged. Clear the terminal's sync cursor to pull everything again.", s)
		}
		if i < len(streamOrder) {
			c.v[streamOrder[i]] = n
		} else {
			c.reject = n
		}
	}
	return c, nil
}

// CursorError refuses a pull whose cursor this hub did not issue for this
// terminal in this epoch (see wire.ReasonCursorEpoch and the others). The
// terminal answers it by pulling everything again from an empty cursor.
type CursorError struct {
	Reason  string
	Message string
}

func (e *CursorError) Error() string { return "conflict (" + e.Reason + "): " + e.Message }

// Unwrap makes core.ErrorCode and core.ErrorMessage work.
func (e *CursorError) Unwrap() error { return core.Errorf(core.ECONFLICT, e.Reason, "%s", e.Message) }

// check refuses a cursor made in another epoch or for another location
// than t's; heads may be nil (not read yet).
func (c cursor) check(epoch string, t core.Terminal) error {
	if c.epoch == "" {
		return nil // the start
	}
	if c.epoch != epoch {
		return &CursorError{Reason: wire.ReasonCursorEpoch,
			Message: "This station's sync cursor belongs to an earlier generation of the hub's database (it was restored from a backup or re-created); the station pulls its location's data again in full and replaces its copy."}
	}
	if c.location != t.Location {
		return &CursorError{Reason: wire.ReasonCursorLocation,
			Message: fmt.Sprintf("This station's sync cursor is for location %s, but terminal %q now belongs to %s; the station pulls %s's data in full and replaces its copy of %s's.",
				c.location, t.Name, t.Location, t.Location, c.location)}
	}
	return nil
}

// ahead refuses a cursor past the heads of the streams: the hub lost
// changes it had served.
func (c cursor) ahead(heads map[string]int64) error {
	for _, k := range streamOrder {
		if c.v[k] > heads[k] {
			return &CursorError{Reason: wire.ReasonCursorAhead,
				Message: fmt.Sprintf("This station's sync cursor is past what the hub holds (%s changes up to %d, the cursor says %d): the hub's database lost changes it had served. The station pulls its location's data again in full and replaces its copy.", k, heads[k], c.v[k])}
		}
	}
	if c.reject > heads[kindRejection] {
		return &CursorError{Reason: wire.ReasonCursorAhead,
			Message: fmt.Sprintf("This station's sync cursor is past the hub's record of its refused events (%d, the cursor says %d): the hub's database lost events it had. The station pulls everything again.", heads[kindRejection], c.reject)}
	}
	return nil
}

// behind reports whether any stream (or the terminal's refusals) has moved
// past c.
func (c cursor) behind(heads map[string]int64) bool {
	for _, k := range streamOrder {
		if c.v[k] < heads[k] {
			return true
		}
	}
	return c.reject < heads[kindRejection]
}

// String encodes c as "c4.<epoch>.<location, base64url>.<product>.<bin>.<staff>.<stock>.<order>.<progress>.<return>.<rejection>".
func (c cursor) String() string {
	var b strings.Builder
	b.WriteString(cursorPrefix)
	b.WriteByte('.')
	b.WriteString(c.epoch)
	b.WriteByte('.')
	b.WriteString(base64.RawURLEncoding.EncodeToString([]byte(c.location)))
	for _, k := range streamOrder {
		b.WriteByte('.')
		b.WriteString(strconv.FormatInt(c.v[k], 10))
	}
	b.WriteByte('.')
	b.WriteString(strconv.FormatInt(c.reject, 10))
	return b.String()
}
