package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stationhand/stationhand/core/sscc"
)

// The label of a closed package prints from the PackResult that PackClose
// returns; by then the SSCC and the advanced counter must be committed (and,
// with synchronous FULL on every connection, on disk: see
// TestEveryPooledConnectionCommitsDurably). Another connection to the file,
// opened apart from the store's pool as a restarted station would, sees
// both at the moment the print job would be queued.
func TestSSCCCommittedBeforeTheLabelIsQueued(t *testing.T) {
	db := mustOpen(t)
	packSetup(t, db, 1)
	weightCheckOff(t, db)
	r, err := sscc.ForTerminal("0614141", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	var printed []string
	for _, ref := range []string{"W1", "W4"} {
		pickOrders(t, db, ref)
		p := openPack(t, db, ref)
		for _, l := range p.state().Lines {
			for n := 0; n < l.Picked; n++ {
				code := l.GTIN
				if l.CaptureSerial {
					code = "(01)0" + l.GTIN + "(21)" + l.Serials[n]
				}
				p.scan(code)
			}
		}
		res := p.close("M", 1200)
		if len(res.Labels) != 1 || res.Labels[0].SSCC == "" {
			t.Fatalf("%s: labels to print %+v", ref, res.Labels)
		}
		label := res.Labels[0].SSCC // what the print job is made from

		other, err := sql.Open("sqlite", "file:"+db.Path())
		if err != nil {
			t.Fatal(err)
		}
		var closed int
		var next int64
		if err := other.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM packages WHERE sscc = ? AND status = 'closed'", label).Scan(&closed); err != nil {
			t.Fatal(err)
		}
		if err := other.QueryRowContext(context.Background(), "SELECT next FROM sscc_range WHERE id = 1").Scan(&next); err != nil {
			t.Fatal(err)
		}
		other.Close()
		if closed != 1 {
			t.Fatalf("%s: SSCC %s on the label is not committed as a closed package", ref, label)
		}
		last, err := r.SSCC(next - 1)
		if err != nil {
			t.Fatal(err)
		}
		if last != label {
			t.Fatalf("%s: the committed counter's last SSCC is %s, the label says %s", ref, last, label)
		}
		for _, p := range printed {
			if p == label {
				t.Fatalf("SSCC %s printed twice", label)
			}
		}
		printed = append(printed, label)
	}
}
