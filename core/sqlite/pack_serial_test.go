package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

// The same serial scanned twice is refused by the store too, where each
// scan reloads the order: into the line while it still has units left,
// and into a later package after the first was closed.
func TestPackRefusesASerialAlreadyPacked(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	packSetup(t, db, 1)
	weightCheckOff(t, db)
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{order("W5", core.FulfillShip, 5, line("BUDS", 3))}}); err != nil {
		t.Fatal(err)
	}
	pickOrders(t, db, "W5")
	p := openPack(t, db, "W5")
	serials := p.state().Lines[0].Serials
	if len(serials) != 3 {
		t.Fatalf("picked serials %v", serials)
	}
	code := func(s string) string { return "(01)0" + gtinBuds + "(21)" + s }
	p.plan(2)
	p.scan(code(serials[0]))
	p.reject(code(serials[0]), core.ErrDuplicateSerial, serials[0])
	p.close("S", 300)
	p.reject(code(serials[0]), core.ErrDuplicateSerial, serials[0])
	p.scan(code(serials[1]))
	p.reject(code(serials[1]), core.ErrDuplicateSerial, serials[1])
	p.scan(code(serials[2]))
	if res := p.close("S", 300); !res.Packed {
		t.Fatal("W5 not packed after its last package")
	}
	var packed []string
	for _, b := range p.state().Boxes {
		for _, it := range b.Items {
			packed = append(packed, it.Serial)
		}
	}
	if len(packed) != 3 || packed[0] == packed[1] || packed[1] == packed[2] || packed[0] == packed[2] {
		t.Fatalf("packed serials %v", packed)
	}
}

// The serials picked for a line reach the pack station exactly as picked,
// whatever GS1 characters they hold (the store reads them as a JSON array,
// where a quote must survive escaping), and only those are accepted.
func TestPackSerialsWithQuotesAreKeptExactly(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	packSetup(t, db, 1)
	weightCheckOff(t, db)
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{order("W6", core.FulfillShip, 5, line("BUDS", 2))}}); err != nil {
		t.Fatal(err)
	}
	pickOrders(t, db, "W6")
	if err := sqlite.ExecRaw(db, `UPDATE pick_actions SET serial = 'Q"&''' || serial WHERE serial <> ''`); err != nil {
		t.Fatal(err)
	}
	p := openPack(t, db, "W6")
	serials := p.state().Lines[0].Serials
	if len(serials) != 2 || !strings.HasPrefix(serials[0], `Q"&'`) || !strings.HasPrefix(serials[1], `Q"&'`) {
		t.Fatalf("picked serials %q", serials)
	}
	code := func(s string) string { return "(01)0" + gtinBuds + "(21)" + s }
	p.reject(code(strings.TrimPrefix(serials[0], `Q"&'`)), core.ErrWrongItem, "was not picked")
	p.scan(code(serials[0]))
	p.reject(code(serials[0]), core.ErrDuplicateSerial, serials[0])
	p.scan(code(serials[1]))
	var packed []string
	for _, it := range p.state().Boxes[0].Items {
		packed = append(packed, it.Serial)
	}
	if len(packed) != 2 || packed[0] != serials[0] || packed[1] != serials[1] {
		t.Fatalf("packed serials %q, picked %q", packed, serials)
	}
}
