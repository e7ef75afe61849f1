package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
)

// packOne packs every picked unit of ref into one package and closes it,
// returning the SSCC its label carries.
func packOne(t *testing.T, p packer) string {
	t.Helper()
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
		t.Fatalf("%s: labels to print %+v", p.ref, res.Labels)
	}
	return res.Labels[0].SSCC
}

// TestRestoredStoreNeverReprintsAnSSCC: the station's database file is put
// back to a copy taken before a package was closed, whose label is on a
// parcel. The station opens it and closes another package before it could
// ask the hub which SSCCs it holds (offline, or the packer was quicker
// than the first sync). The new label must not carry the parcel's SSCC.
// Before, the restored counter handed it out again (torture seed 5023).
func TestRestoredStoreNeverReprintsAnSSCC(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	path := db.Path()
	packSetup(t, db, 1)
	weightCheckOff(t, db)
	pickOrders(t, db, "W1", "W4")

	backup := path + ".backup"
	side, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := side.ExecContext(ctx, "VACUUM INTO '"+strings.ReplaceAll(backup, "'", "''")+"'"); err != nil {
		t.Fatal(err)
	}
	side.Close()

	printed := packOne(t, openPack(t, db, "W1"))
	db.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if err := os.Rename(backup, path); err != nil {
		t.Fatal(err)
	}

	db = mustOpenPath(t, path)
	if again := packOne(t, openPack(t, db, "W4")); again == printed {
		t.Fatalf("the restored station printed SSCC %s again, already on a parcel", printed)
	}
}
