package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/label"
	"github.com/stationhand/stationhand/core/pack"
)

// An order routed to the store for delivery is picked with the same pick
// flow, then packed and labelled at the store's pack station; it never
// enters the pickup workflow.
func TestShipFromStoreOrder(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	packSetup(t, db, 1)

	// W4 (ship from store: 1 × socks, 1 × mug) is picked by the store
	// associate with the pick workflow.
	id, err := db.ClaimNext(ctx, associateID, 1, core.FulfillShipFromStore)
	if err != nil {
		t.Fatal(err)
	}
	picker{t: t, db: db, id: id}.finish()
	if got := orderStatus(t, db, "W4"); got != core.OrderPicked {
		t.Fatalf("W4 after picking: %s", got)
	}
	q, err := db.Queues(ctx)
	if err != nil || q.ToPack != 1 || q.ToStage != 0 {
		t.Fatalf("home queues: %+v, %v", q, err)
	}
	// Not a pickup: the pickup screens leave it alone.
	if list, _ := db.PickupQueue(ctx); len(list) != 0 {
		t.Fatalf("pickup queue holds %+v", list)
	}
	if _, err := db.StageBags(ctx, "W4", associateID, 1); !errors.Is(err, core.ErrNotReadyToStage) {
		t.Fatalf("stage a ship-from-store order: %v", err)
	}
	if list, _ := db.SearchPickups(ctx, "W4"); len(list) != 0 {
		t.Fatalf("pickup search finds W4: %+v", list)
	}

	// Packed at the store's pack station, found by its tote.
	refs, err := db.PackFind(ctx, mustParse(t, "TOTE-W4"))
	if err != nil || len(refs) != 1 || refs[0] != "W4" {
		t.Fatalf("pack station finds %v, %v", refs, err)
	}
	p := openPack(t, db, "W4")
	p.scan(gtinSocks)
	p.scan(gtinMug)
	res := p.close("S", 650)
	if !res.Packed || len(res.Labels) != 1 || orderStatus(t, db, "W4") != core.OrderPacked {
		t.Fatalf("close: packed %v, %d labels, order %s", res.Packed, len(res.Labels), orderStatus(t, db, "W4"))
	}

	// Labelled: the label is made from what packing returned, and printing
	// it is recorded so that an address change raises a relabel.
	settings, err := db.ShipSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lbl := pack.ShippingLabel(res.Shipment, res.Labels[0], settings)
	var zpl bytes.Buffer
	if err := pack.WriteLabels(&zpl, pack.FormatZPL, 203, []label.ShippingLabel{lbl}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(zpl.String(), res.Labels[0].SSCC) || !strings.Contains(zpl.String(), "W4") {
		t.Fatalf("label does not carry the SSCC %s and the order: %s", res.Labels[0].SSCC, zpl.String())
	}
	if err := db.MarkLabelPrinted(ctx, "W4"); err != nil {
		t.Fatal(err)
	}

	// The outbox tells the hub the whole story, in order.
	var story []string
	for _, typ := range eventTypes(t, db) {
		switch typ {
		case core.EventPickClaimed, core.EventOrderPicked, core.EventPackPackageClosed, core.EventOrderPacked:
			story = append(story, typ)
		}
	}
	if got := strings.Join(story, " "); got != "pick.claimed order.picked pack.package_closed order.packed" {
		t.Fatalf("outbox story: %s", got)
	}
	if q, _ := db.Queues(ctx); q.ToPack != 0 {
		t.Fatalf("still to pack: %+v", q)
	}
}
