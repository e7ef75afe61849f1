package torture_test

import (
	"strings"
	"testing"
)

// TestCheckerFindsPlantedBugs runs a seed without faults, then does to the
// hub's database what the bugs this loop hunts would do — loses a
// confirmed event, changes one, stores one twice, reuses an SSCC, lets a
// second terminal claim an order — and checks that the checker reports
// each: a checker that cannot fail proves nothing.
func TestCheckerFindsPlantedBugs(t *testing.T) {
	if usePostgres() {
		t.Skip("the bugs are planted in a SQLite hub")
	}
	tp, err := makeTemplate(t, t.TempDir(), ordersPerLocation)
	if err != nil {
		t.Fatal(err)
	}
	none := map[string]bool{}
	for _, k := range faultKinds {
		none[k] = true
	}
	planted := []string{}
	res := runSeedPlanted(t, tp, 424242, none, 30, func(w *world) {
		db, err := openSide(w.hub.dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s1, s2 := w.st[0].id, w.st[1].id
		plant := func(what, q string, args ...any) {
			r, err := db.Exec(q, args...)
			if err != nil {
				t.Fatalf("plant %s: %v", what, err)
			}
			if n, _ := r.RowsAffected(); n == 0 {
				t.Fatalf("plant %s: nothing to plant it in (the stations did too little work)", what)
			}
			planted = append(planted, what)
		}
		// The lost and the changed event are ones the stations confirmed.
		c1, c2 := w.confirmed(w.st[0]), w.confirmed(w.st[1])
		if len(c1) == 0 || len(c2) == 0 {
			t.Fatalf("the stations confirmed %d and %d events: too little work to plant bugs in", len(c1), len(c2))
		}
		plant("lost", `DELETE FROM events WHERE event_id = $1`, c1[len(c1)/2].ID)
		plant("changed", `UPDATE events SET payload = '{"planted":1}' WHERE event_id = $1`, c2[len(c2)/2].ID)
		plant("duplicate", `INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload, location, received_at)
			SELECT terminal_id, seq + 100000, event_id, type, order_id, staff_id, at, payload, location, received_at
			FROM events WHERE terminal_id = $1 AND seq = (SELECT MIN(seq) FROM events WHERE terminal_id = $1)`, s2)
		plant("sscc", `INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload, location, received_at)
			SELECT $2, 200000, 'planted-sscc', type, 'L1-999999', staff_id, at, payload, location, received_at
			FROM events WHERE type = 'pack.package_closed' AND rejected = 0 LIMIT 1`, s1, s2)
		plant("claim", `INSERT INTO events(terminal_id, seq, event_id, type, order_id, staff_id, at, payload, location, received_at)
			SELECT CASE WHEN terminal_id = $1 THEN $2 ELSE $1 END, 300000, 'planted-claim', type, order_id, staff_id, at, payload, location, received_at
			FROM events WHERE type = 'pick.claimed' AND rejected = 0 AND location = 'L1' LIMIT 1`, s1, s2)
	})
	found := map[string]bool{}
	for _, v := range res.violations {
		found[v.kind] = true
		t.Logf("found %s: %s", v.kind, v.text)
	}
	for _, kind := range planted {
		if !found[kind] {
			t.Errorf("the checker did not find the planted %q", kind)
		}
	}
	if len(planted) != 5 {
		t.Fatalf("planted only %s", strings.Join(planted, ", "))
	}
}
