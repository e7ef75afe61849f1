package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
)

func TestSearchPickups(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	p3 := order("P3", core.FulfillStorePickup, 7, line("MUG", 1))
	p3.Customer = core.Customer{Name: "王小明", Phone: "+86 10 1234 5678"}
	p3.PickupCode = "777001"
	p4 := order("P4", core.FulfillStorePickup, 8, line("MUG", 1))
	p4.Customer = core.Customer{Name: `Ann "100%" O'Brien_Smith`, Phone: "555-0100"}
	ship := order("S1", core.FulfillShip, 9, line("MUG", 1))
	ship.Customer = core.Customer{Name: "Émilie Dubois", Phone: "+33 1 23 45 67 89"}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{p3, p4, ship}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"P1", []string{"P1"}},                  // order number
		{"p2", []string{"P2"}},                  // typed in lower case
		{"dubois", []string{"P1", "W3"}},        // a ship order of the same name is not a pickup
		{"emilie", []string{"P1", "W3"}},        // accents ignored
		{"ÉMIL dub", []string{"P1", "W3"}},      // parts of two names, any case
		{"Dubois Émilie", []string{"P1", "W3"}}, // either order
		{"bo lima", []string{"P1"}},             // the alternate pickup person ("bo": too short for the index)
		{"иван", []string{"P2"}},                // Cyrillic
		{"小明", []string{"P3"}},                  // two CJK characters
		{"王小明", []string{"P3"}},
		{"6789", []string{"P1"}},             // the end of a phone number
		{"4567", []string{"P3", "P2", "P1"}}, // in all three; the latest promise first
		{"+33 1 23", []string{"P1"}},         // the start, as written
		{"777001", []string{"P3"}},           // a pickup code typed into search
		{`"100%"`, []string{"P4"}},           // quotes and % are literal, not syntax
		{"o'brien_s", []string{"P4"}},        // apostrophe and underscore too
		{"dub AND NOT x", nil},               // FTS operators are just words
		{"zzzz", nil},
	} {
		got, err := db.SearchPickups(ctx, tc.query)
		if err != nil {
			t.Errorf("search %q: %v", tc.query, err)
			continue
		}
		var refs []string
		for _, e := range got {
			refs = append(refs, e.Ref)
		}
		if len(refs) != len(tc.want) {
			t.Errorf("search %q: %v, want %v", tc.query, refs, tc.want)
			continue
		}
		for i := range refs {
			if refs[i] != tc.want[i] {
				t.Errorf("search %q: %v, want %v", tc.query, refs, tc.want)
			}
		}
	}
	for _, q := range []string{"", "  ", "12"} {
		if _, err := db.SearchPickups(ctx, q); core.ErrorCode(err) != core.EINVALID {
			t.Errorf("search %q: %v, want EINVALID", q, err)
		}
	}
	// The index follows changes from the hub: a new name is found, the old
	// one no longer.
	p2 := order("P2", core.FulfillStorePickup, 6, line("MUG", 1))
	p2.Customer, p2.PickupCode = core.Customer{Name: "Zofia Nowak"}, codeP2
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: []core.Order{p2}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SearchPickups(ctx, "nowak"); len(got) != 1 || got[0].Ref != "P2" {
		t.Fatalf("after rename: %+v", got)
	}
	if got, _ := db.SearchPickups(ctx, "иван"); len(got) != 0 {
		t.Fatalf("old name still found: %+v", got)
	}
	if _, err := db.PickupsByCode(ctx, " "); !errors.Is(err, &core.Error{Code: core.EINVALID, Reason: "empty_code"}) {
		t.Fatalf("empty code: %v", err)
	}
	if got, _ := db.PickupsByCode(ctx, codeP2); len(got) != 1 || got[0].Customer != "Zofia Nowak" {
		t.Fatalf("by code: %+v", got)
	}
	// Ranking follows the orders' progress: ready first, collected last.
	refsOf := func(q string) string {
		got, err := db.SearchPickups(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, e := range got {
			refs = append(refs, e.Ref)
		}
		return strings.Join(refs, " ")
	}
	if got := refsOf("4567"); got != "P3 P1" {
		t.Fatalf("before staging: %s", got)
	}
	pickAndStage(t, db, "P1", "HOLD-01")
	if got := refsOf("4567"); got != "P1 P3" {
		t.Fatalf("staged P1 is not first: %s", got)
	}
	c := counter{t, db, "P1"}
	c.ok(c.code(codeP1))
	c.ok(c.bag(1))
	c.ok(c.complete())
	if got := refsOf("4567"); got != "P3 P1" {
		t.Fatalf("collected P1 is not last: %s", got)
	}
}
