package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/wire"
)

const (
	userName = "sofia"
	password = "correct horse battery"
)

// fixture is a hub with two locations: the console user sees L1 only.
// At L1 "Pick 2" holds order L1-000005 claimed after picking a unit; four
// orders shipped over the last days (one with a short pick); L1-000004,
// packed without a carrier label (a label request waits), had its address
// changed since (a relabel waits). At L2 a
// station holds L2-000001, which the user must not see.
type fixture struct {
	db      *store.DB
	srv     *httptest.Server
	claimed string // the L1 order held by Pick 2
	hidden  string // the L2 order the user must not see
	relabel string // the L1 order packed before its address changed
	picker  core.Terminal
}

func newFixture(t *testing.T, b hubtest.Backend) *fixture {
	t.Helper()
	ctx := context.Background()
	db := b.Open(t)
	hubtest.Seed(t, db, "L1", 0)
	hubtest.Seed(t, db, "L2", 0)
	now := time.Now().UTC()
	var orders []wire.IngestOrder
	for n := range 6 {
		o := hubtest.Order("L1", n)
		o.CreatedAt = now.Add(-time.Duration(n)*24*time.Hour - 6*time.Hour)
		o.PromisedAt = o.CreatedAt.Add(24 * time.Hour)
		orders = append(orders, o)
	}
	orders = append(orders, hubtest.Order("L2", 1))
	if _, err := db.ImportOrders(ctx, orders); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, claimed: hubtest.Order("L1", 5).ExternalID, hidden: hubtest.Order("L2", 1).ExternalID,
		relabel: hubtest.Order("L1", 4).ExternalID}
	enroll := func(loc, name string) core.Terminal {
		term, _, err := db.Enroll(ctx, loc, name)
		if err != nil {
			t.Fatal(err)
		}
		return term
	}
	bench := enroll("L1", "Pack bench 1")
	f.picker = enroll("L1", "Pick 2")
	other := enroll("L2", "L2 station")
	enroll("L1", "Spare") // never synced: offline

	var evs []core.Event
	add := func(typ, ref string, at time.Time, payload any) {
		p, _ := json.Marshal(payload)
		evs = append(evs, core.Event{Seq: int64(len(evs) + 1), ID: uuid.NewString(), Type: typ, OrderID: ref, StaffID: 1, At: at, Payload: p})
	}
	for n := range 4 { // orders 0–3 shipped n days ago, 2 h after being picked
		ref := hubtest.Order("L1", n).ExternalID
		shipped := now.Add(-time.Duration(n) * 24 * time.Hour).Add(-time.Hour)
		add(core.EventPickClaimed, ref, shipped.Add(-2*time.Hour), map[string]any{})
		add(core.EventPickItemPicked, ref, shipped.Add(-2*time.Hour+time.Minute), map[string]any{"sku": "SKU-001", "bin": "A01-01-1", "qty": 3})
		if n == 1 {
			add(core.EventPickShort, ref, shipped.Add(-2*time.Hour+2*time.Minute), map[string]any{"sku": "SKU-002", "qty": 1})
		}
		add(core.EventOrderPicked, ref, shipped.Add(-90*time.Minute), map[string]any{})
		add(core.EventOrderPacked, ref, shipped.Add(-30*time.Minute), map[string]any{})
		add(core.EventOrderShipped, ref, shipped, map[string]any{})
	}
	packed := now.Add(-2 * time.Hour) // order 4: packed, not shipped yet
	add(core.EventPickClaimed, f.relabel, packed.Add(-time.Hour), map[string]any{})
	add(core.EventPickItemPicked, f.relabel, packed.Add(-59*time.Minute), map[string]any{"sku": "SKU-001", "bin": "A01-01-1", "qty": 1})
	add(core.EventOrderPicked, f.relabel, packed.Add(-50*time.Minute), map[string]any{})
	// Closed without a carrier label: a label request waits for the order system.
	add(core.EventPackPackageClosed, f.relabel, packed.Add(-time.Minute), map[string]any{"package": 1, "packages": 1,
		"sscc": "006141410000000011", "carton": "M", "weight_g": 1234, "carton_mm": []int{300, 200, 150}})
	add(core.EventOrderPacked, f.relabel, packed, map[string]any{})
	push := func(term core.Terminal, evs []core.Event) {
		t.Helper()
		res, err := db.Push(ctx, term, evs)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rejections) > 0 {
			t.Fatalf("fixture events refused: %+v", res.Rejections)
		}
	}
	push(bench, evs)
	push(f.picker, []core.Event{
		{Seq: 1, ID: uuid.NewString(), Type: core.EventPickClaimed, OrderID: f.claimed, StaffID: 1, At: now.Add(-10 * time.Minute), Payload: json.RawMessage(`{}`)},
		{Seq: 2, ID: uuid.NewString(), Type: core.EventPickItemPicked, OrderID: f.claimed, StaffID: 1, At: now.Add(-9 * time.Minute),
			Payload: json.RawMessage(`{"sku":"SKU-006","bin":"A06-01-1","qty":1}`)},
	})
	moved := orders[4] // the customer moved after the package was labelled
	moved.ShipTo.Line1 = "12 Other Street"
	if _, err := db.ImportOrders(ctx, []wire.IngestOrder{moved}); err != nil {
		t.Fatal(err)
	}
	push(other, []core.Event{{Seq: 1, ID: uuid.NewString(), Type: core.EventPickClaimed, OrderID: f.hidden, StaffID: 3, At: now, Payload: json.RawMessage(`{}`)}})
	// What the stations said with their pushes: version and events waiting.
	for _, r := range []struct {
		term    core.Terminal
		version string
		waiting int64
	}{{bench, "1.4.0", 0}, {f.picker, "1.3.2", 3}} {
		if err := db.SetTerminalVersion(ctx, r.term.ID, r.version); err != nil {
			t.Fatal(err)
		}
		if err := db.SetTerminalOutbox(ctx, r.term.ID, r.waiting); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AddHubUser(ctx, userName, store.RoleSupervisor, password, []string{"L1"}); err != nil {
		t.Fatal(err)
	}
	// The console puts the hub's public address in the enrolment codes it
	// makes; here that is the test server's own.
	api := hub.NewServer(db, nil)
	f.srv = httptest.NewUnstartedServer(api)
	api.SetPublicURL("http://"+f.srv.Listener.Addr().String(), "")
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) url(path string) string { return fmt.Sprintf("%s%s", f.srv.URL, path) }
