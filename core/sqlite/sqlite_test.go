package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// The test store: three products, four bins along the walk, two staff.
const (
	gtinMug    = "5012345000015" // plain item
	gtinBuds   = "5012345000022" // serialised
	gtinHoney  = "5012345000039" // lot and expiry
	gtinSocks  = "5012345000046" // in two bins
	pickerID   = 1
	picker2ID  = 2
	testPIN    = "1234"
	testBadge  = "B77"
	storePath  = "store.db"
	fixedClock = "2026-11-23T10:00:00Z"
)

func now() time.Time {
	t, _ := time.Parse(time.RFC3339, fixedClock)
	return t
}

// mustOpen opens a store in a temp dir with the test fixture applied.
func mustOpen(t testing.TB) *sqlite.DB {
	t.Helper()
	db := mustOpenPath(t, filepath.Join(t.TempDir(), storePath))
	if err := db.ApplyChanges(context.Background(), fixture(t)); err != nil {
		t.Fatal(err)
	}
	return db
}

func mustOpenPath(t testing.TB, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = now
	t.Cleanup(func() {
		db.Close()
		recordOutbox(path) // payload_contract_test.go
	})
	return db
}

var pinHash string

func fixture(t testing.TB) core.ChangeSet {
	t.Helper()
	if pinHash == "" {
		h, err := core.HashPINCost(testPIN, 4)
		if err != nil {
			t.Fatal(err)
		}
		pinHash = h
	}
	return core.ChangeSet{
		Cursor: "c1",
		Products: []core.Product{
			{SKU: "MUG", Name: "Blue Mug", Codes: []string{"0" + gtinMug}, WeightG: 300},
			{SKU: "BUDS", Name: "Earbuds", Codes: []string{"0" + gtinBuds}, WeightG: 80, CaptureSerial: true},
			{SKU: "HONEY", Name: "Honey Jar", Codes: []string{"0" + gtinHoney}, WeightG: 450, CaptureLot: true, CaptureExpiry: true},
			{SKU: "SOCKS", Name: "Wool Socks", Codes: []string{"0" + gtinSocks}, WeightG: 120},
		},
		Bins: []core.Bin{
			{Code: "A-01-1", Aisle: "A", WalkSeq: 10},
			{Code: "A-02-1", Aisle: "A", WalkSeq: 20},
			{Code: "B-01-1", Aisle: "B", WalkSeq: 30},
			{Code: "C-09-2", Aisle: "C", WalkSeq: 40},
		},
		Stock: []core.StockRecord{
			{BinCode: "B-01-1", SKU: "MUG", Qty: 10},
			{BinCode: "A-02-1", SKU: "BUDS", Qty: 5},
			{BinCode: "A-01-1", SKU: "HONEY", Qty: 8},
			{BinCode: "A-01-1", SKU: "SOCKS", Qty: 1},
			{BinCode: "C-09-2", SKU: "SOCKS", Qty: 9},
		},
		Staff: []core.StaffRecord{
			{Staff: core.Staff{ID: pickerID, Name: "Pia Picker", Badge: testBadge, Roles: []core.Role{core.RolePicker}}, PINHash: pinHash, Active: true},
			{Staff: core.Staff{ID: picker2ID, Name: "Quinn Picker", Roles: []core.Role{core.RolePicker}}, PINHash: pinHash, Active: true},
		},
		Orders: []core.Order{
			order("W1", core.FulfillShip, 1, line("MUG", 2), line("BUDS", 1)),
			order("W2", core.FulfillShip, 2, line("HONEY", 1), line("SOCKS", 3)),
			order("W3", core.FulfillStorePickup, 3, line("MUG", 1)),
			order("W4", core.FulfillShipFromStore, 4, line("SOCKS", 1), line("MUG", 1)),
		},
	}
}

func order(ref string, f core.Fulfillment, hours int, lines ...core.OrderLine) core.Order {
	return core.Order{
		ExternalID: ref, Fulfillment: f, Status: core.OrderOpen, Channel: "web",
		Customer:   core.Customer{Name: "Émilie Dubois"},
		ShipTo:     core.Address{Name: "Émilie Dubois", Line1: "12 rue de la Paix", City: "Paris", PostalCode: "75002", Country: "FR"},
		PromisedAt: now().Add(time.Duration(hours) * time.Hour),
		Lines:      lines,
	}
}

func line(sku string, qty int) core.OrderLine { return core.OrderLine{SKU: sku, Qty: qty} }

