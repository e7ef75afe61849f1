package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// An address change after the carrier label was printed voids that label:
// the package is back in the "waiting for carrier label" list, the label
// is no longer the package's, the dock refuses its tracking number with
// its own reason (and the parcel by its SSCC for want of a label), and
// carrier.label_voided tells the hub which label and package. The new
// label that arrives with a later pull binds to the package, prints, and
// the parcel leaves with it; the old one never comes back, even re-sent
// without its void mark.
func TestRelabelVoidsThePrintedCarrierLabel(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	dockSetup(t, db)
	res := packW1(t, db)
	sscc := res.Labels[0].SSCC
	o := fixture(t).Orders[0]
	old := upsLabel(1)
	o.CarrierLabels = []core.CarrierLabel{old}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}
	due, err := db.PendingCarrierLabels(ctx)
	if err != nil || len(due) != 1 {
		t.Fatalf("due: %+v %v", due, err)
	}
	if _, err := db.MarkCarrierLabelPrinted(ctx, due[0].ID); err != nil {
		t.Fatal(err)
	}

	o.ShipTo.Line1 = "14 rue de la Paix"
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}
	if l, ok, err := db.CarrierLabelFor(ctx, "W1", 1); err != nil || ok {
		t.Fatalf("package 1 still has its voided label: %+v %v %v", l, ok, err)
	}
	if l, ok, _ := db.CarrierLabelByTracking(ctx, old.Tracking); !ok || l.VoidedAt.IsZero() || !l.Voided {
		t.Fatalf("the old label by its tracking number: %+v %v", l, ok)
	}
	if waiting, _ := db.WaitingForCarrierLabel(ctx); len(waiting) != 1 || waiting[0].OrderRef != "W1" || waiting[0].Package != 1 {
		t.Fatalf("waiting for carrier label after the relabel: %+v", waiting)
	}
	voided := payloadOf(t, db, core.EventCarrierLabelVoided)
	if len(voided) != 1 || voided[0]["tracking"] != old.Tracking || voided[0]["sscc"] != sscc || voided[0]["package"] != float64(1) ||
		voided[0]["reason"] != core.VoidAddressChanged || voided[0]["weight_g"] != float64(870) || voided[0]["carton"] != "S" || voided[0]["carton_mm"] == nil {
		t.Fatalf("carrier.label_voided events: %+v", voided)
	}
	relabel := 0
	for _, ex := range mustExceptions(t, db) {
		if ex.Kind == "relabel" && strings.Contains(ex.Message, "UPS "+old.Tracking) && strings.Contains(ex.Message, "void") {
			relabel++
		}
	}
	if relabel != 1 {
		t.Fatalf("%d relabel tasks naming the voided label", relabel)
	}

	d := openHandover(t, db, "UPS-1", "UPS")
	before := dockRows(t, db, "UPS-1")
	_, err = db.DispatchScan(ctx, "UPS-1", dockID, scan.Parser{}, old.Tracking)
	if !errors.Is(err, core.ErrCarrierLabelVoided) || !strings.Contains(core.ErrorMessage(err), old.Tracking) {
		t.Fatalf("scan of the voided tracking number: %v", err)
	}
	if _, err := db.DispatchScan(ctx, "UPS-1", dockID, scan.Parser{}, "]C100"+sscc); !errors.Is(err, core.ErrNoCarrierLabel) {
		t.Fatalf("scan of the parcel's SSCC before its new label: %v", err)
	}
	if after := dockRows(t, db, "UPS-1"); after != before {
		t.Fatalf("a refused scan wrote:\n%s\n%s", before, after)
	}

	// The new label comes with a pull (the hub sends the old one marked).
	fresh := upsLabel(1)
	fresh.Tracking = upsTracking2
	fresh.Document = []byte("^XA^FO50,50^BCN,100^FD" + upsTracking2 + "^FS^XZ")
	old.Voided = true
	o.CarrierLabels = []core.CarrierLabel{old, fresh}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}
	due, err = db.PendingCarrierLabels(ctx)
	if err != nil || len(due) != 1 || due[0].Tracking != upsTracking2 || due[0].PackageSeq != 1 || due[0].SSCC != sscc {
		t.Fatalf("due after the new label came: %+v %v", due, err)
	}
	if _, err := db.MarkCarrierLabelPrinted(ctx, due[0].ID); err != nil {
		t.Fatal(err)
	}
	if l, ok, _ := db.CarrierLabelFor(ctx, "W1", 1); !ok || l.Tracking != upsTracking2 {
		t.Fatalf("package 1's label: %+v %v", l, ok)
	}
	if waiting, _ := db.WaitingForCarrierLabel(ctx); len(waiting) != 0 {
		t.Fatalf("still waiting: %+v", waiting)
	}
	// Re-sent without its mark (an order system, an older hub): still void.
	old.Voided = false
	o.CarrierLabels = []core.CarrierLabel{old, fresh}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DispatchScan(ctx, "UPS-1", dockID, scan.Parser{}, old.Tracking); !errors.Is(err, core.ErrCarrierLabelVoided) {
		t.Fatalf("scan of the voided tracking number after a re-pull: %v", err)
	}
	if got := d.scan(upsTracking2); got.Effect.Parcel.Tracking != upsTracking2 || got.Effect.Parcel.SSCC != sscc {
		t.Fatalf("scan of the new label: %+v", got.Effect.Parcel)
	}
	// Once at the dock the parcel keeps its label: another address change
	// voids nothing (the relabel task says to stop it).
	o.ShipTo.Line1 = "15 rue de la Paix"
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}
	if l, ok, _ := db.CarrierLabelFor(ctx, "W1", 1); !ok || l.Tracking != upsTracking2 {
		t.Fatalf("the dispatched parcel's label after another address change: %+v %v", l, ok)
	}
	if n := len(payloadOf(t, db, core.EventCarrierLabelVoided)); n != 1 {
		t.Fatalf("%d carrier.label_voided events, want 1", n)
	}
}
