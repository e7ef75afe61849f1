package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

func upsLabel(seq int) core.CarrierLabel {
	return core.CarrierLabel{PackageSeq: seq, Carrier: "UPS", Service: "Ground", Tracking: "1Z999AA10123456784",
		Format: core.LabelFormatZPL, Document: []byte("^XA^FO50,50^BCN,100^FD1Z999AA10123456784^FS^XZ")}
}

// packW1 picks and packs the fixture's order W1 in one package.
func packW1(t *testing.T, db *sqlite.DB) sqlite.PackResult {
	t.Helper()
	packSetup(t, db, 1)
	pickOrders(t, db, "W1")
	p := openPack(t, db, "W1")
	p.scan(gtinMug)
	p.scan(gtinMug)
	p.scan("(01)0" + gtinBuds + "(21)" + p.serialOf("BUDS"))
	return p.close("S", 870)
}

// A label bought in advance for "any package" is bound to the package
// when it closes (the close event names its tracking number), is due for
// printing, and printing it writes carrier.label_printed once.
func TestCarrierLabelBoundAtClose(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	cs := fixture(t)
	cs.Orders[0].CarrierLabels = []core.CarrierLabel{upsLabel(0)}
	if err := db.ApplyChanges(ctx, cs); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.PendingCarrierLabels(ctx); len(due) != 0 {
		t.Fatalf("a label of a package not closed yet is due: %+v", due)
	}
	res := packW1(t, db)
	closed := payloadOf(t, db, core.EventPackPackageClosed)
	if len(closed) != 1 || closed[0]["carrier_tracking"] != "1Z999AA10123456784" || closed[0]["carton_mm"] == nil {
		t.Fatalf("package_closed payload: %+v", closed)
	}
	due, err := db.PendingCarrierLabels(ctx)
	if err != nil || len(due) != 1 || due[0].PackageSeq != 1 || due[0].SSCC != res.Labels[0].SSCC || due[0].StaffID != packerID {
		t.Fatalf("due: %+v, %v", due, err)
	}
	if waiting, _ := db.WaitingForCarrierLabel(ctx); len(waiting) != 0 {
		t.Fatalf("waiting though it has a label: %+v", waiting)
	}
	for i, want := range []bool{true, false} {
		if ok, err := db.MarkCarrierLabelPrinted(ctx, due[0].ID); err != nil || ok != want {
			t.Fatalf("mark printed #%d: %v, %v", i+1, ok, err)
		}
	}
	printed := payloadOf(t, db, core.EventCarrierLabelPrinted)
	if len(printed) != 1 || printed[0]["tracking"] != "1Z999AA10123456784" || printed[0]["sscc"] != res.Labels[0].SSCC || printed[0]["_order"] != "W1" {
		t.Fatalf("carrier.label_printed events: %+v", printed)
	}
	if l, ok, err := db.CarrierLabelByTracking(ctx, "1Z999AA10123456784"); err != nil || !ok || l.OrderRef != "W1" || l.PrintedAt.IsZero() {
		t.Fatalf("by tracking: %+v %v %v", l, ok, err)
	}
	if due, _ := db.PendingCarrierLabels(ctx); len(due) != 0 {
		t.Fatalf("still due after printing: %+v", due)
	}
}

// A package closed without a label waits in the list; the label arriving
// with a later pull binds to it and is due; an address change after it
// printed raises a relabel task naming the carrier label.
func TestCarrierLabelBoughtAfterPacking(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	packW1(t, db)
	if closed := payloadOf(t, db, core.EventPackPackageClosed); closed[0]["carrier_tracking"] != nil {
		t.Fatalf("a package without a label names one: %+v", closed[0])
	}
	waiting, err := db.WaitingForCarrierLabel(ctx)
	if err != nil || len(waiting) != 1 || waiting[0].OrderRef != "W1" || waiting[0].Package != 1 || waiting[0].SSCC == "" {
		t.Fatalf("waiting: %+v, %v", waiting, err)
	}
	o := fixture(t).Orders[0]
	o.CarrierLabels = []core.CarrierLabel{upsLabel(0)}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}
	if waiting, _ := db.WaitingForCarrierLabel(ctx); len(waiting) != 0 {
		t.Fatalf("still waiting after the label came: %+v", waiting)
	}
	due, err := db.PendingCarrierLabels(ctx)
	if err != nil || len(due) != 1 || due[0].PackageSeq != 1 {
		t.Fatalf("due: %+v, %v", due, err)
	}
	// The same label again (a re-pull) changes nothing.
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}
	if all, _ := db.CarrierLabelsOf(ctx, "W1"); len(all) != 1 {
		t.Fatalf("labels of W1 after a re-pull: %+v", all)
	}
	if _, err := db.MarkCarrierLabelPrinted(ctx, due[0].ID); err != nil {
		t.Fatal(err)
	}
	o.ShipTo.Line1 = "14 rue de la Paix"
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatal(err)
	}
	var relabel []sqlite.Exception
	for _, ex := range mustExceptions(t, db) {
		if ex.Kind == "relabel" {
			relabel = append(relabel, ex)
		}
	}
	if len(relabel) != 1 || !strings.Contains(relabel[0].Message, "UPS 1Z999AA10123456784") {
		t.Fatalf("relabel tasks: %+v", relabel)
	}
}

// A label whose document is not what its format says is left out (it
// could not print), and the rest of the pull is applied: one bad label
// must not stop a station's sync.
func TestCarrierLabelInvalidLeftOut(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	o := fixture(t).Orders[0]
	bad := upsLabel(0)
	bad.Format = core.LabelFormatPDF
	good := upsLabel(0)
	good.Tracking = "1Z999AA10123456793"
	o.CarrierLabels = []core.CarrierLabel{bad, good}
	o.Service = "Express"
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{o}}); err != nil {
		t.Fatalf("apply with one bad label: %v", err)
	}
	all, err := db.CarrierLabelsOf(ctx, "W1")
	if err != nil || len(all) != 1 || all[0].Tracking != good.Tracking {
		t.Fatalf("labels kept: %+v, %v", all, err)
	}
	if got, _ := db.Order(ctx, "W1"); got.Service != "Express" {
		t.Fatalf("the rest of the order was not applied: %+v", got)
	}
}

func mustExceptions(t *testing.T, db *sqlite.DB) []sqlite.Exception {
	t.Helper()
	ex, err := db.OpenExceptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ex
}
