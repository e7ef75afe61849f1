package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/stationhand/stationhand/core"
)

// PutPrintedCarrierLabel stores a carrier label as printed on package seq
// of order ref, as the pack station does when it prints one. It stands in
// for the carrier label ingest and printing (issue 10, carrier part) in
// the dock's tests and demo until that is merged: it writes only the
// carrier_labels row, no event.
func (db *DB) PutPrintedCarrierLabel(ctx context.Context, ref string, seq int, l core.CarrierLabel) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		format := l.Format
		if format == "" {
			format = core.LabelFormatZPL
		}
		doc := l.Document
		if doc == nil {
			doc = []byte{}
		}
		now := db.Now().Unix()
		res, err := db.txExec(ctx, tx, `INSERT INTO carrier_labels(order_id, package_seq, carrier, service, tracking, format, document, received_at, printed_at)
			SELECT id, ?, ?, ?, ?, ?, ?, ?, ? FROM orders WHERE external_id = ?`,
			seq, l.Carrier, l.Service, l.Tracking, string(format), doc, now, now, ref)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, core.ErrUnknownCode.Reason, "Order %s is not known here.", ref)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("carrier label %s for %s/%d: %w", l.Tracking, ref, seq, err)
	}
	return nil
}
