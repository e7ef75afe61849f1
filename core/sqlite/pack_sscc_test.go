package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/core/sscc"
)

// packAll packs every fixture order the pack station takes (W1, W2, W4),
// W2 in two packages, and returns the SSCCs it issued.
func packAll(t *testing.T, db *sqlite.DB, refs ...string) []string {
	t.Helper()
	var out []string
	for _, ref := range refs {
		pickOrders(t, db, ref)
		p := openPack(t, db, ref)
		st := p.state()
		if ref == "W2" {
			p.plan(2)
		}
		for _, l := range st.Lines {
			for n := 0; n < l.Picked; n++ {
				code := l.GTIN
				if l.CaptureSerial {
					code = "(01)0" + l.GTIN + "(21)" + l.Serials[n]
				}
				p.scan(code)
				if res := p.state(); ref == "W2" && res.Closed() == 0 && res.Open().Units() == 1 {
					out = append(out, p.close("S", 700).Labels[0].SSCC)
				}
			}
		}
		out = append(out, p.close("M", 1500).Labels[0].SSCC)
	}
	return out
}

func TestSSCCUniqueAcrossTerminalsAndRestarts(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	open := func(name string, terminal int) *sqlite.DB {
		db := mustOpenPath(t, filepath.Join(dir, name))
		if err := db.ApplyChanges(ctx, fixture(t)); err != nil {
			t.Fatal(err)
		}
		packSetup(t, db, terminal)
		weightCheckOff(t, db)
		return db
	}
	// Two terminals with the same company prefix, offline from each other.
	a, b := open("a.db", 1), open("b.db", 2)
	fromA := packAll(t, a, "W1", "W2")
	fromB := packAll(t, b, "W1", "W2", "W4")

	// Terminal A restarts and goes on numbering where it stopped.
	path := a.Path()
	a.Close()
	a = mustOpenPath(t, path)
	weightCheckOff(t, a)
	fromA = append(fromA, packAll(t, a, "W4")...)

	rangeA, _ := sscc.ForTerminal("0614141", 0, 1)
	rangeB, _ := sscc.ForTerminal("0614141", 0, 2)
	seen := map[string]string{}
	for who, codes := range map[string][]string{"A": fromA, "B": fromB} {
		if len(codes) != 4 {
			t.Fatalf("terminal %s issued %d SSCCs, want 4: %v", who, len(codes), codes)
		}
		r := rangeA
		if who == "B" {
			r = rangeB
		}
		for i, c := range codes {
			if !sscc.Valid(c) {
				t.Fatalf("%s: bad check digit", c)
			}
			if prev, dup := seen[c]; dup {
				t.Fatalf("SSCC %s issued twice (terminals %s and %s)", c, prev, who)
			}
			seen[c] = who
			// Consecutive from the start of the terminal's own block.
			want, _ := r.SSCC(r.First + int64(i))
			if c != want {
				t.Fatalf("terminal %s SSCC %d: %s, want %s", who, i, c, want)
			}
		}
	}
}

func TestSSCCRangeRules(t *testing.T) {
	db := mustOpen(t)
	weightCheckOff(t, db)
	ctx := context.Background()
	pickOrders(t, db, "W1", "W2", "W4")

	// No range yet: the package stays open, nothing is written.
	p := openPack(t, db, "W4")
	p.scan(gtinSocks)
	p.scan(gtinMug)
	before := packRows(t, db)
	if _, err := db.PackClose(ctx, "W4", "S", 500); !errors.Is(err, core.ErrSSCCNotSet) {
		t.Fatalf("close without a range: %v", err)
	}
	if after := packRows(t, db); after != before || p.state().Open() == nil {
		t.Fatalf("refused close wrote: %s -> %s", before, after)
	}

	// A range of one SSCC: the second close finds it used up.
	one := sscc.Range{CompanyPrefix: "0614141", Extension: 0, First: 5, Last: 5}
	if err := db.SetSSCCRange(ctx, one); err != nil {
		t.Fatal(err)
	}
	if res := p.close("S", 500); res.Labels[0].SSCC != mustSSCC(t, one, 5) {
		t.Fatalf("first SSCC %s", res.Labels[0].SSCC)
	}
	q := openPack(t, db, "W1")
	q.scan(gtinMug)
	q.scan(gtinMug)
	q.scan("(01)0" + gtinBuds + "(21)" + q.serialOf("BUDS"))
	if _, err := db.PackClose(ctx, "W1", "S", 900); !errors.Is(err, core.ErrSSCCRangeUsed) {
		t.Fatalf("close with the range used up: %v", err)
	}
	// Setting the same range again does not start over; a wider one
	// continues after the SSCCs already issued.
	if err := db.SetSSCCRange(ctx, one); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PackClose(ctx, "W1", "S", 900); !errors.Is(err, core.ErrSSCCRangeUsed) {
		t.Fatalf("same range set again: %v", err)
	}
	wider := sscc.Range{CompanyPrefix: "0614141", First: 0, Last: 99}
	if err := db.SetSSCCRange(ctx, wider); err != nil {
		t.Fatal(err)
	}
	if res := q.close("S", 900); res.Labels[0].SSCC != mustSSCC(t, wider, 6) {
		t.Fatalf("SSCC from the wider range: %s", res.Labels[0].SSCC)
	}
	// A range that starts over below: SSCCs issued before are skipped.
	low := sscc.Range{CompanyPrefix: "0614141", First: 4, Last: 6}
	if err := db.SetSSCCRange(ctx, low); err != nil {
		t.Fatal(err)
	}
	w := openPack(t, db, "W2")
	w.plan(2)
	w.scan(gtinHoney)
	if res := w.close("S", 600); res.Labels[0].SSCC != mustSSCC(t, low, 4) {
		t.Fatalf("SSCC from the low range: %s", res.Labels[0].SSCC)
	}
	w.scan(gtinSocks)
	w.scan("3")
	if _, err := db.PackClose(ctx, "W2", "S", 600); !errors.Is(err, core.ErrSSCCRangeUsed) {
		t.Fatalf("5 and 6 were issued already: %v", err)
	}
	r, next, ok, err := db.SSCCRange(ctx)
	if err != nil || !ok || r != low || next != 5 {
		t.Fatalf("range %+v next %d ok %v err %v", r, next, ok, err)
	}
	if err := db.SetSSCCRange(ctx, sscc.Range{CompanyPrefix: "12", Last: 5}); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("invalid range accepted: %v", err)
	}
}

func mustSSCC(t *testing.T, r sscc.Range, n int64) string {
	t.Helper()
	s, err := r.SSCC(n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
