package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

// column reads one column of a query on the store's file.
func column(t *testing.T, db *sqlite.DB, query string) []string {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestFullRePullReplacesTheCopyAtItsLastPage: a full re-pull stamps what it
// brings and its last page removes the rest: orders, staff, bins, products,
// stock, announced returns. What local work still needs stays, disarmed:
// an order in a tote is cancelled with a put-back, its picker keeps no PIN.
// Until the last page nothing goes; unsent events are never touched, and a
// refusal pulled again is not a second exception.
func TestFullRePullReplacesTheCopyAtItsLastPage(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	ret := func(rma string) core.Return {
		return core.Return{RMA: rma, OrderRef: "W2", Customer: core.Customer{Name: "Rita"}, CreatedAt: now(),
			Lines: []core.ReturnLine{{LineNo: 1, SKU: "SOCKS", Qty: 1, Reason: "other"}}}
	}
	refused := core.EventRejection{EventID: "ev-refused", Seq: 1, Reason: "other_location", Message: "Refused.", At: now()}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Cursor: "c2", Returns: []core.Return{ret("R1"), ret("R2")}, Rejections: []core.EventRejection{refused}}); err != nil {
		t.Fatal(err)
	}
	claim(t, db, pickerID, "W1") // W1 is in work here
	pending, _, _ := db.OutboxStats(ctx)

	if err := db.StartFullPull(ctx, "moved"); err != nil {
		t.Fatal(err)
	}
	if cur, _ := db.SyncCursor(ctx); cur != "" {
		t.Fatalf("a full re-pull starts from cursor %q", cur)
	}
	fx := fixture(t)
	page1 := core.ChangeSet{Cursor: "p1", Products: []core.Product{fx.Products[0], fx.Products[2], fx.Products[3]}, // MUG, HONEY, SOCKS
		Bins: []core.Bin{fx.Bins[2]}, Staff: []core.StaffRecord{fx.Staff[1]}}
	if err := db.ApplyChanges(ctx, page1); err != nil {
		t.Fatal(err)
	}
	if got := column(t, db, "SELECT external_id FROM orders"); len(got) != 4 {
		t.Fatalf("in the middle of the re-pull the station has orders %v: something went before the last page", got)
	}
	page2 := core.ChangeSet{Cursor: "p2", Stock: []core.StockRecord{fx.Stock[0]}, Orders: []core.Order{fx.Orders[1]},
		Returns: []core.Return{ret("R1")}, Rejections: []core.EventRejection{refused}}
	if err := db.ApplyFinalChanges(ctx, page2); err != nil {
		t.Fatal(err)
	}

	checks := []struct {
		query string
		want  []string
	}{
		{"SELECT external_id || ':' || status FROM orders ORDER BY external_id", []string{"W1:cancelled", "W2:open"}},
		{"SELECT code FROM bins ORDER BY code", []string{"A-02-1", "B-01-1"}},                // A-02-1: W1's pick task is there
		{"SELECT sku FROM products ORDER BY sku", []string{"BUDS", "HONEY", "MUG", "SOCKS"}}, // BUDS: on W1's lines
		{"SELECT b.code || '/' || p.sku FROM stock s JOIN bins b ON b.id = s.bin_id JOIN products p ON p.id = s.product_id", []string{"B-01-1/MUG"}},
		{"SELECT rma || ':' || status FROM returns ORDER BY rma", []string{"R1:expected", "R2:cancelled"}},
		{"SELECT name FROM staff WHERE active = 1 OR pin_hash <> '' OR badge IS NOT NULL", []string{"Quinn Picker"}},
		{"SELECT kind || ':' || order_ref FROM exceptions WHERE resolved_at IS NULL ORDER BY id", []string{"rejected_event:", "order_gone:W1"}},
	}
	for _, c := range checks {
		got := column(t, db, c.query)
		if len(got) != len(c.want) {
			t.Fatalf("%s: %v, want %v", c.query, got, c.want)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Fatalf("%s: %v, want %v", c.query, got, c.want)
			}
		}
	}
	if _, err := db.SignInPIN(ctx, pickerID, testPIN); err == nil {
		t.Fatal("staff of the old copy can still sign in")
	}
	if _, err := db.SignInPIN(ctx, picker2ID, testPIN); err != nil {
		t.Fatalf("staff of the new copy: %v", err)
	}
	if after, _, _ := db.OutboxStats(ctx); after < pending {
		t.Fatalf("unsent events went: %d before, %d after", pending, after)
	}
	if why, _ := db.FullPull(ctx); why != "" {
		t.Fatalf("the re-pull is still under way: %q", why)
	}
	// The next pull is an ordinary one: nothing goes.
	if err := db.ApplyFinalChanges(ctx, core.ChangeSet{Cursor: "p3"}); err != nil {
		t.Fatal(err)
	}
	if got := column(t, db, "SELECT external_id FROM orders"); len(got) != 2 {
		t.Fatalf("an ordinary pull removed orders: %v", got)
	}
}
