package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/stationhand/stationhand/core"
)

// raiseRelabel opens the relabel task of an order whose address changed
// after its labels were printed. Our own label is printed again from the
// new address. A carrier label already printed carries the old address
// under its tracking number: it is voided (carrier.label_voided, from
// which the hub asks the order system for a new one), the dock refuses
// its tracking number from now on, its package is back in the "waiting
// for carrier label" list, and the new label prints by itself when it
// arrives. The task names the voided labels, which come off the parcels.
func (db *DB) raiseRelabel(ctx context.Context, tx *sql.Tx, orderID int64, o core.Order) error {
	voided, err := db.voidPrintedCarrierLabels(ctx, tx, orderID, o.ExternalID)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("The address of order %s changed after its label was printed: print a new label and replace the old one.", o.ExternalID)
	if len(voided) == 0 {
		return db.addException(ctx, tx, "relabel", o.ExternalID, msg, ExceptionText{"relabel", map[string]any{"Order": o.ExternalID}}, o.ShipTo)
	}
	msg = fmt.Sprintf("The address of order %s changed after its labels were printed: print our label again, take off the carrier label %s (old address, now void: the dock refuses it) and keep the parcel until the new carrier label prints.",
		o.ExternalID, strings.Join(voided, ", "))
	text := ExceptionText{"relabel_carrier", map[string]any{"Order": o.ExternalID, "Labels": strings.Join(voided, ", ")}}
	return db.addException(ctx, tx, "relabel", o.ExternalID, msg, text, map[string]any{"ship_to": o.ShipTo, "carrier_labels": voided})
}

// voidPrintedCarrierLabels voids the printed carrier labels of an order
// still in force, each with its carrier.label_voided event (recorded for
// the person who closed the package, as its printing was), and returns
// them as "carrier tracking". A parcel already scanned at the dock keeps
// its label: it is in a carrier's cage or gone, and a new label cannot
// reach it here.
func (db *DB) voidPrintedCarrierLabels(ctx context.Context, tx *sql.Tx, orderID int64, ref string) ([]string, error) {
	rows, err := db.txQuery(ctx, tx, `SELECT c.id, c.package_seq, c.carrier, c.service, c.tracking, COALESCE(p.sscc, ''),
			COALESCE(p.staff_id, 0), COALESCE(p.carton, ''), COALESCE(p.weight_g, 0),
			COALESCE(k.length_mm, 0), COALESCE(k.width_mm, 0), COALESCE(k.height_mm, 0), COALESCE(po.planned, 0)
		FROM carrier_labels c LEFT JOIN packages p ON p.order_id = c.order_id AND p.seq = c.package_seq
			LEFT JOIN cartons k ON k.code = p.carton LEFT JOIN pack_orders po ON po.order_id = c.order_id
		WHERE c.order_id = ? AND c.printed_at IS NOT NULL AND c.voided_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM dispatch_parcels d WHERE d.package_id = p.id)
		ORDER BY c.package_seq, c.id`, orderID)
	if err != nil {
		return nil, err
	}
	type voiding struct {
		id, staffID int64
		p           core.CarrierLabelVoidedPayload
	}
	var all []voiding
	for rows.Next() {
		var v voiding
		dims := make([]int, 3)
		if err := rows.Scan(&v.id, &v.p.Package, &v.p.Carrier, &v.p.Service, &v.p.Tracking, &v.p.SSCC, &v.staffID,
			&v.p.Carton, &v.p.WeightG, &dims[0], &dims[1], &dims[2], &v.p.Packages); err != nil {
			rows.Close()
			return nil, err
		}
		v.p.CartonMM, v.p.Reason = dims, core.VoidAddressChanged
		all = append(all, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var names []string
	for _, v := range all {
		if _, err := db.txExec(ctx, tx, "UPDATE carrier_labels SET voided_at = ? WHERE id = ?", db.Now().Unix(), v.id); err != nil {
			return nil, fmt.Errorf("void carrier label %s: %w", v.p.Tracking, err)
		}
		if _, err := db.recordEvent(ctx, tx, core.EventCarrierLabelVoided, ref, v.staffID, v.p); err != nil {
			return nil, err
		}
		names = append(names, v.p.Carrier+" "+v.p.Tracking)
	}
	return names, nil
}
