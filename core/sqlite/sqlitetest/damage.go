package sqlitetest

import (
	"database/sql"
	"os"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver, to find the page
)

// FlipTablePage inverts 32 bytes of the page header and cell pointers of a
// table's root page in the (closed) database file at path, as a failing
// disk or a torn write would leave them.
func FlipTablePage(tb testing.TB, path, table string) {
	tb.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	var root, pageSize int64
	err = raw.QueryRow("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&root)
	if err == nil {
		err = raw.QueryRow("PRAGMA page_size").Scan(&pageSize)
	}
	raw.Close()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 32)
	off := (root-1)*pageSize + 8
	if _, err := f.ReadAt(buf, off); err != nil {
		tb.Fatal(err)
	}
	for i := range buf {
		buf[i] ^= 0xff
	}
	if _, err := f.WriteAt(buf, off); err != nil {
		tb.Fatal(err)
	}
}