// mustParse parses a scan the way the terminal does.
func mustParse(t testing.TB, s string) scan.Code {
	t.Helper()
	c, err := scan.Parse(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return c
}

func eventTypes(t testing.TB, db *sqlite.DB) []string {
	t.Helper()
	evs, err := db.Events(context.Background(), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range evs {
		types = append(types, e.Type)
	}
	return types
}

func countEvents(t testing.TB, db *sqlite.DB) int {
	t.Helper()
	return len(eventTypes(t, db))
}

func TestOpenCreatesCurrentSchema(t *testing.T) {
	db := mustOpenPath(t, filepath.Join(t.TempDir(), "new.db"))
	v, err := db.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v != sqlite.SchemaVersion() || v < 2 {
		t.Fatalf("schema version %d, want %d", v, sqlite.SchemaVersion())
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	db := mustOpenPath(t, path)
	if err := db.ApplyChanges(context.Background(), fixture(t)); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.SetUserVersion(db, sqlite.SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()

	_, err := sqlite.Open(context.Background(), path)
	if !errors.Is(err, core.ErrSchemaTooNew) {
		t.Fatalf("open newer schema: got %v, want ErrSchemaTooNew", err)
	}
	if msg := core.ErrorMessage(err); msg == "" || msg == core.ErrorMessage(errors.New("x")) {
		t.Fatalf("message for a person is missing: %q", msg)
	}
	// Untouched: the version and the data are what they were.
	v, n := sqlite.PeekVersionAndOrders(t, path)
	if v != sqlite.SchemaVersion()+1 || n != 4 {
		t.Fatalf("after refusal: version %d, %d orders; want %d, 4", v, n, sqlite.SchemaVersion()+1)
	}
}

func TestUpgradeFromFirstSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sqlite.OpenAtVersion(context.Background(), path, 1)
	if err != nil {
		t.Fatal(err)
	}
	// What the first release wrote, in the first schema's own columns.
	if err := sqlite.ExecRaw(old, `
		INSERT INTO products(id, sku, name) VALUES (1, 'MUG', 'Blue Mug'), (2, 'BUDS', 'Earbuds');
		INSERT INTO product_codes(code, product_id) VALUES ('0`+gtinMug+`', 1), ('0`+gtinBuds+`', 2);
		INSERT INTO bins(id, code, walk_seq) VALUES (1, 'A-02-1', 20), (2, 'B-01-1', 30);
		INSERT INTO stock(bin_id, product_id, qty) VALUES (2, 1, 10), (1, 2, 5);
		INSERT INTO staff(id, name, pin_hash, roles) VALUES (1, 'Pia Picker', 'x', 'picker');
		INSERT INTO orders(id, external_id, fulfillment, status) VALUES (1, 'W1', 'ship', 'open');
		INSERT INTO order_lines(order_id, line_no, product_id, qty) VALUES (1, 1, 1, 2), (1, 2, 2, 1);`); err != nil {
		t.Fatal(err)
	}
	if v, _ := old.Version(context.Background()); v != 1 {
		t.Fatalf("old store at version %d, want 1", v)
	}
	old.Close()

	db := mustOpenPath(t, path)
	if v, _ := db.Version(context.Background()); v != sqlite.SchemaVersion() {
		t.Fatalf("upgraded to %d, want %d", v, sqlite.SchemaVersion())
	}
	// Data made under the first schema is still there and usable.
	id, err := db.ClaimOrders(context.Background(), pickerID, "W1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Batch(context.Background(), id)
	if err != nil || len(b.Tasks) != 2 {
		t.Fatalf("batch after upgrade: %v tasks, err %v", b, err)
	}
	if err := db.MarkLabelPrinted(context.Background(), "W1"); err != nil {
		t.Fatalf("the second schema's column: %v", err)
	}
}

func TestSignIn(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	s, err := db.SignInPIN(ctx, pickerID, testPIN)
	if err != nil || s.Name != "Pia Picker" || !s.Can(core.RolePicker) {
		t.Fatalf("sign in with PIN: %+v, %v", s, err)
	}
	if _, err := db.SignInPIN(ctx, pickerID, "9999"); !errors.Is(err, core.ErrBadCredentials) {
		t.Fatalf("wrong PIN: %v", err)
	}
	s, err = db.SignInBadge(ctx, "b77")
	if err != nil || s.ID != pickerID {
		t.Fatalf("badge: %+v, %v", s, err)
	}
	if _, err := db.SignInBadge(ctx, "NOPE"); !errors.Is(err, core.ErrBadCredentials) {
		t.Fatalf("unknown badge: %v", err)
	}
	if got := eventTypes(t, db); len(got) != 2 || got[0] != core.EventStaffSignedIn {
		t.Fatalf("sign-in events: %v", got)
	}
}

// Migrations are numbered in ranges per workflow: one written later with a
// lower number than the store's newest must still be applied.
func TestMigrationAddedBelowTheNewestIsApplied(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gap.db")
	old, err := sqlite.OpenWithout(context.Background(), path, 32)
	if err != nil {
		t.Fatal(err)
	}
	if sqlite.HasObject(t, old, "table", "pickup_rank") {
		t.Fatal("the skipped migration ran")
	}
	old.Close()
	db := mustOpenPath(t, path)
	if !sqlite.HasObject(t, db, "table", "pickup_rank") {
		t.Fatal("migration 0032 was not applied to a store that had 0040")
	}
}

func TestStoreFromBeforeMigrationBookkeeping(t *testing.T) {
	path := filepath.Join(t.TempDir(), "legacy.db")
	old, err := sqlite.OpenAtVersion(context.Background(), path, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.ExecRaw(old, "DROP TABLE schema_migrations"); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db := mustOpenPath(t, path) // must not re-run 0001 on its existing tables
	if v, _ := db.Version(context.Background()); v != sqlite.SchemaVersion() {
		t.Fatalf("version %d after upgrade", v)
	}
	if !sqlite.HasObject(t, db, "table", "pickup_rank") {
		t.Fatal("the later migrations were not applied")
	}
}

func TestOpenRefusesUnknownMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unknown.db")
	db := mustOpenPath(t, path)
	if err := sqlite.ExecRaw(db, "INSERT INTO schema_migrations(version, applied_at) VALUES (35, 0)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := sqlite.Open(context.Background(), path); !errors.Is(err, core.ErrSchemaTooNew) {
		t.Fatalf("a store with a migration this binary does not know: %v", err)
	}
}
