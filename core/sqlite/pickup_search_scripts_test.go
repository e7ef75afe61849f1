package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

// The issue's search rules: case and accents ignored both ways, two-letter
// name parts, Thai names (no spaces between words) by any part, phone
// numbers typed in any format.
func TestSearchPickupsIssue11Rules(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	mk := func(ref string, n int, name, phone string) core.Order {
		o := order(ref, core.FulfillStorePickup, n, line("MUG", 1))
		o.Customer = core.Customer{Name: name, Phone: phone}
		return o
	}
	orders := []core.Order{
		mk("A1", 11, "Aoife Ní Bhriain", "+353 87 123 4567"),
		mk("A2", 12, "José Núñez", "+34 612 34 56 78"),
		mk("A3", 13, "Aoife Ni Bhriain", "087 765 4321"),
		mk("A4", 14, "Li Na", "+86 138 0013 8000"),
		mk("A5", 15, "Ng Wei", "(555) 010-2000"),
		mk("T1", 16, "สมชายใจดี", "+66 81 234 5678"),
		mk("T2", 17, "นางสาวมาลีรักไทย", "081-999-8888"),
		mk("U1", 18, "Jürgen Müller", "+49 30 1234567"),
	}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: orders}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  []string // in any order
	}{
		{"Aoife Ni Bhriain", []string{"A1", "A3"}}, // accent typed without
		{"Aoife Ní Bhriain", []string{"A1", "A3"}}, // and with: both ways
		{"aoife ní", []string{"A1", "A3"}},         // a two-letter part with an accent
		{"NI BHRIAIN", []string{"A1", "A3"}},
		{"nunez", []string{"A2"}},
		{"NÚÑEZ", []string{"A2"}},
		{"Jose Nunez", []string{"A2"}},
		{"muller", []string{"U1"}},
		{"Li", []string{"A4", "P1"}}, // a two-letter name alone; and Bo Lima, collecting P1: a word starting with it
		{"li na", []string{"A4"}},    // two two-letter parts
		{"Ng", []string{"A5"}},
		{"ng wei", []string{"A5"}},
		{"สมชาย", []string{"T1"}}, // the given name of a name written without spaces
		{"ใจดี", []string{"T1"}},  // the family name
		{"ดี", []string{"T1"}},    // two characters of it
		{"มาลี", []string{"T2"}},  // a part in the middle
		{"รักไทย", []string{"T2"}},
		{"87 123 4567", []string{"A1"}},      // phone: groups as spoken
		{"0871234567", []string{"A1"}},       // national format of +353 87…
		{"+353871234567", []string{"A1"}},    // international, no spaces
		{"00353 87 1234567", []string{"A1"}}, // international with 00
		{"555.010.2000", []string{"A5"}},     // dots
		{"555/010 2000", []string{"A5"}},     // a slash
		{"081 234 5678", []string{"T1"}},     // Thai mobile, national
		{"030 1234567", []string{"U1"}},      // German, national
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
		slices.Sort(refs)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(refs, want) {
			t.Errorf("search %q: %v, want %v", tc.query, refs, want)
		}
	}
}

// A name or phone search looks at the recent orders first and at the whole
// history only when they have no match: its cost stays flat as the store
// grows.
func TestSearchPickupsRecentWindow(t *testing.T) {
	db := mustOpenPickup(t)
	ctx := context.Background()
	mk := func(ref string, n int, name, phone string) core.Order {
		o := order(ref, core.FulfillStorePickup, n, line("MUG", 1))
		o.Customer = core.Customer{Name: name, Phone: phone}
		return o
	}
	old := []core.Order{mk("OLD1", 21, "Rosa Oldham", "+44 7700 900111"), mk("OLD2", 22, "Quentin Vale", "+44 7700 900222")}
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: old}); err != nil {
		t.Fatal(err)
	}
	var recent []core.Order
	for i := range 10 {
		recent = append(recent, mk(fmt.Sprintf("NEW%d", i), 30+i, fmt.Sprintf("Person %c", 'A'+i), "+44 7700 90050"+fmt.Sprint(i)))
	}
	recent = append(recent, mk("NEWROSA", 45, "Rosa Newman", "+44 7700 900333"))
	if err := db.ApplyChanges(ctx, core.ChangeSet{Orders: recent}); err != nil {
		t.Fatal(err)
	}
	sqlite.SetSearchWindow(db, 8) // the last 8 order ids: NEWROSA and some of NEW*
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"Rosa", []string{"NEWROSA"}}, // a recent match: the old one is not looked for
		{"Oldham", []string{"OLD1"}},  // no recent match: the whole history
		{"Quentin Vale", []string{"OLD2"}},
		{"900222", []string{"OLD2"}}, // phone, the same
		{"900333", []string{"NEWROSA"}},
	} {
		got, err := db.SearchPickups(ctx, tc.query)
		if err != nil {
			t.Fatalf("search %q: %v", tc.query, err)
		}
		var refs []string
		for _, e := range got {
			refs = append(refs, e.Ref)
		}
		if !slices.Equal(refs, tc.want) {
			t.Errorf("search %q: %v, want %v", tc.query, refs, tc.want)
		}
	}
}
