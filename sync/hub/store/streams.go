package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/stationhand/stationhand/core"
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
		var q strings.Builder
		q.WriteString("INSERT INTO changes(location, kind, key, version) VALUES ")
		args := make([]any, 0, 4*len(chunk))
		for i, k := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(" + db.d.placeholders(4*i+1, 4) + ")")
			args = append(args, location, kind, k, top-n+int64(from+i)+1)
		}
		q.WriteString(" ON CONFLICT(location, kind, key) DO UPDATE SET version = excluded.version")
		if _, err := db.exec(ctx, tx, q.String(), args...); err != nil {
			return fmt.Errorf("record %s changes: %w", kind, err)
		}
	}
	return nil
}

// cursor is where a terminal's pull continues: the last version it has of
// each stream, and the last of its own rejected events it was told about.
type cursor struct {
	v      map[string]int64
	reject int64
}

const cursorPrefix = "c3"

// parseCursor reads a cursor as cursor.String writes it; "" is the start.
// A "c2" cursor (before the returns stream) continues with all the returns,
// a "c1" cursor (before the progress stream) with all the progress too.
func parseCursor(s string) (cursor, error) {
	c := cursor{v: map[string]int64{}}
	if s == "" {
		return c, nil
	}
	parts := strings.Split(s, ".")
	streams := streamOrder
	switch parts[0] {
	case cursorPrefix:
	case "c2":
		streams = streamOrder[:len(streamOrder)-1]
	case "c1":
		streams = streamOrder[:len(streamOrder)-2]
	default:
		streams = nil
	}
	if streams == nil || len(parts) != len(streams)+2 {
		return c, core.Errorf(core.EINVALID, "bad_cursor", "The sync cursor %q was not made by this hub. Clear the terminal's sync cursor to pull everything again.", s)
	}
	for i, p := range parts[1:] {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n < 0 {
			return c, core.Errorf(core.EINVALID, "bad_cursor", "The sync cursor %q is damaged. Clear the terminal's sync cursor to pull everything again.", s)
		}
		if i < len(streams) {
			c.v[streams[i]] = n
		} else {
			c.reject = n
		}
	}
	return c, nil
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

// String encodes c as "c3.<product>.<bin>.<staff>.<stock>.<order>.<progress>.<return>.<rejection>".
func (c cursor) String() string {
	var b strings.Builder
	b.WriteString(cursorPrefix)
	for _, k := range streamOrder {
		b.WriteByte('.')
		b.WriteString(strconv.FormatInt(c.v[k], 10))
	}
	b.WriteByte('.')
	b.WriteString(strconv.FormatInt(c.reject, 10))
	return b.String()
}
